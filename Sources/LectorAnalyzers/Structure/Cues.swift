import LectorKit

/// The kinds of cue phrase for page furniture (the phrases are in `CueLexicon`). They help the
/// shape of the page (`StructureAnalyzer` decides mostly from line length, punctuation,
/// truncation, repetition, position and counters); a page in a language missing there is still
/// read by its shape.
enum Cue: String, Sendable {
    case comments, readAlso, related, share, social, newsletter, viewOn, home, caption, advert, profile, login
    /// Not boilerplate: a byline begins with the phrase ("By", "Автор:") or ends with it ("기자").
    case byline, bylineAfter
    /// A platform's name ("WhatsApp"): only a share word (`CueLexicon.shareWords`).
    case platform

    /// Related-news and read-more headers start the page's tail of link lists.
    var startsTail: Bool { self == .related || self == .readAlso || self == .viewOn }

    /// Whether a cue phrase of `phraseWords` words found at `position` in a line of `words`
    /// words makes the line boilerplate: each kind has its own limits, so that "Comment Macron a
    /// gagné", "Facebook kauft WhatsApp" and "Chia sẻ của Thủ tướng về giáo dục" stay headlines.
    /// A prompt (share, follow, subscribe, read more, related) is short and begins or ends its
    /// line; a phrase of one word must begin a line of three words (four for share, follow and
    /// newsletter prompts) or end one of four.
    /// `separated`: a colon or dash follows the phrase ("Baca juga: ...", a linked article).
    /// Platforms' names in the line do not count against a prompt's limits ("ما را در تلگرام
    /// دنبال کنید", "Follow us on Facebook, X and Instagram"). `counted`: the line has one number.
    func marksBoilerplate(
        words: Int, phraseWords: Int, position: Int, platforms: Int, counted: Bool, hasBreadcrumb: Bool, separated: () -> Bool
    ) -> Bool {
        let rest = words - phraseWords
        switch self {
        case .comments:
            return (position == 0 && words <= max(2, phraseWords + 1)) || (counted && rest <= 2)
        case .readAlso, .related, .share, .social, .newsletter, .viewOn:
            let rest = rest - platforms
            if position == 0 {
                let extra = phraseWords == 1 ? (self == .readAlso || self == .related ? 2 : 3) : (self == .social || self == .newsletter ? 6 : 4)
                return rest <= extra || (self == .readAlso && words <= 16 && separated())
            }
            // The phrase ends the line ("Haberi paylaş", "Get our weekly newsletter", "ما را در
            // تلگرام دنبال کنید"), or a phrase of two words or more sits in a short one.
            let ends = position + phraseWords == words
            return (rest <= 3 && (ends || phraseWords >= 2)) || (ends && rest <= 4 && (self == .social || self == .newsletter))
        case .home: return position == 0 && (words <= 2 || hasBreadcrumb)
        case .caption: return position == 0 && (words <= 2 || (words <= 30 && separated()))  // "Foto: ...", not "Foto udara ..."
        case .advert, .login: return words <= max(2, phraseWords)
        case .profile: return words <= max(3, phraseWords)
        case .byline, .bylineAfter, .platform: return false
        }
    }

    /// The words of a text in lookup form, as hashes: letters with their marks, and the
    /// apostrophes (' ’ ʼ, all as ') and hyphens inside them. `stems`: each word only up to its
    /// first apostrophe or hyphen ("Telegram-da", "Instagram'da" as "telegram", "instagram").
    static func words(of text: some Sequence<Unicode.Scalar>, stems: Bool = false) -> [UInt64] {
        var words: [UInt64] = []
        var hash = WordKeys.basis
        var inWord = false, cut = false
        let table = ScalarTable.shared
        for original in text {
            WordForms.fold(original) { scalar in
                if table.isLetterOrMark(scalar) || (inWord && (scalar == "'" || scalar == "-" || scalar == "\u{2019}" || scalar == "\u{02BC}")) {
                    inWord = true
                    let value = scalar.value
                    if cut || (stems && !table.isLetterOrMark(scalar)) {
                        cut = true
                    } else if value < 0x80 {
                        hash = (hash ^ UInt64(value)) &* WordKeys.prime
                    } else if value == 0x2019 || value == 0x02BC {
                        hash = (hash ^ 0x27) &* WordKeys.prime
                    } else {
                        for byte in UTF8.encode(scalar)! { hash = (hash ^ UInt64(byte)) &* WordKeys.prime }
                    }
                } else if inWord {
                    words.append(hash)
                    hash = WordKeys.basis
                    inWord = false
                    cut = false
                }
            }
        }
        if inWord { words.append(hash) }
        return words
    }

    static func words(of text: String) -> [UInt64] { words(of: text.unicodeScalars) }
}
