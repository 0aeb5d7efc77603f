import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A web page read with libxml2's HTML parser: its visible text, a line per block, and its
/// metadata (the record's `page` field).
///
/// Text: headings, paragraphs, list items, table rows (cells separated by a tab), captions,
/// blockquotes and `pre` lines each make a line; `<br>` starts a new one; white space is
/// collapsed inside a line. `script`, `style`, `noscript`, `template`, `head`, embedded media and
/// form controls, and hidden elements (the `hidden` attribute, `aria-hidden="true"`, an inline
/// `display:none` or `visibility:hidden`) never reach the text.
public struct HTMLPage: Sendable {
    public var text: String
    /// `title`, `description`, `url`, `lang`, `author`, `published`, `modified`, `site`,
    /// `encoding`, and `articleBody` when the page's JSON-LD has one; only those the page has.
    public var page: JSONObject
    /// Bytes that did not decode and became U+FFFD.
    public var replacedBytes: Int
    /// What was noticed about the page's encoding (a wrong declaration), if anything.
    public var encodingNote: String?
    /// What the markup says of each line of `text`.
    public var markup: PageMarkup

    /// libxml2's options: recover from any markup, no messages, no network, the encoding we
    /// decoded (the bytes handed over are UTF-8 whatever the page declares), and no limit on
    /// nesting (without it, the parse stops at 256 open elements and the rest of the page is
    /// lost; `HTMLWalker` does not recurse per level).
    static let parseOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)

    /// Reads a page from its bytes as served; `encoding` overrides the page's declaration.
    public init(bytes: [UInt8], encoding: String? = nil) {
        let decoded = HTMLDecoding(bytes, given: encoding)
        replacedBytes = decoded.replaced
        encodingNote = decoded.note
        var walker = HTMLWalker()
        // A NUL ends libxml2's reading of a tag and the rest of the page: browsers read it as U+FFFD.
        var utf8 = decoded.utf8
        if let firstNUL = utf8.firstIndex(of: 0) {
            var replaced = Array(utf8[..<firstNUL])
            replaced.reserveCapacity(utf8.count + 64)
            for byte in utf8[firstNUL...] {
                if byte == 0 { replaced.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { replaced.append(byte) }
            }
            utf8 = replaced
        }
        Self.limitAttributes(&utf8)
        let document: htmlDocPtr? = utf8.isEmpty ? nil : utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress!, Int32(clamping: chars.count), nil, "UTF-8", Self.parseOptions)
            }
        }
        if let document {
            if let root = xmlDocGetRootElement(document) { walker.walk(root) }
            xmlFreeDoc(document)
        }
        text = walker.lines.joined(separator: "\n")
        markup = walker.markup
        if let main = walker.content.mainContent(walker.contentLines) { markup.main = main }
        page = walker.metadata.object(encoding: decoded.encoding)
    }
}

extension HTMLPage {
    /// Attributes one tag may have: libxml2 compares each with all before it, so a tag with
    /// 100,000 of them takes minutes. Real tags have a few dozen at most.
    static let maximumAttributes = 1_000

