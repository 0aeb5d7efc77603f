import LectorKit

/// What `normalize` changed in a document.
public struct NormalizationReport: AnnotationValue, Equatable {
    /// Whether composing to the Unicode normal form changed the text.
    public var recomposed = false
    /// CRLF, CR, NEL, and Unicode line and paragraph separators turned into LF.
    public var lineEndings = 0
    /// Zero-width spaces, word joiners, byte-order marks and soft hyphens removed.
    public var zeroWidth = 0
    /// Bidirectional control characters removed.
    public var bidiControls = 0
    /// Arabic tatweel (kashida) removed.
    public var tatweel = 0

    public init() {}

    public var changed: Bool { recomposed || lineEndings + zeroWidth + bidiControls + tatweel > 0 }

    public var jsonValue: JSONValue {
        [
            "changed": .bool(changed), "recomposed": .bool(recomposed), "line_endings": .int(lineEndings),
            "zero_width": .int(zeroWidth), "bidi_controls": .int(bidiControls), "tatweel": .int(tatweel),
        ]
    }

    public init(jsonValue: JSONValue) throws {
        guard case .object = jsonValue else {
            throw AnnotationDecodingError(annotation: NormalizationReportKey.name, reason: "expected an object")
        }
        recomposed = jsonValue["recomposed"]?.boolValue ?? false
        lineEndings = jsonValue["line_endings"]?.intValue ?? 0
        zeroWidth = jsonValue["zero_width"]?.intValue ?? 0
        bidiControls = jsonValue["bidi_controls"]?.intValue ?? 0
        tatweel = jsonValue["tatweel"]?.intValue ?? 0
    }
}

public enum NormalizationReportKey: AnnotationKey {
    public typealias Value = NormalizationReport
    public static let name = "normalize"
}
