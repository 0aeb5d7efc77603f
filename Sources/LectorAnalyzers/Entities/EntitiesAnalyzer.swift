import Foundation
import LectorKit

/// `entities`: countries, cities, international organisations and persons, with one id in
/// every language and script.
public struct EntitiesAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "entities",
        summary: "Countries (ISO ids), cities, organisations and persons named in the text, in any language",
        discussion: """
            Countries by name or nationality adjective (Marokko, marocaine, المغربية, מרוקאי ⇒ MA), capitals and \
            cities of a million people (with their country), international organisations (UN, NATO, EU, WHO...), \
            with Russian and Ukrainian case forms, German genitives, Arabic and Hebrew prefixes, Turkish suffixes \
            after an apostrophe and the Persian ezafe. Persons: capitalised names, and in Arabic, Hebrew and \
            Persian the names after a title (وزير، השר، رئیس‌جمهور); a person's id is the skeleton of the family \
            name, the same in every script (P-HSNB: Hasanov, Гасанов, حسنوف). Other capitalised words that are \
            no common word are type "name", with a low confidence. Offsets are in Unicode scalars. Uses langid's \
            answer, and runs langid itself when it has not run.
            """,
        options: [peopleOption.spec],
        produces: [EntitiesKey.name],
        summaryFields: ["entities.id"],
        producesSpans: true
    )

    static let peopleOption = AnalyzerOption<Bool>("people", default: true, help: "Find persons and other names too, not only the gazetteer's")

    let finder: EntityFinder
    let identifier: LanguageIdentifier
    let people: Bool

    public init(options: AnalyzerOptions) throws {
        finder = EntityFinder(gazetteer: try Gazetteer.shipped())
        identifier = try LanguageIdentifier(options: AnalyzerOptions(defaultsFor: LanguageIdentifier.descriptor))
        people = try options[Self.peopleOption]
    }

    public func analyze(_ document: inout Document) throws {
        let scalars = UTF8Text.scalars(of: document.text)
        let language = try Self.language(of: document, identifier: identifier)
        document[EntitiesKey.self] = Entities(finder.find(in: scalars, text: EntityText(scalars), language: language?.code, people: people))
    }

    /// The document's language: langid's annotation when it has run, else langid's answer now
    /// (German capitalises its nouns and writes genitives in s: the finder must know).
    static func language(of document: Document, identifier: LanguageIdentifier) throws -> LanguageResult? {
        if let language = document.current(LanguageKey.self) { return language }
        var copy = Document(id: document.id, text: document.text)
        identifier.analyze(&copy)
        return copy.current(LanguageKey.self)
    }
}

/// `entities` in the record: the mentions in text order.
public struct Entities: AnnotationValue, Equatable {
    public var mentions: [EntityMention]

    public init(_ mentions: [EntityMention]) { self.mentions = mentions }

    public var jsonValue: JSONValue {
        .array(mentions.map { mention in
            var object: JSONObject = [
                "id": .string(mention.id), "type": .string(mention.type.rawValue), "name": .string(mention.name),
                "text": .string(mention.text), "start": .int(mention.start), "end": .int(mention.end),
            ]
            if let country = mention.country { object["country"] = .string(country) }
            if let confidence = mention.confidence { object["confidence"] = .double(confidence) }
            return .object(object)
        })
    }

    public init(jsonValue: JSONValue) throws {
        guard let items = jsonValue.arrayValue else { throw AnnotationDecodingError(annotation: EntitiesKey.name, reason: "expected an array of entities") }
        mentions = try items.map { item in
            guard let id = item["id"]?.stringValue, let type = item["type"]?.stringValue.flatMap(EntityMention.Kind.init(rawValue:)),
                  let start = item["start"]?.intValue, let end = item["end"]?.intValue else {
                throw AnnotationDecodingError(annotation: EntitiesKey.name, reason: "each entity needs id, type (country, city, organisation, person, name), start and end")
            }
            return EntityMention(
                id: id, type: type, name: item["name"]?.stringValue ?? id, text: item["text"]?.stringValue ?? "",
                start: start, end: end, country: item["country"]?.stringValue, confidence: item["confidence"]?.doubleValue)
        }
    }
}

public enum EntitiesKey: AnnotationKey {
    public typealias Value = Entities
    public static let name = "entities"
}
