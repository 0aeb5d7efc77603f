/// An input that could not be read: what, where, and what to do.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case notFound, unreadable, invalidUTF8, badEncoding, malformedJSON, tooLarge, binary
    }
    public var kind: Kind
    /// File path, or "stdin".
    public var location: String
    public var line: Int?
    public var byteOffset: Int?
    public var column: Int?
    public var message: String

    public init(_ kind: Kind, location: String, line: Int? = nil, byteOffset: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.location = location
        self.line = line
        self.byteOffset = byteOffset
        self.column = column
        self.message = message
    }

    /// `file:LINE:COLUMN: message`, the form editors and terminals link to.
    public var description: String {
        var place = location
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }
}

/// Something worth telling the user that does not stop the run (a skipped binary file...).
public struct Diagnostic: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    public var message: String
    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }
    public var description: String { "\(severity.rawValue): \(message)" }
}