    /// Drops the attributes of a tag past `maximumAttributes` (counted by their `=` signs outside
    /// quotes), in one pass over the bytes, before libxml2 reads them. The contents of `script`
    /// and `style` are passed over whole.
    static func limitAttributes(_ bytes: inout [UInt8]) {
        // Most pages never have so many `=` between two `>`: one quick pass says so.
        let mayHaveMany = bytes.withUnsafeBufferPointer { buffer in
            var signs = 0
            for byte in buffer {
                if byte == UInt8(ascii: "=") {
                    signs += 1
                    if signs >= maximumAttributes { return true }
                } else if byte == UInt8(ascii: ">") {
                    signs = 0
                }
            }
            return false
        }
        guard mayHaveMany else { return }
        let cuts = bytes.withUnsafeBufferPointer { page in
            var tagStart: Int?
            var quote: UInt8 = 0
            var count = 0
            var cutFrom: Int?
            var cuts: [Range<Int>] = []
            var index = 0
            while index < page.count {
                let byte = page[index]
                defer { index += 1 }
                guard let start = tagStart else {
                    if byte == UInt8(ascii: "<"), index + 1 < page.count, MarkupBytes.isLetter(page[index + 1]) {
                        (tagStart, count, quote) = (index, 0, 0)
                    }
                    continue
                }
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "=") {
                    count += 1
                    if count == maximumAttributes {
                        // Cut from the white space before this attribute's name.
                        var from = index
                        while from > start, ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")].contains(page[from - 1]) { from -= 1 }
                        cutFrom = from
                    }
                } else if byte == UInt8(ascii: ">") {
                    if let from = cutFrom { cuts.append(from..<index) }
                    (tagStart, cutFrom) = (nil, nil)
                    // Up to a script's or style sheet's end tag.
                    if let end = MarkupBytes.rawTextEnd(page, tagAt: start, contentFrom: index + 1) { index = end - 1 }
                }
            }
            if let from = cutFrom { cuts.append(from..<page.count) }
            return cuts
        }
        for cut in cuts.reversed() { bytes.removeSubrange(cut) }
    }
}

/// What a page says about itself, from each place it can say it; `object` chooses.
struct PageMetadata {
    var titleTag: String?
    var meta: [String: String] = [:]
    var canonical: String?
    var lang: String?
    var firstTime: String?
    var jsonLD: [JSONObject] = []

    func object(encoding: String) -> JSONObject {
        var page: JSONObject = [:]
        let article = jsonLD.first(where: { Self.isArticle($0) }) ?? jsonLD.first
        func ld(_ key: String) -> String? { article.flatMap { Self.text(of: $0[key]) } }
        func first(_ values: String?...) -> String? { values.lazy.compactMap { $0 }.first { !$0.isEmpty } }
        func metaValue(_ names: String...) -> String? { names.lazy.compactMap { meta[$0] }.first { !$0.isEmpty } }

        page["title"] = first(metaValue("og:title", "twitter:title"), titleTag, ld("headline")).map(JSONValue.string)
        page["description"] = first(metaValue("description", "og:description", "twitter:description", "dc.description"), ld("description"))
            .map(JSONValue.string)
        page["url"] = first(canonical, metaValue("og:url"), ld("url")).map(JSONValue.string)
        page["lang"] = first(lang, metaValue("content-language", "dc.language")).map(JSONValue.string)
        let metaAuthor = metaValue("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
            .flatMap { $0.hasPrefix("http") ? nil : $0 }
        page["author"] = first(metaAuthor, article.flatMap { Self.names(of: $0["author"]) }).map(JSONValue.string)
        page["published"] = first(
            metaValue("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
                      "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"),
            ld("datePublished"), ld("dateCreated"), firstTime).map(JSONValue.string)
        page["modified"] = first(metaValue("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified"),
                                 ld("dateModified")).map(JSONValue.string)
        page["site"] = first(metaValue("og:site_name", "application-name"), article.flatMap { Self.names(of: $0["publisher"]) })
            .map(JSONValue.string)
        page["encoding"] = .string(encoding)
        // Kept for `structure`, which can check its body against the publisher's own.
        if let body = ld("articleBody"), !body.isEmpty { page["articleBody"] = .string(body) }
        return page
    }

    /// Whether a JSON-LD item is an article (Article, NewsArticle, BlogPosting, Report...).
    static func isArticle(_ item: JSONObject) -> Bool {
        let types: [String]
        switch item["@type"] {
        case .string(let type)?: types = [type]
        case .array(let values)?: types = values.compactMap(\.stringValue)
        default: types = []
        }
        return types.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" || $0 == "LiveBlogPosting" }
    }

    static func text(of value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return collapsingSpaces(text)
        case .array(let values)?: return values.lazy.compactMap { text(of: $0) }.first
        case .int(let number)?: return String(number)
        default: return nil
        }
    }

