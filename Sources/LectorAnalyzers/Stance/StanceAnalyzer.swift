import Foundation
import LectorKit

/// `stance`: how the text treats each target (a country, an organisation, a person, or an
/// issue): favor, against or neutral, with the sentences that decided it.
public struct StanceAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "stance",
        summary: "How the text treats each country, organisation or person it names (or the targets given): favor, against, neutral",
        discussion: """
            With no target, every country and organisation the text names; target=ID or a name in any language \
            (target=Marokko), targets=MA,AZ; target-field=FIELD reads each record's target from its own field \
            (its span from the record's start and end fields when it has them) and gives one entry a record. The \
            sentences that name a target are scored with target-directed cues in its language (ratifies, welcomes, \
            praises / condemns, accuses, sanctions, and their negation) and the sentence's sentiment, weighted by how \
            near each cue is to the target and whether another name is nearer; their sum decides the label (the title \
            counts twice). A record that is one sentence with its target's span given (target-field with start and \
            end) is judged, in Russian, by a model of sentiment toward a marked entity trained on RuSentNE. A target the text does not name (an issue \
            such as "Climate Change is a Real Concern") is judged on the whole text, by model=PATH (a model from \
            `lector train` with labels favor/against/none) or models=DIR (one model a target, named after it, as \
            scripts/train-stance writes) when given. Runs entities and langid itself when they have not run.
            """,
        options: [targetOption.spec, targetsOption.spec, targetFieldOption.spec, modelOption.spec, modelsOption.spec],
        produces: [StanceKey.name],
        summaryFields: ["stance.target", "stance.label"],
        producesSpans: true
    )

    static let targetOption = AnalyzerOption<String>("target", help: "One target: an id (MA, UN, P-HSNB) or a name in any language")
    static let targetsOption = AnalyzerOption<[String]>("targets", help: "Several targets, separated by commas")
    static let targetFieldOption = AnalyzerOption<String>("target-field", help: "The record field holding each record's target (a name or an id)")
    static let modelOption = AnalyzerOption<String?>(path: "model", help: "A model from `lector train` (favor/against/none) for targets judged on the whole text")
    static let modelsOption = AnalyzerOption<String>("models", help: "A folder of such models, one a target (TARGET-NAME.bin, as scripts/train-stance writes)")

    let finder: EntityFinder
    let scorer: StanceScorer
    let identifier: LanguageIdentifier
    let targets: [String]
    let targetField: [Substring]?
    let userModel: TextClassifier?
    let modelFolder: String?

    public init(options: AnalyzerOptions) throws {
        let gazetteer = try Gazetteer.shipped()
        finder = EntityFinder(gazetteer: gazetteer)
        scorer = try StanceScorer.shared()
        identifier = try LanguageIdentifier(options: AnalyzerOptions(defaultsFor: LanguageIdentifier.descriptor))
        let target = try options[Self.targetOption]
        targets = (target.isEmpty ? [] : [target]) + (try options[Self.targetsOption]).filter { !$0.isEmpty }
        let field = try options[Self.targetFieldOption]
        targetField = field.isEmpty ? nil : field.split(separator: ".", omittingEmptySubsequences: false)
        if targetField != nil, !targets.isEmpty {
            throw OptionError(analyzer: Self.descriptor.name, option: Self.targetFieldOption.name, message: "target-field reads each record's own target; leave out target and targets")
        }
        if let path = try options[Self.modelOption] {
            do {
                userModel = try ModelLoader.load(TextClassifier.self, path: path)
            } catch {
                throw OptionError(analyzer: Self.descriptor.name, option: Self.modelOption.name, message: "model=\(path): \(error)")
            }
        } else {
            userModel = nil
        }
        let folder = try options[Self.modelsOption]
        modelFolder = folder.isEmpty ? nil : folder
        if let modelFolder {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: modelFolder, isDirectory: &isFolder), isFolder.boolValue else {
                throw OptionError(analyzer: Self.descriptor.name, option: Self.modelsOption.name, message: "models=\(modelFolder): no such folder")
            }
        }
    }

    public func analyze(_ document: inout Document) throws {
        let scalars = UTF8Text.scalars(of: document.text)
        let language = try EntitiesAnalyzer.language(of: document, identifier: identifier)
        let code = language?.code ?? "und"
        let mentions = document.current(EntitiesKey.self)?.mentions
            ?? finder.find(in: scalars, text: EntityText(scalars), language: code)
        let context = StanceScorer.Context(
            scalars: scalars, language: code, regions: Self.regions(of: document, length: scalars.count),
            others: mentions.filter { $0.type != .name }.map { Span(start: $0.start, end: $0.end) },
            title: document.current(StructureKey.self)?.lines.first { $0.role == .title }.map { $0.span.start..<$0.span.end })
        var results: [StanceResult] = []
        if let targetField {
            guard let value = JSONValue.object(document.metadata).values(at: targetField).first, let target = value.stringValue ?? value.intValue.map(String.init) else {
                throw StanceError("the record has no \(targetField.joined(separator: ".")) field to read its target from")
            }
            var span: Span?
            if document.metadata["start"] != nil || document.metadata["end"] != nil {
                guard let start = document.metadata["start"]?.intValue, let end = document.metadata["end"]?.intValue else {
                    throw StanceError("the record's start and end must both be whole numbers (offsets in Unicode scalars)")
                }
                guard start >= 0, start < end, end <= scalars.count else {
                    throw StanceError("the record's start \(start) and end \(end) are not a span of its text (\(scalars.count) characters)")
                }
                span = Span(start: start, end: end)
            }
            results.append(try judge(target: target, resolved: resolve(target), mentions: mentions, span: span, context: context))
        } else if targets.isEmpty {
            var seen = Set<String>()
            for mention in mentions where (mention.type == .country || mention.type == .organisation) && seen.insert(mention.id).inserted {
                results.append(try judge(target: mention.id, resolved: (mention.id, mention.name), mentions: mentions, span: nil, context: context))
            }
        } else {
            for target in targets {
                results.append(try judge(target: target, resolved: resolve(target), mentions: mentions, span: nil, context: context))
            }
        }
        document[StanceKey.self] = Stance(results)
    }

    /// A target's entity id and English name: an id the gazetteer knows (MA, UN), a person's id
    /// (P-HSNB), or a name in any language (Marokko, المغرب, ООН).
    func resolve(_ target: String) -> (id: String, name: String)? {
        let gazetteer = finder.gazetteer
        if let number = gazetteer.byID[target] ?? gazetteer.byID[target.uppercased()] ?? gazetteer.byID[target.lowercased()] {
            let entity = gazetteer.entities[number]
            return (entity.id, entity.name)
        }
        if target.hasPrefix("P-") { return (target, target) }
        let scalars = Array(target.unicodeScalars)
        let found = finder.find(in: scalars, text: EntityText(scalars), people: true)
        // The name is the target when it is all of it (not "Women empowerment in Morocco").
        if let first = found.first, found.count == 1, first.end - first.start >= scalars.count - 2 {
            return (first.id, first.name)
        }
        return nil
    }

    func judge(target: String, resolved: (id: String, name: String)?, mentions: [EntityMention], span: Span?, context: StanceScorer.Context) throws -> StanceResult {
        var spans = resolved.map { resolved in mentions.filter { $0.id == resolved.id }.map { Span(start: $0.start, end: $0.end) } } ?? []
        if let span, !spans.contains(span) { spans.append(span) }
        let name = resolved?.name ?? target
        if spans.isEmpty {
            // Not named in the text: an issue, judged on the whole text.
            return try scorer.judgeWhole(target: target, name: name, model: model(for: target), context: context)
        }
        return try scorer.judge(target: target, name: name, spans: spans, context: context, oneSentence: span != nil)
    }

    /// The model for a target judged on the whole text: model=, or the one models= holds for it.
    func model(for target: String) -> TextClassifier? {
        if let userModel { return userModel }
        guard let modelFolder else { return nil }
        let path = (modelFolder as NSString).appendingPathComponent(StanceScorer.modelFileName(for: target))
        return try? ModelLoader.load(TextClassifier.self, path: path)
    }

    /// The title and body when structure has run (not the ticker or boilerplate), else the whole text.
    static func regions(of document: Document, length: Int) -> [Range<Int>] {
        SentimentAnalyzer.regions(of: document, length: length)
    }
}

