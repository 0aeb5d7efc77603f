/// Where a page's article is: the element that holds most of its running text, and those of
/// its siblings that belong with it.
///
/// The HTML reader adds an entry for every element it walks and says which block element each
/// line of text is in. Each line of running text (25 characters or more, mostly not link text,
/// not in page furniture such as a comment thread)
/// scores `1 + commas + min(characters / 100, 3)`; the score goes to the element that holds the
/// paragraph, half of it to that element's parent, and less to each ancestor above. An element's
/// score starts from what it is (a `div` or `article` is likely to hold text, a list, a form or a
/// heading is not), is weighed by the share of its text that is not link text, and by the words
/// of its class and id (article, content, story, body... 1.5; comment, sidebar, share,
/// related... 0.25). The best element is the main content, with the siblings that score at least
/// a fifth of it, and sibling paragraphs of plain running text.
struct ContentTree {
    struct Node {
        var parent: Int32
        /// What the element's name says of it (see `nameWeight`).
        var nameWeight: Int16
        /// What its class and id say: 1 (an article's words), -1 (furniture's), or 0 (neither, or both).
        var wordSign: Int8
        /// The element holds its text in paragraph elements (`p`, `pre`, `td`, headings, list
        /// items) rather than directly.
        var isParagraphElement: Bool
        var characters: Int32 = 0
        var linkCharacters: Int32 = 0
        var score: Float = 0
        var scored = false
    }

    private(set) var nodes: [Node] = []

    /// Adds an element under `parent` (-1 for none) and returns its index.
    mutating func add(parent: Int, name: String, classWords: [String]) -> Int {
        let positive = classWords.contains { Self.positiveWords.contains($0) }
        let negative = classWords.contains { Self.negativeWords.contains($0) }
        nodes.append(Node(parent: Int32(parent), nameWeight: Self.nameWeight(name), wordSign: (positive ? 1 : 0) - (negative ? 1 : 0),
                          isParagraphElement: Self.paragraphElements.contains(name)))
        return nodes.count - 1
    }

    static let paragraphElements: Set<String> = [
        "p", "pre", "td", "th", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "caption",
    ]

    static func nameWeight(_ name: String) -> Int16 {
        switch name {
        case "article", "main": return 10
        case "div", "section": return 5
        case "pre", "td", "blockquote": return 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form", "nav", "aside", "footer", "header": return -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": return -5
        default: return 0
        }
    }

    /// Class and id words of elements that hold an article's text.
    static let positiveWords: Set<String> = [
        "article", "articlebody", "body", "content", "entry", "main", "page", "post", "text", "blog", "story", "hentry",
        "prose", "richtext", "storybody", "postbody", "entrycontent", "articletext", "news",
    ]
    /// Class and id words of elements that are not the article.
    static let negativeWords: Set<String> = [
        "comment", "comments", "meta", "footer", "footnote", "sidebar", "widget", "share", "sharing", "social", "related",
        "recommended", "nav", "navbar", "navigation", "menu", "ad", "ads", "advert", "advertisement", "banner", "promo",
        "sponsor", "sponsored", "masthead", "popup", "modal", "newsletter", "subscribe", "cookie", "breadcrumb",
        "breadcrumbs", "tags", "outbrain", "taboola", "teaser", "more", "aside", "byline", "author", "caption",
    ]

    /// One line of the page's text: the element it is in, and its characters.
    struct Line {
        var owner: Int
        var characters: Int
        var linkCharacters: Int
        var commas: Int
        /// Most of the line is inside page furniture (a comment thread, a menu...).
        var furniture: Bool
    }

