import LectorKit

/// `structure`: what each line of a pasted news page is — title, dateline, byline, body, ticker
/// or boilerplate — and the article itself.
public struct StructureAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "structure",
        summary: "Labels every line (title, dateline, byline, body, ticker, boilerplate) and extracts the article",
        discussion: """
            Works from the shape of the page, in any language: where running text begins, line length and \
            final punctuation, truncated link texts, repeated lines, counters (a word and a count in brackets \
            in any script, such as "Comments (12)"), lists of short lines after the article, and ticker runs; \
            cue phrases in the 75 languages langid knows (comment counters, read-more and related headers, \
            share, follow and newsletter prompts, breadcrumbs, captions, bylines) help. On web pages read with \
            --input html, lines the markup puts in page furniture (nav, footer, aside, or an element whose class \
            or id says menu, share, related, comment, ad...), in figures and captions, outside the page's main content (the \
            element that holds its running text, found by scoring paragraphs up the element tree), or that are \
            mostly link text are boilerplate, and the title is the line that says the page's own title. Otherwise the \
            title is the headline-shaped line nearest above the body; the date comes from a dateline (ISO 8601). \
            Downstream analyzers read the body when structure has run.
            """,
        produces: [StructureKey.name],
        summaryFields: ["structure.title", "structure.date"],
        producesSpans: true
    )

    let cues: CueLexicon

    public init(options: AnalyzerOptions) throws {
        cues = try CueLexicon.shipped()
    }

    public func analyze(_ document: inout Document) {
        let pageTitle = document.markup == nil ? nil : document.metadata["page"]?.objectValue?["title"]?.stringValue
        document[StructureKey.self] = Self.structure(of: document.text, cues: cues, markup: document.markup, pageTitle: pageTitle)
    }

    /// A web page's article (the shell's `show`): what `structure` found on the text as it is,
    /// else found now, from the markup when the document still has it.
    public static func article(of document: Document) throws -> Structure {
        if let found = document.current(StructureKey.self) { return found }
        var copy = document
        try StructureAnalyzer(options: AnalyzerOptions(defaultsFor: descriptor)).analyze(&copy)
        return copy[StructureKey.self] ?? Structure()
    }

    static func structure(of text: String, cues: CueLexicon, markup: PageMarkup? = nil, pageTitle: String? = nil) -> Structure {
        TextLines.with(text) { structure(of: $0, cues: cues, markup: markup, pageTitle: pageTitle) }
    }

    /// A line that a web page's markup puts in page furniture (a menu, a footer, a share or
    /// comment block...) or that is mostly link text.
    static func isFurniture(_ number: Int, in markup: PageMarkup?) -> Bool {
        guard let markup, number >= 1, number <= markup.furniture.count else { return false }
        return markup.furniture[number - 1] || markup.linkShare[number - 1] > 0.5
    }

    /// A line a web page's markup puts outside its main content (`PageMarkup.main`), except
    /// the headings above it, where the article's title often is.
    static func isOutsideMain(_ number: Int, in markup: PageMarkup?, firstMain: Int?) -> Bool {
        guard let markup, number >= 1, number <= markup.main.count, !markup.main[number - 1] else { return false }
        let heading = markup.heading[number - 1]
        return !(heading >= 1 && heading <= 3 && number < (firstMain ?? 0))
    }

    /// The line that is the page's own title (`page.title`, often followed by " | Site"): a
    /// heading saying it if there is one, else a line that does; the last of them, since a page
    /// that says its title twice (over a photo gallery, then over the article) begins the article
    /// after the second.
    static func pageTitleLine(_ lines: [StructureLine], roles: [Structure.Role?], title: String, markup: PageMarkup) -> Int? {
        let wanted = title.lowercased()
        let matches = lines.indices.filter { index in
            guard roles[index] == nil else { return false }
            let text = lines[index].text.lowercased()
            return text.unicodeScalars.count >= 10 && (text == wanted || (wanted.hasPrefix(text) && text.count * 2 >= wanted.count))
        }
        return matches.last { markup.heading[lines[$0].number - 1] > 0 } ?? matches.last
    }

    static func structure(of textLines: TextLines, cues: CueLexicon, markup: PageMarkup? = nil, pageTitle: String? = nil) -> Structure {
        // The markup's word counts only when it describes these very lines.
        let markup = markup.flatMap { $0.furniture.count == textLines.lines.count ? $0 : nil }
        // 1. Ticker runs (their lines need no further reading).
        let tickerItems = TickerAnalyzer.items(in: textLines, minimumRun: TickerAnalyzer.defaultMinimumRun)
        let tickerLines = Set(tickerItems.map(\.line))
        let lines = textLines.lines.filter { !$0.isBlank }.map {
            StructureLine($0, of: textLines, cues: cues, isTickerItem: tickerLines.contains($0.number))
        }
        var roles = lines.map { tickerLines.contains($0.number) ? Structure.Role.ticker : nil }
        // 2. Lines that say what they are: datelines, counters, cues, sources, repeats.
        var seen = Set<UInt64>()
        let firstMain = markup.flatMap { $0.main.firstIndex(of: true).map { $0 + 1 } }
        // Lines the markup puts in the main content of a page where it found one are the
        // article's unless they say otherwise: a repeat or a place after a related-news header
        // does not make them boilerplate.
        let foundMain = markup?.main.contains(false) ?? false
        let inMain: (Int) -> Bool = { number in foundMain && markup!.main[number - 1] }
        for (index, line) in lines.enumerated() where roles[index] == nil {
            // Short lines only: a repeated title or link (paragraphs are not worth hashing).
            let key = line.key
            defer { if let key { seen.insert(key) } }
            if line.isDateline || line.isTimeOnly {
                roles[index] = .dateline
            } else if line.letters == 0 || line.isCounter || line.cue != nil || line.isShareButtons || line.hasBreadcrumb
                        || isFurniture(line.number, in: markup) || isOutsideMain(line.number, in: markup, firstMain: firstMain) {
                roles[index] = .boilerplate
            } else if line.isDomain || line.isByline {
                roles[index] = .byline
            } else if let key, seen.contains(key), !inMain(line.number) {
                roles[index] = .boilerplate  // a repeated title or link
            }
        }
        // 3. The body begins at the first line of running text; the title is the headline-shaped
        // line nearest above it (below a place-and-source line if there is one).
        var anchor = lines.indices.first { roles[$0] == nil && lines[$0].isParagraph }
        // On a web page, the article begins below the line that is the page's own title.
        let titleLine = pageTitle.flatMap { title in markup.flatMap { pageTitleLine(lines, roles: roles, title: title, markup: $0) } }
        if let titleLine, let first = lines.indices.first(where: { $0 > titleLine && roles[$0] == nil && lines[$0].isParagraph }) {
            anchor = first
        }
        // A paragraph hard-wrapped across lines begins where its first line does.
        while let current = anchor, current > 0, roles[current - 1] == nil, lines[current - 1].number == lines[current].number - 1,
              lines[current - 1].length >= 50, !lines[current - 1].endsSentence, lines[current].startsInLowerCase {
            anchor = current - 1
        }
        // A word and a count in brackets is a counter unless the body's paragraphs are on both
        // sides of it ("Chapter (2)" between two of them is a heading).
        let lastParagraph = lines.indices.last { roles[$0] == nil && lines[$0].isParagraph }
        for index in lines.indices where roles[index] == nil && lines[index].isBracketCounter {
            if let anchor, let lastParagraph, index > anchor && index < lastParagraph { continue }
            roles[index] = .boilerplate
        }
        var titleIndex: Int?
        if let anchor {
            let candidates = (0..<anchor).filter { roles[$0] == nil && lines[$0].isTitleShaped }
            if let titleLine, titleLine < anchor {
                titleIndex = titleLine
            } else if let nearest = candidates.last {
                if candidates.count >= 2 && lines[nearest].isPlaceAndSource {
                    roles[nearest] = .dateline
                    titleIndex = candidates[candidates.count - 2]
                } else {
                    titleIndex = nearest
                }
            }
            if let titleIndex { roles[titleIndex] = .title }
            // Above the title (or the body): menus, section names and other page furniture.
            for index in 0..<(titleIndex ?? anchor) where roles[index] == nil { roles[index] = .boilerplate }
            // 4. The tail: from a related-news header or a run of cut-off link texts on, short
            // lines are link lists and section names.
            if let tail = (anchor + 1..<lines.count).first(where: { index in
                lines[index].startsTail
                    || (lines[index].truncated && lines.indices.contains(index + 1) && (index + 1...min(index + 2, lines.count - 1)).contains { lines[$0].truncated })
            }) {
                // The list's header and share buttons just above it belong to the tail too.
                var tail = tail
                while tail - 1 > anchor, roles[tail - 1] == nil || roles[tail - 1] == .boilerplate,
                      lines[tail - 1].words <= 4, !lines[tail - 1].endsSentence {
                    tail -= 1
                }
                for index in tail..<lines.count where roles[index] == nil && !(lines[index].isParagraph && lines[index].words >= 25)
                    && !inMain(lines[index].number) {
                    roles[index] = .boilerplate
                }
            }
        } else if let first = lines.indices.first(where: { roles[$0] == nil && lines[$0].isTitleShaped }) {
            // No running text: a headline alone, perhaps with a ticker.
            titleIndex = first
            roles[first] = .title
        }
        for index in lines.indices where roles[index] == nil { roles[index] = .body }

        // The article.
        var structure = Structure()
        structure.runCache = tickerItems
        if let titleIndex { structure.title = lines[titleIndex].text }
        for (index, line) in lines.enumerated() {
            let role = roles[index]!
            structure.lines.append(Structure.LineRole(line: line.number, role: role, span: Span(start: line.start, end: line.end)))
            switch role {
            case .dateline:
                if structure.date == nil, let date = line.dates.first { structure.date = date.iso }
                if structure.time == nil, let time = line.time { structure.time = time }
            case .byline:
                if structure.byline == nil { structure.byline = line.text }
            case .boilerplate:
                structure.boilerplate.append(line.text)
            case .body:
                // A hard-wrapped paragraph continues on the next line; a short line (a subheading)
                // or a finished sentence ends it.
                if let previous = index > 0 ? lines[index - 1] : nil, roles[index - 1] == .body, previous.number == line.number - 1,
                   !previous.endsSentence, previous.length >= 50, !structure.body.isEmpty {
                    structure.body[structure.body.count - 1] += " " + line.text
                } else {
                    structure.body.append(line.text)
                }
            case .title, .ticker:
                break
            }
        }
        if structure.date == nil {
            // A date inside the first body paragraph ("Berlin, 30. Oktober 2024 – ...").
            if let first = structure.body.first, let date = DateFinder.dates(in: first.unicodeScalars.prefix(120).map { $0 }).first {
                structure.date = date.iso
            }
        }
        return structure
    }
}
