import LectorKit

/// `dates`: every calendar date in a document, and the one most likely its publication date.
public struct DatesAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "dates",
        summary: "Finds dates (ar, de, en, es, fr, he, ru, tr and more) as ISO 8601, and the publication date",
        discussion: """
            Dates as news pages write them: "30 октября 2024", "الأربعاء 30 أكتوبر 2024", "30. Oktober 2024", \
            "October 30, 2024", "2024-10-30", "30.10.2024", in any digits. The publication date is the first \
            date on a line of its own (a dateline) in the first lines, else the first date in them.
            """,
        options: [headLinesOption.spec],
        produces: [DatesKey.name],
        summaryFields: ["dates.published"],
        producesSpans: true
    )

    static let headLinesOption = AnalyzerOption<Int>(
        "head-lines", default: 12, range: 1...1000, help: "How many non-blank lines at the top to look in for the publication date")

    let headLines: Int

    public init(options: AnalyzerOptions) throws {
        headLines = try options[Self.headLinesOption]
    }

    public func analyze(_ document: inout Document) {
        var found: [DateMention] = []
        var published: String?
        var datelinePublished: String?
        TextLines.with(document.text) { lines in
            var lineNumber = 0
            for line in lines.lines where !line.isBlank {
                lineNumber += 1
                let scalars = lines.scalars(line)
                let dates = DateFinder.dates(in: scalars)
                for date in dates {
                    let text = UTF8Text.string(scalars[date.span.start..<date.span.end])
                    found.append(DateMention(date: date.iso, text: text, span: Span(start: line.start + date.span.start, end: line.start + date.span.end)))
                }
                guard lineNumber <= headLines, let first = dates.first else { continue }
                if published == nil { published = first.iso }
                if datelinePublished == nil && StructureLine.isDateline(scalars, dates: dates) { datelinePublished = first.iso }
            }
        }
        document[DatesKey.self] = Dates(published: datelinePublished ?? published, all: found)
    }
}

public struct DateMention: Sendable, Equatable {
    public var date: String
    public var text: String
    public var span: Span
}

/// `dates` in the record.
public struct Dates: AnnotationValue, Equatable {
    public var published: String?
    public var all: [DateMention]

    public var jsonValue: JSONValue {
        [
            "published": published.map(JSONValue.string) ?? .null,
            "all": .array(all.map { ["date": .string($0.date), "text": .string($0.text), "start": .int($0.span.start), "end": .int($0.span.end)] }),
        ]
    }

    public init(published: String?, all: [DateMention]) {
        self.published = published
        self.all = all
    }

    public init(jsonValue: JSONValue) throws {
        guard let all = jsonValue["all"]?.arrayValue else { throw AnnotationDecodingError(annotation: DatesKey.name, reason: "expected an object with \"all\"") }
        published = jsonValue["published"]?.stringValue
        self.all = all.compactMap { item in
            guard let date = item["date"]?.stringValue, let start = item["start"]?.intValue, let end = item["end"]?.intValue else { return nil }
            return DateMention(date: date, text: item["text"]?.stringValue ?? "", span: Span(start: start, end: end))
        }
    }
}

public enum DatesKey: AnnotationKey {
    public typealias Value = Dates
    public static let name = "dates"
}