    /// Names of a person or organisation value: a string, `{"name": ...}`, or a list of them.
    static func names(of value: JSONValue?) -> String? {
        switch value {
        case .string(let name)?: return name.hasPrefix("http") ? nil : collapsingSpaces(name)
        case .object(let object)?: return text(of: object["name"])
        case .array(let values)?:
            let all = values.compactMap { names(of: $0) }.filter { !$0.isEmpty }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        default: return nil
        }
    }

    static func collapsingSpaces(_ text: String) -> String {
        var result = ""
        var space = false
        for scalar in text.unicodeScalars {
            if HTMLWalker.isSpace(scalar) { space = !result.isEmpty; continue }
            if space { result.unicodeScalars.append(" "); space = false }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Items of a JSON-LD script: an object, an array of them, or `@graph` lists.
    mutating func addJSONLD(_ source: String) {
        guard let value = try? JSONParser.parse(source) else { return }
        func add(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if case .array(let graph)? = object["@graph"] { graph.forEach(add) }
                jsonLD.append(object)
            case .array(let values): values.forEach(add)
            default: break
            }
        }
        add(value)
    }
}

/// Walks libxml2's tree, writing the visible text a line per block and gathering metadata.
struct HTMLWalker {
    var lines: [String] = []
    var markup = PageMarkup()
    var metadata = PageMetadata()
    /// The elements walked, and each line's place among them, for `ContentTree.mainContent`.
    var content = ContentTree()
    var contentLines: [ContentTree.Line] = []
    /// The element being walked, and the block element the text now is in.
    private var currentNode = -1
    private var currentBlock = -1
    /// The block of the line being written, and the heading level of that block.
    private var lineOwner = -1
    private var lineHeading: UInt8 = 0
    private var currentHeading: UInt8 = 0
    private var lineCommas = 0
    /// Elements open around the text now that are page furniture, and links.
    private var furnitureDepth = 0
    private var linkDepth = 0
    /// The current line's characters, those inside furniture, and those inside links.
    private var lineCharacters = 0
    private var furnitureCharacters = 0
    private var linkCharacters = 0
    private var line = String.UnicodeScalarView()
    private var pendingSpace = false
    private var preDepth = 0
    private var cellsInRow = 0