/// One target's stance.
public struct StanceResult: Sendable, Equatable {
    public var target: String
    public var name: String
    public var label: String
    public var score: Double
    public var evidence: [Span]
    /// How many sentences named the target (0: judged on the whole text).
    public var sentences: Int

    init(target: String, name: String, label: String, score: Double, evidence: [Span], sentences: Int) {
        self.target = target
        self.name = name
        self.label = label
        // As the record has it, so that a result read back from JSON is the same.
        self.score = (score * 1000).rounded() / 1000
        self.evidence = evidence
        self.sentences = sentences
    }
}

/// `stance` in the record.
public struct Stance: AnnotationValue, Equatable {
    public var results: [StanceResult]

    public init(_ results: [StanceResult]) { self.results = results }

    public var jsonValue: JSONValue {
        .array(results.map { result in
            [
                "target": .string(result.target), "name": .string(result.name), "label": .string(result.label),
                "score": .double(result.score), "sentences": .int(result.sentences),
                "evidence": .array(result.evidence.map(\.jsonValue)),
            ]
        })
    }

    public init(jsonValue: JSONValue) throws {
        guard let items = jsonValue.arrayValue else { throw AnnotationDecodingError(annotation: StanceKey.name, reason: "expected an array of targets") }
        results = try items.map { item in
            guard let target = item["target"]?.stringValue, let label = item["label"]?.stringValue else {
                throw AnnotationDecodingError(annotation: StanceKey.name, reason: "each entry needs target and label")
            }
            let evidence = item["evidence"]?.arrayValue?.compactMap { span -> Span? in
                guard let start = span["start"]?.intValue, let end = span["end"]?.intValue else { return nil }
                return Span(start: start, end: end)
            } ?? []
            return StanceResult(
                target: target, name: item["name"]?.stringValue ?? target, label: label, score: item["score"]?.doubleValue ?? 0,
                evidence: evidence, sentences: item["sentences"]?.intValue ?? 0)
        }
    }
}

/// A record `stance` cannot judge (a target field that is missing, a span outside the text).
struct StanceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

public enum StanceKey: AnnotationKey {
    public typealias Value = Stance
    public static let name = "stance"
}
