import LectorKit

/// `classify model=PATH`: runs a model trained with `lector train` and adds `classes`, best first.
public struct ClassifyAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "classify",
        summary: "Runs a text classifier trained with `lector train`: labels with calibrated probabilities, best first",
        discussion: """
            classes: [{"label", "probability"}], best first. explain=true adds, to the best label, the features \
            that pushed the text towards it or away ("w:" word n-grams, "c:" character n-grams, "x:" extra \
            features), with what each added to its score. When structure has run, the article body is read.
            """,
        options: [modelOption.spec, explainOption.spec, topOption.spec],
        produces: [ClassesKey.name],
        summaryFields: ["classes.0.label", "classes.0.probability"]
    )

    static let modelOption = AnalyzerOption<String?>(path: "model", help: "The model file `lector train --out` wrote (required)")
    static let explainOption = AnalyzerOption<Bool>("explain", default: false, help: "Add the features behind the best label")
    static let topOption = AnalyzerOption<Int>("top", default: 0, range: 0...1000, help: "How many labels to list (0: all)")

    let model: TextClassifier
    let source: FeatureSource?
    let explain: Bool
    let top: Int

    public init(options: AnalyzerOptions) throws {
        guard let path = try options[Self.modelOption] else {
            throw OptionError(analyzer: Self.descriptor.name, option: Self.modelOption.name, message: "classify needs model=PATH, a model written by `lector train --out PATH`")
        }
        do {
            model = try ModelLoader.load(TextClassifier.self, path: path)
            source = try FeatureSource.of(model)
        } catch {
            throw OptionError(analyzer: Self.descriptor.name, option: Self.modelOption.name, message: "model=\(path): \(error)")
        }
        explain = try options[Self.explainOption]
        top = try options[Self.topOption]
    }

    public func analyze(_ document: inout Document) {
        let text = document.articleText
        let extras = source?.features(text) ?? []
        let probabilities = model.probabilities(text, extras: extras)
        var ranked = zip(model.labels, probabilities).enumerated().map { Classes.Entry(label: $1.0, probability: $1.1, index: $0) }
            .sorted { $0.probability > $1.probability }
        if top > 0 { ranked = Array(ranked.prefix(top)) }
        if explain, !ranked.isEmpty {
            ranked[0].evidence = model.explain(text, extras: extras, label: ranked[0].index)
        }
        document[ClassesKey.self] = Classes(entries: ranked)
    }
}

/// `classes` in the record.
public struct Classes: AnnotationValue, Equatable {
    public struct Entry: Sendable, Equatable {
        public var label: String
        public var probability: Double
        var index: Int
        public var evidence: [TextClassifier.Evidence]?
    }

    public var entries: [Entry]

    static func rounded(_ value: Double) -> JSONValue { .double((value * 10000).rounded() / 10000) }

    public var jsonValue: JSONValue {
        .array(entries.map { entry in
            var object: JSONObject = ["label": .string(entry.label), "probability": Self.rounded(entry.probability)]
            if let evidence = entry.evidence {
                object["evidence"] = .array(evidence.map { ["feature": .string($0.feature), "weight": Self.rounded($0.weight)] })
            }
            return .object(object)
        })
    }

    init(entries: [Entry]) { self.entries = entries }

    public init(jsonValue: JSONValue) throws {
        guard let items = jsonValue.arrayValue else { throw AnnotationDecodingError(annotation: ClassesKey.name, reason: "expected an array") }
        entries = items.enumerated().compactMap { index, item in
            guard let label = item["label"]?.stringValue, let probability = item["probability"]?.doubleValue else { return nil }
            let evidence = item["evidence"]?.arrayValue?.compactMap { value -> TextClassifier.Evidence? in
                guard let feature = value["feature"]?.stringValue, let weight = value["weight"]?.doubleValue else { return nil }
                return TextClassifier.Evidence(feature: feature, weight: weight)
            }
            return Entry(label: label, probability: probability, index: index, evidence: evidence)
        }
    }
}

public enum ClassesKey: AnnotationKey {
    public typealias Value = Classes
    public static let name = "classes"
}