    /// Elements whose content is never text.
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "embed",
        "canvas", "audio", "video", "select", "textarea", "button", "input", "map", "frameset", "frame",
    ]
    /// Elements that make lines of their own.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "thead", "tfoot", "tr", "ul", "listing", "plaintext", "xmp", "noframes", "search",
    ]

    /// Elements that are page furniture by their name.
    static let furnitureElements: Set<String> = ["nav", "footer", "aside", "form", "menu", "figure", "figcaption"]
    /// Words in a class or id that name page furniture.
    static let furnitureWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "share", "sharing", "social", "related",
        "recommended", "comment", "comments", "ad", "ads", "advert", "advertisement", "banner", "promo", "newsletter",
        "subscribe", "subscription", "cookie", "cookies", "breadcrumb", "breadcrumbs", "widget", "popup", "modal",
        "outbrain", "taboola", "signup", "paywall", "tags", "toolbar", "masthead", "caption", "credit", "credits",
    ]

    /// Words in a class or id that name furniture whose text is prose: comment threads and
    /// recommended reading are furniture even with paragraphs in them.
    static let proseFurnitureWords: Set<String> = ["comment", "comments", "commentlist", "disqus", "related", "outbrain", "taboola"]

    /// Whether an element is page furniture: by its name, or a word of its class or id; but not
    /// when it holds a paragraph of running text (a page-wide `form`, a container whose class
    /// names the layout's sidebar), unless the word names a comment thread or related reading.
    private func isFurniture(_ node: xmlNodePtr, name: String, words: [String]) -> Bool {
        var named = Self.furnitureElements.contains(name)
        for word in words {
            if Self.proseFurnitureWords.contains(word) { return true }
            if Self.furnitureWords.contains(word) { named = true }
        }
        return named && !hasRunningText(node)
    }

    /// The words of an element's class and id, lower-cased ("story-body main" is story, body,
    /// main): runs of ASCII letters and of any non-ASCII bytes, read from the bytes as they are.
    private func classWords(_ node: xmlNodePtr) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name, strcasecmpName(name, "class") || strcasecmpName(name, "id") {
                var child = current.pointee.children
                while let text = child {
                    var index = 0
                    while let content = text.pointee.content {
                        let byte = content[index]
                        if byte >= 0x80 || MarkupBytes.isLetter(byte) {
                            word.append(byte >= 0x80 ? byte : byte | 0x20)
                        } else if !word.isEmpty {
                            words.append(String(decoding: word, as: UTF8.self))
                            word.removeAll(keepingCapacity: true)
                        }
                        if byte == 0 { break }
                        index += 1
                    }
                    child = text.pointee.next
                }
            }
            property = current.pointee.next
        }
        return words
    }

    /// Whether a `p` below the node has 150 characters or more, or two runs of text outside one
    /// do (a blog post written with `<br>`s; a footer's one long disclaimer is not running text).
    private func hasRunningText(_ root: xmlNodePtr) -> Bool {
        var longRuns = 0
        var found = false
        Self.forEach(in: root) { node in
            if node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content, strlen(content) >= 150,
               String(cString: content).trimmingSpaces.unicodeScalars.count >= 150 {
                longRuns += 1
                if longRuns >= 2 { found = true; return .stop }
            }
            guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return .skip }
            if strcmp(name, "script") == 0 || strcmp(name, "style") == 0 { return .skip }
            if name[0] == UInt8(ascii: "p") && name[1] == 0 {
                if textContent(node).unicodeScalars.count >= 150 { found = true; return .stop }
                return .skip
            }
            return .children
        }
        return found
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0: return true
        default: return false
        }
    }

    mutating func walk(_ root: xmlNodePtr) {
        if let lang = attribute(root, "lang"), !lang.isEmpty { metadata.lang = lang }
        visit(root)
        endLine()
    }

    /// Elements this deep are read as plain text, in a loop: the walk recurses once per level
    /// above them, and a page may nest its tags a hundred thousand deep.
    static let maximumDepth = 200
    private var depth = 0

    private mutating func visit(_ node: xmlNodePtr) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { appendText(content) }
            case XML_ELEMENT_NODE:
                if depth < Self.maximumDepth {
                    depth += 1
                    element(current)
                    depth -= 1
                } else {
                    flatten(current)
                }
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// An element and everything below it as text: a block starts a line, `br` too; what is
    /// never text is left out. The markup's finer points (cells, furniture, links) are not read.
    private mutating func flatten(_ root: xmlNodePtr) {
        endLine()
        Self.forEach(in: root, includingRoot: true) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { appendText(content) }
                return .children
            case XML_ELEMENT_NODE:
                guard let namePointer = node.pointee.name else { return .skip }
                let name = String(cString: namePointer)
                if Self.skipped.contains(name) || isHidden(node) { return .skip }
                if name == "br" || Self.blocks.contains(name) || name == "tr" { endLine() }
                return .children
            default:
                return .skip
            }
        }
        endLine()
    }

    enum Step { case children, skip, stop }

    /// Calls `body` on the nodes below `root` (and `root` first, if asked) in document order,
    /// in a loop rather than by recursion; `body` says whether to go into a node's children.
    static func forEach(in root: xmlNodePtr, includingRoot: Bool = false, _ body: (xmlNodePtr) -> Step) {
        var current: xmlNodePtr? = includingRoot ? root : root.pointee.children
        while let node = current {
            let step = body(node)
            if step == .stop { return }
            if step == .children, node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                current = child
                continue
            }
            // The next node: a sibling, or the sibling of the nearest ancestor that has one.
            var climb: xmlNodePtr? = node
            while let up = climb, up != root, up.pointee.next == nil { climb = up.pointee.parent }
            guard let up = climb, up != root else { return }
            current = up.pointee.next
        }
    }

    private mutating func element(_ node: xmlNodePtr) {
        guard let namePointer = node.pointee.name else { return }
        let name = String(cString: namePointer)
        switch name {
        case "head":
            readHead(node)
            return
        case "title":
            if metadata.titleTag == nil { metadata.titleTag = PageMetadata.collapsingSpaces(textContent(node)) }
            return
        case "meta":
            readMeta(node)
            return
        case "link":
            readLink(node)
            return
        case "script":
            if attribute(node, "type")?.lowercased() == "application/ld+json" { metadata.addJSONLD(textContent(node)) }
            return
        case "br":
            endLine()
            return
        case "time":
            if metadata.firstTime == nil, let when = attribute(node, "datetime"), !when.isEmpty { metadata.firstTime = when }
        default:
            break
        }
        if Self.skipped.contains(name) || isHidden(node) { return }
        let words = classWords(node)
        let furniture = isFurniture(node, name: name, words: words)
        let link = name == "a"
        if furniture { furnitureDepth += 1 }
        if link { linkDepth += 1 }
        let saved = (currentNode, currentBlock, currentHeading)
        currentNode = content.add(parent: currentNode, name: name, classWords: words)
        if Self.blocks.contains(name) || name == "li" { currentBlock = currentNode }
        if name.utf8.count == 2, name.hasPrefix("h"), let level = name.utf8.last.map({ $0 &- UInt8(ascii: "0") }), (1...6).contains(level) {
            currentHeading = level
        }
        defer {
            if furniture { furnitureDepth -= 1 }
            if link { linkDepth -= 1 }
            (currentNode, currentBlock, currentHeading) = saved
        }
        switch name {
        case "tr":
            endLine()
            cellsInRow = 0
            visit(node)
            endLine()
        case "td", "th":
            // Cells of a row stay on the row's line, a tab apart.
            if cellsInRow > 0 && !line.isEmpty { line.append("\t"); pendingSpace = false }
            cellsInRow += 1
            visit(node)
        case "pre", "listing", "xmp", "plaintext":
            endLine()
            preDepth += 1
            visit(node)
            preDepth -= 1
            endLine()
        case "img":
            break
        default:
            if Self.blocks.contains(name) || name == "li" {
                endLine()
                visit(node)
                endLine()
            } else {
                visit(node)
                // A time in a ticker or a dateline is a word of its own: "10:32Headline" is not.
                if name == "time" { pendingSpace = true }
            }
        }
    }

    /// The head gives metadata only; a body's elements that a broken page put there are still read.
    private mutating func readHead(_ node: xmlNodePtr) {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, let namePointer = current.pointee.name {
                let name = String(cString: namePointer)
                switch name {
                case "title", "meta", "link", "script": element(current)
                default: break
                }
            }
            child = current.pointee.next
        }
    }

    private mutating func readMeta(_ node: xmlNodePtr) {
        guard let content = attribute(node, "content") else { return }
        let value = PageMetadata.collapsingSpaces(content)
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let name = attribute(node, key)?.lowercased(), !name.isEmpty, metadata.meta[name] == nil {
                metadata.meta[name] = value
            }
        }
    }

    private mutating func readLink(_ node: xmlNodePtr) {
        guard metadata.canonical == nil, let rel = attribute(node, "rel")?.lowercased(),
              rel.split(separator: " ").contains("canonical"), let href = attribute(node, "href"), !href.isEmpty else { return }
        metadata.canonical = href.trimmingSpaces
    }

    private func isHidden(_ node: xmlNodePtr) -> Bool {
        var property = node.pointee.properties
        while let current = property {
            if let namePointer = current.pointee.name {
                switch String(cString: namePointer).lowercased() {
                case "hidden": return true
                case "aria-hidden":
                    if attributeValue(current)?.lowercased().trimmingSpaces == "true" { return true }
                case "style":
                    if let style = attributeValue(current)?.lowercased() {
                        let compact = style.unicodeScalars.filter { !Self.isSpace($0) }
                        let text = String(String.UnicodeScalarView(compact))
                        if text.contains("display:none") || text.contains("visibility:hidden") { return true }
                    }
                default: break
                }
            }
            property = current.pointee.next
        }
        return false
    }

    private func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let namePointer = current.pointee.name, strcasecmpName(namePointer, name) { return attributeValue(current) ?? "" }
            property = current.pointee.next
        }
        return nil
    }

    private func strcasecmpName(_ pointer: UnsafePointer<xmlChar>, _ name: String) -> Bool {
        var index = 0
        for byte in name.utf8 {
            let other = pointer[index]
            if other == 0 || (other | 0x20) != (byte | 0x20) { return false }
            index += 1
        }
        return pointer[index] == 0
    }

    private func attributeValue(_ attribute: xmlAttrPtr) -> String? {
        var result = ""
        var child = attribute.pointee.children
        while let current = child {
            if let content = current.pointee.content { result += String(cString: content) }
            child = current.pointee.next
        }
        return result
    }

    /// All text below a node (a title, a script), as it is.
    private func textContent(_ root: xmlNodePtr) -> String {
        var result = ""
        Self.forEach(in: root) { node in
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                if let content = node.pointee.content { result += String(cString: content) }
            }
            return .children
        }
        return result
    }

    private mutating func appendText(_ content: UnsafePointer<xmlChar>) {
        let text = String(cString: content)
        if preDepth > 0 {
            for scalar in text.unicodeScalars {
                if scalar == "\n" {
                    endLine(keepBlank: true)
                } else if scalar != "\r" {
                    line.append(scalar == "\u{A0}" ? " " : scalar)
                    count()
                }
            }
            return
        }
        for scalar in text.unicodeScalars {
            if Self.isSpace(scalar) {
                pendingSpace = true
            } else {
                if pendingSpace && !line.isEmpty, let last = line.last, last != "\t" { line.append(" ") }
                pendingSpace = false
                line.append(scalar)
                count()
                if scalar == "," || scalar == "\u{060C}" || scalar == "\u{3001}" || scalar == "\u{FF0C}" { lineCommas += 1 }
            }
        }
    }

    private mutating func count() {
        if lineCharacters == 0 { (lineOwner, lineHeading) = (currentBlock, currentHeading) }
        lineCharacters += 1
        if furnitureDepth > 0 { furnitureCharacters += 1 }
        if linkDepth > 0 { linkCharacters += 1 }
    }

    private mutating func endLine(keepBlank: Bool = false) {
        pendingSpace = false
        // Trailing white space (a pre line's, or a tab after an empty cell) does not count.
        while let last = line.last, Self.isSpace(last) { line.removeLast() }
        if !line.isEmpty {
            lines.append(String(line))
            let characters = max(1, lineCharacters)
            markup.furniture.append(furnitureCharacters * 2 > characters)
            markup.linkShare.append(Float(linkCharacters) / Float(characters))
            markup.main.append(true)
            markup.heading.append(lineHeading)
            contentLines.append(ContentTree.Line(owner: lineOwner, characters: lineCharacters, linkCharacters: linkCharacters, commas: lineCommas,
                                                 furniture: markup.furniture[markup.furniture.count - 1]))
        }
        line = String.UnicodeScalarView()
        (lineCharacters, furnitureCharacters, linkCharacters, lineCommas) = (0, 0, 0, 0)
    }
}