    /// Whether each line is in the main content; nil when no line is running text.
    func mainContent(_ lines: [Line]) -> [Bool]? {
        guard !nodes.isEmpty else { return nil }
        var nodes = self.nodes
        for line in lines where line.owner >= 0 {
            nodes[line.owner].characters += Int32(line.characters)
            nodes[line.owner].linkCharacters += Int32(line.linkCharacters)
        }
        // Children come after their parents: one pass from the end adds each to its parent.
        for index in nodes.indices.reversed() where nodes[index].parent >= 0 {
            let parent = Int(nodes[index].parent)
            nodes[parent].characters += nodes[index].characters
            nodes[parent].linkCharacters += nodes[index].linkCharacters
        }
        func start(_ index: Int) {
            if !nodes[index].scored {
                nodes[index].scored = true
                nodes[index].score = Float(nodes[index].nameWeight)
            }
        }
        for line in lines where line.owner >= 0 && !line.furniture && line.characters >= 25 && line.linkCharacters * 2 < line.characters {
            let score = 1 + Float(line.commas) + min(Float(line.characters) / 100, 3)
            // Text in a paragraph element scores for the element around it; text written
            // straight into a container scores for the container.
            var index = nodes[line.owner].isParagraphElement ? Int(nodes[line.owner].parent) : line.owner
            var level = 0
            while index >= 0 && level < 5 {
                start(index)
                nodes[index].score += level == 0 ? score : level == 1 ? score / 2 : score / Float(level * 3)
                index = Int(nodes[index].parent)
                level += 1
            }
        }
        func linkDensity(_ node: Node) -> Float {
            node.characters > 0 ? Float(node.linkCharacters) / Float(node.characters) : 0
        }
        var best = -1
        var bestScore: Float = 0
        for index in nodes.indices where nodes[index].scored {
            let words = nodes[index].wordSign
            let score = nodes[index].score * (1 - linkDensity(nodes[index])) * (words > 0 ? 1.5 : words < 0 ? 0.25 : 1)
            nodes[index].score = score
            if best < 0 || score > bestScore { (best, bestScore) = (index, score) }
        }
        // No running text, or only in elements at the top with nothing around them to score.
        guard best >= 0 else { return nil }
        // An article cut into many small elements (a wrapper per paragraph) scores in each: when
        // three or more others score nearly as well, the best is the nearest ancestor that holds
        // three of them.
        let close = nodes.indices.filter { $0 != best && nodes[$0].scored && nodes[$0].score >= bestScore * 0.75 }
        if close.count >= 3 {
            func isAncestor(_ ancestor: Int, of node: Int) -> Bool {
                var index = node
                while index >= 0 { if index == ancestor { return true }; index = Int(nodes[index].parent) }
                return false
            }
            var ancestor = Int(nodes[best].parent)
            while ancestor >= 0 {
                if close.count(where: { isAncestor(ancestor, of: $0) }) >= 3 {
                    best = ancestor
                    break
                }
                ancestor = Int(nodes[ancestor].parent)
            }
        }
        // And an ancestor that scores higher than the elements between, before its score falls to
        // a third of the best's, holds more of the article.
        var lastScore = nodes[best].scored ? nodes[best].score : bestScore
        var ancestor = Int(nodes[best].parent)
        while ancestor >= 0 {
            if nodes[ancestor].scored {
                let score = nodes[ancestor].score
                if score < bestScore / 3 { break }
                if score > lastScore {
                    best = ancestor
                    break
                }
                lastScore = score
            }
            ancestor = Int(nodes[ancestor].parent)
        }
        bestScore = nodes[best].scored ? nodes[best].score : bestScore
        // The best element and its siblings that belong with it.
        var selected = [Bool](repeating: false, count: nodes.count)
        selected[best] = true
        let parent = nodes[best].parent
        let threshold = max(10, bestScore * 0.2)
        if parent >= 0 {
            for index in nodes.indices where nodes[index].parent == parent && index != best {
                let node = nodes[index]
                let density = linkDensity(node)
                if node.scored && node.score >= threshold {
                    selected[index] = true
                } else if node.isParagraphElement && node.characters > 80 && density < 0.25 {
                    selected[index] = true
                }
            }
        }
        var inMain = [Bool](repeating: false, count: nodes.count)
        for index in nodes.indices {
            inMain[index] = selected[index] || (nodes[index].parent >= 0 && inMain[Int(nodes[index].parent)])
        }
        return lines.map { $0.owner >= 0 && inMain[$0.owner] }
    }
}
