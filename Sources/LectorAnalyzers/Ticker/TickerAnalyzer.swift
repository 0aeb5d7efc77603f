import LectorKit

/// `ticker`: the headline ticker a page carried, as data.
public struct TickerAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "ticker",
        summary: "Extracts headline-ticker items: time, date, headline and line",
        discussion: """
            Reads lines such as "- 15:21Headline", "15:21 | Headline", "[15:21] Headline", "Headline (15:21)", \
            "15h21 Headline", "3:05 PM Headline" and "30.10.2024, 11:20 Uhr Headline", in any digits and either \
            direction. Items come in runs: a line that reads like one alone (a time in a body sentence) is \
            not taken unless min-run=1. explode=true makes each headline a child document, with its time \
            and the parent's id, so the rest of the pipeline analyses headlines one by one.
            """,
        options: [explodeOption.spec, minimumRunOption.spec],
        produces: [TickerKey.name],
        summaryFields: ["ticker.time", "ticker.headline"],
        producesSpans: true
    )

    let explode: Bool
    let minimumRun: Int
    static let defaultMinimumRun = 2

    static let explodeOption = AnalyzerOption<Bool>("explode", help: "Make each headline a child document")
    static let minimumRunOption = AnalyzerOption<Int>(
        "min-run", default: defaultMinimumRun, range: 1...100, help: "Consecutive item lines needed to call them a ticker")

    public init(options: AnalyzerOptions) throws {
        explode = try options[Self.explodeOption]
        minimumRun = try options[Self.minimumRunOption]
    }

    public func analyze(_ document: inout Document) {
        // `structure` reads the ticker too; its items are reused when it ran with the same settings
        // on the text as it is now (not before `normalize` rewrote it).
        let items = (minimumRun == Self.defaultMinimumRun ? document.current(StructureKey.self)?.runCache as? [TickerItem] : nil)
            ?? TextLines.with(document.text) { Self.items(in: $0, minimumRun: minimumRun) }
        document[TickerKey.self] = Ticker(items: items)
        guard explode else { return }
        for (number, item) in items.enumerated() {
            var child = document.child(suffix: "ticker-\(number + 1)", text: item.headline, line: item.line)
            child.metadata["time"] = .string(item.time)
            if let date = item.date { child.metadata["date"] = .string(date) }
            document.children.append(child)
        }
    }

    /// The ticker items of a document's lines: item-shaped lines in runs of `minimumRun` or
    /// more (blank lines do not break a run; any other line does).
    static func items(in lines: TextLines, minimumRun: Int) -> [TickerItem] {
        var items: [TickerItem] = []
        var run: [TickerItem] = []
        func endRun() {
            if run.count >= minimumRun { items.append(contentsOf: run) }
            run.removeAll()
        }
        for line in lines.lines where !line.isBlank {
            guard TickerLine.mayBeAnItem(lines.bytes, line.bytes), case let scalars = lines.scalars(line), let parsed = TickerLine.parse(scalars) else {
                endRun()
                continue
            }
            let headline = UTF8Text.string(scalars[parsed.headline])
            run.append(TickerItem(
                time: parsed.time, date: parsed.date?.iso, headline: headline, line: line.number,
                span: Span(start: line.start + parsed.headline.lowerBound, end: line.start + parsed.headline.upperBound)))
        }
        endRun()
        return items
    }
}

public struct TickerItem: Sendable, Equatable {
    /// "15:21" (24 h).
    public var time: String
    /// ISO 8601, when the item carried a date.
    public var date: String?
    public var headline: String
    /// 1-based line of the document.
    public var line: Int
    /// The headline's span in the document.
    public var span: Span
}

/// `ticker` in the record: the items, in document order.
public struct Ticker: AnnotationValue, Equatable {
    public var items: [TickerItem]

    public init(items: [TickerItem]) { self.items = items }

    public var jsonValue: JSONValue {
        .array(items.map { item in
            var object: JSONObject = ["time": .string(item.time), "headline": .string(item.headline), "line": .int(item.line),
                                      "start": .int(item.span.start), "end": .int(item.span.end)]
            if let date = item.date { object["date"] = .string(date) }
            return .object(object)
        })
    }

    public init(jsonValue: JSONValue) throws {
        guard let items = jsonValue.arrayValue else { throw AnnotationDecodingError(annotation: TickerKey.name, reason: "expected an array of items") }
        self.items = items.compactMap { item in
            guard let time = item["time"]?.stringValue, let headline = item["headline"]?.stringValue else { return nil }
            return TickerItem(time: time, date: item["date"]?.stringValue, headline: headline, line: item["line"]?.intValue ?? 0,
                              span: Span(start: item["start"]?.intValue ?? 0, end: item["end"]?.intValue ?? 0))
        }
    }
}

public enum TickerKey: AnnotationKey {
    public typealias Value = Ticker
    public static let name = "ticker"
}
