import LectorKit

/// Multilingual cue phrases for page furniture. They help the shape of the page (`StructureAnalyzer`
/// decides mostly from line length, punctuation, truncation, repetition, position and counters);
/// a page in a language missing here is still read by its shape.
enum Cue: String, Sendable {
    case social, comments, newsletter, related, viewOn, home, caption, advert, profile, login

    /// Related-news and read-more headers start the page's tail of link lists.
    var startsTail: Bool { self == .related || self == .viewOn }

    /// Phrases in lookup form (`WordForms.lookupForm`), matched as whole words.
    static let phrases: [Cue: [String]] = [
        .social: [
            "folgen sie uns", "folge uns", "follow us", "suivez-nous", "suivez nous", "síguenos", "siguenos", "seguici", "siga-nos",
            "bizi takip edin", "takip edin", "подписывайтесь", "подпишитесь на нас", "следите за нами", "עקבו אחרינו", "עקבו אחרי",
            "تابعونا", "تابعنا", "share this", "share on", "auf facebook teilen", "partager sur", "compartir en", "поделиться",
            "שתפו", "شارك", "شاركوا",
        ],
        .comments: [
            "kommentare", "kommentar", "comments", "comment", "commentaires", "commentaire", "comentarios", "comentario", "commenti",
            "yorumlar", "yorum", "reacties", "reactie", "komentarze", "komentarzy", "comentários", "комментарии", "комментариев", "комментарий", "תגובות", "תגובה", "تعليقات", "تعليق", "التعليقات",
        ],
        .newsletter: [
            "newsletter", "abonnieren", "subscribe", "s'abonner", "abonnez-vous", "suscríbete", "suscribete", "iscriviti", "abone ol",
            "подписаться", "подписка", "הירשמו", "הרשמו", "اشترك", "اشتركوا", "النشرة البريدية", "النشره البريديه",
        ],
        .related: [
            "read more", "read also", "see also", "related", "related news", "related articles", "more news", "latest news", "most read",
            "more from", "weiterlesen", "mehr zum thema", "lesen sie auch", "auch interessant", "das könnte sie auch interessieren",
            "meistgelesen", "neueste artikel", "lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "sur le même sujet",
            "les plus lus", "leer más", "lee también", "noticias relacionadas", "te puede interesar", "lo más leído", "ilgili haberler",
            "devamını oku", "son dakika", "en çok okunanlar", "читайте также", "другие новости", "похожие новости", "последние новости",
            "читать далее", "популярное", "קראו עוד", "קרא עוד", "כתבות נוספות", "עוד בנושא", "חדשות אחרונות", "הנקראים ביותר",
            "leggi anche", "potrebbe interessarti", "lees ook", "meer nieuws", "czytaj także", "czytaj też", "zobacz także",
            "leia também", "leia mais", "veja também", "notícias relacionadas", "اقرأ أيضا", "اقرأ ايضا", "أخبار ذات صلة", "أخبار متعلقة", "قد يهمك", "آخر الأخبار", "أخر الأخبار", "الأكثر قراءة",
            "الأكثر مشاهدة", "مواضيع ذات صلة", "مقالات ذات صلة", "المزيد",
        ],
        .viewOn: ["view on", "ansehen auf", "voir sur", "ver en", "посмотреть на", "عرض على"],
        .home: ["home", "startseite", "accueil", "inicio", "главная", "דף הבית", "الرئيسية", "ana sayfa", "anasayfa"],
        .caption: [
            "foto", "photo", "photos", "bild", "image", "credit", "crédit", "crédito", "fotoğraf", "фото", "צילום", "תמונה",
            "صورة", "الصورة",
        ],
        .advert: ["anzeige", "advertisement", "werbung", "publicité", "publicidad", "pubblicità", "реклама", "פרסומת", "إعلان", "sponsored", "gesponsert"],
        .profile: ["avatar", "profile picture", "profilbild"],
        .login: ["login", "log in", "sign in", "anmelden", "einloggen", "connexion", "iniciar sesión", "войти", "התחברות", "تسجيل الدخول", "menu", "menü", "меню", "תפריט", "القائمة", "suche", "search"],
    ]

    /// Phrases as lists of word hashes, keyed by their first word's. Words are compared by a
    /// 64-bit hash of their lookup form's UTF-8: String hashing normalizes, which is slow.
    static let index: [UInt64: [(words: [UInt64], cue: Cue)]] = {
        var index: [UInt64: [(words: [UInt64], cue: Cue)]] = [:]
        for (cue, phrases) in phrases {
            for phrase in phrases {
                let words = Self.words(of: WordForms.lookupForm(phrase))
                guard let first = words.first else { continue }
                index[first, default: []].append((words, cue))
            }
        }
        return index
    }()

    /// The words of a text in lookup form, as hashes: letters with their marks, and the
    /// apostrophes and hyphens inside them.
    static func words(of text: some Sequence<Unicode.Scalar>) -> [UInt64] {
        var words: [UInt64] = []
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325
        var hash = basis
        var inWord = false
        let table = ScalarTable.shared
        for original in text {
            WordForms.fold(original) { scalar in
                if table.isLetterOrMark(scalar) || ((scalar == "'" || scalar == "-") && inWord) {
                    inWord = true
                    let value = scalar.value
                    if value < 0x80 {
                        hash = (hash ^ UInt64(value)) &* 0x100_0000_01B3
                    } else {
                        for byte in UTF8.encode(scalar)! { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                    }
                } else if inWord {
                    words.append(hash)
                    hash = basis
                    inWord = false
                }
            }
        }
        if inWord { words.append(hash) }
        return words
    }

    static func words(of text: String) -> [UInt64] { words(of: text.unicodeScalars) }

    /// Words that make a line of share buttons when it has nothing else.
    static let shareWords: Set<UInt64> = [
        "facebook", "twitter", "x", "whatsapp", "telegram", "instagram", "tiktok", "youtube", "linkedin", "email", "e-mail", "mail",
        "share", "teilen", "partager", "compartir", "condividi", "delen", "udostępnij", "paylaş", "compartilhar", "partilhar",
        "поделиться", "שתפו", "شارك", "print", "drucken", "imprimer", "copy", "link", "pinterest", "reddit", "vk",
    ].reduce(into: []) { $0.formUnion(words(of: WordForms.lookupForm($1))) }

    /// The cue a line's words contain, if any (the earliest in the line), where it stands.
    static func find(in words: [UInt64]) -> (cue: Cue, position: Int)? {
        for start in words.indices {
            guard let candidates = index[words[start]] else { continue }
            for candidate in candidates where words.count - start >= candidate.words.count {
                if zip(candidate.words, words[start...]).allSatisfy({ $0 == $1 }) { return (candidate.cue, start) }
            }
        }
        return nil
    }

    /// Whether a cue found in a line makes the line boilerplate: each kind of cue has its own
    /// limits, so that "Comment Macron a gagné" or "Facebook kauft WhatsApp" stay headlines.
    func marksBoilerplate(words: Int, position: Int, hasDigit: Bool, hasBreadcrumb: Bool) -> Bool {
        switch self {
        case .social, .related, .viewOn: return words <= 8
        case .newsletter: return words <= 10
        case .comments: return words <= 2 || (words <= 4 && hasDigit)
        case .home: return position == 0 && (words <= 2 || hasBreadcrumb)
        case .caption: return position == 0 && words <= 30
        case .advert, .login: return words <= 2
        case .profile: return words <= 3
        }
    }
}
