import LectorKit

/// A calendar date found in a text.
public struct FoundDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Where it was written, in scalars from the start of the text searched.
    public var span: Span

    /// ISO 8601: 2024-10-30.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// Finds dates written as news pages write them: "30 октября 2024", "الأربعاء 30 أكتوبر 2024",
/// "30. Oktober 2024", "October 30, 2024", "30 de octubre de 2024", "1er novembre 2024",
/// "30 באוקטובר 2024", "30 Ekim 2024", "2024-10-30", "30.10.2024", "10/30/2024", in any digits
/// (ASCII, Arabic-Indic, Persian). Month names in ar (Egyptian, Maghrebi and Levantine), de,
/// en, es, fr, he, it, nl, pt, ru, tr, uk; a weekday before the date is allowed and ignored.
public enum DateFinder {
    enum Token {
        case number(value: Int, digits: Int)
        case word(String)
        case mark(Unicode.Scalar)
    }

    struct Located {
        var token: Token
        var start: Int
        var end: Int
    }

    /// Every date in `text`, in order.
    public static func dates(in text: some StringProtocol) -> [FoundDate] {
        dates(in: Array(text.unicodeScalars))
    }

    /// Every date in the scalars, in order; spans count from the first scalar.
    public static func dates(in scalars: [Unicode.Scalar]) -> [FoundDate] {
        // Cheap exit: no digit, no date.
        guard scalars.contains(where: { WordForms.digitValue($0) != nil }) else { return [] }
        let tokens = tokenize(scalars)
        var found: [FoundDate] = []
        var index = 0
        while index < tokens.count {
            if let (date, next) = match(tokens, at: index) {
                found.append(date)
                index = next
            } else {
                index += 1
            }
        }
        return found
    }

    static func tokenize(_ scalars: [Unicode.Scalar]) -> [Located] {
        var tokens: [Located] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if let digit = WordForms.digitValue(scalar) {
                let start = index
                var value = digit
                index += 1
                while index < scalars.count, let next = WordForms.digitValue(scalars[index]), index - start < 9 {
                    value = value * 10 + next
                    index += 1
                }
                tokens.append(Located(token: .number(value: value, digits: index - start), start: start, end: index))
            } else if ScalarTable.shared.isLetter(scalar) {
                let start = index
                while index < scalars.count, ScalarTable.shared.isLetterOrMark(scalars[index]) {
                    index += 1
                }
                // Month names are short; a long word is only a word.
                let word = index - start <= 12 ? WordForms.lookupForm(UTF8Text.string(scalars[start..<index])) : ""
                tokens.append(Located(token: .word(word), start: start, end: index))
            } else if ScalarTable.isSpace(scalar.value) {
                index += 1
            } else {
                tokens.append(Located(token: .mark(scalar), start: index, end: index + 1))
                index += 1
            }
        }
        return tokens
    }

    static func match(_ tokens: [Located], at start: Int) -> (FoundDate, Int)? {
        var cursor = Cursor(tokens: tokens, index: start)
        switch tokens[start].token {
        case .number(let first, let digits):
            if digits == 4 {
                // 2024-10-30, 2024/10/30, 2024.10.30
                var iso = cursor
                iso.index += 1
                if let separator = iso.mark(), "-/.".unicodeScalars.contains(separator), let month = iso.number(maxDigits: 2),
                   iso.mark() == separator, let day = iso.number(maxDigits: 2),
                   let date = make(first, month, day, tokens, start, iso.index) {
                    return (date, iso.index)
                }
                return nil
            }
            guard digits <= 2 else { return nil }
            cursor.index += 1
            // 30.10.2024, 30/10/2024, 10/30/2024
            var numeric = cursor
            if let separator = numeric.mark(), "./-".unicodeScalars.contains(separator), let second = numeric.number(maxDigits: 2),
               numeric.mark() == separator, let year = numeric.number(exactDigits: 4) {
                let (day, month) = second > 12 && first <= 12 ? (second, first) : (first, second)
                if let date = make(year, month, day, tokens, start, numeric.index) { return (date, numeric.index) }
            }
            // 30 октября 2024, 30. Oktober 2024, 1er novembre 2024, 30 de octubre de 2024, 30th of October 2024
            _ = cursor.skipMark(".")
            cursor.skipWords(ordinalSuffixes)
            cursor.skipWords(["de", "del", "of"])
            if let month = cursor.monthName() {
                _ = cursor.skipMark(".") || cursor.skipMark(",")
                cursor.skipWords(["de", "del"])
                if let year = cursor.number(exactDigits: 4), let date = make(year, month, first, tokens, start, cursor.index) {
                    return (date, cursor.index)
                }
            }
            return nil
        case .word:
            // October 30, 2024; Oct. 30 2024
            guard let month = cursor.monthName() else { return nil }
            _ = cursor.skipMark(".")
            guard let day = cursor.number(maxDigits: 2) else { return nil }
            cursor.skipWords(ordinalSuffixes)
            _ = cursor.skipMark(",")
            guard let year = cursor.number(exactDigits: 4), let date = make(year, month, day, tokens, start, cursor.index) else { return nil }
            return (date, cursor.index)
        case .mark:
            return nil
        }
    }

    static func make(_ year: Int, _ month: Int, _ day: Int, _ tokens: [Located], _ first: Int, _ next: Int) -> FoundDate? {
        guard (1800...2200).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month, year) else { return nil }
        return FoundDate(year: year, month: month, day: day, span: Span(start: tokens[first].start, end: tokens[next - 1].end))
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    struct Cursor {
        let tokens: [Located]
        var index: Int

        mutating func mark() -> Unicode.Scalar? {
            guard index < tokens.count, case .mark(let scalar) = tokens[index].token else { return nil }
            index += 1
            return scalar
        }

        mutating func skipMark(_ scalar: Unicode.Scalar) -> Bool {
            guard index < tokens.count, case .mark(let found) = tokens[index].token, found == scalar else { return false }
            index += 1
            return true
        }

        mutating func skipWords(_ words: Set<String>) {
            if index < tokens.count, case .word(let word) = tokens[index].token, words.contains(word) { index += 1 }
        }

        mutating func number(maxDigits: Int) -> Int? {
            guard index < tokens.count, case .number(let value, let digits) = tokens[index].token, digits <= maxDigits else { return nil }
            index += 1
            return value
        }

        mutating func number(exactDigits: Int) -> Int? {
            guard index < tokens.count, case .number(let value, let digits) = tokens[index].token, digits == exactDigits else { return nil }
            index += 1
            return value
        }

        /// A month name, with the Hebrew prefixes ב/ל and the two-word Levantine Arabic names.
        mutating func monthName() -> Int? {
            guard index < tokens.count, case .word(let word) = tokens[index].token else { return nil }
            if let month = DateFinder.months[word] {
                index += 1
                return month
            }
            if let first = word.unicodeScalars.first, first == "\u{05D1}" || first == "\u{05DC}",
               let month = DateFinder.months[String(word.unicodeScalars.dropFirst())] {
                index += 1
                return month
            }
            if let pair = DateFinder.levantineMonths[word], index + 1 < tokens.count, case .word(let second) = tokens[index + 1].token,
               let month = pair[second] {
                index += 2
                return month
            }
            return nil
        }
    }

    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th", "er", "re", "e", "eme", "ème", "º", "ª"]

    /// Month names in lookup form (see `WordForms.lookupForm`), with common abbreviations.
    static let months: [String: Int] = {
        let names: [[String]] = [
            // en, de, fr, es, it, pt, nl, tr, ru (genitive and nominative), uk, he, ar (Egyptian, Maghrebi)
            ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "janeiro", "januari", "ocak",
             "января", "январь", "січня", "ינואר", "يناير", "جانفي"],
            ["february", "feb", "februar", "février", "fevrier", "févr", "febrero", "febbraio", "fevereiro", "februari", "şubat", "subat",
             "февраля", "февраль", "лютого", "פברואר", "فبراير", "فيفري"],
            ["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mart", "марта", "март", "березня", "מרץ", "מרס", "مارس"],
            ["april", "apr", "avril", "abril", "aprile", "nisan", "апреля", "апрель", "квітня", "אפריל", "ابريل", "افريل"],
            ["may", "mai", "mayo", "maggio", "maio", "mei", "mayıs", "mayis", "мая", "май", "травня", "מאי", "مايو", "ماي"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "junho", "haziran", "июня", "июнь", "червня", "יוני", "يونيو", "يونيه", "جوان"],
            ["july", "jul", "juli", "juillet", "julio", "luglio", "julho", "temmuz", "июля", "июль", "липня", "יולי", "يوليو", "يوليه", "يوليوز", "جويلية"],
            ["august", "aug", "août", "aout", "agosto", "augustus", "ağustos", "agustos", "августа", "август", "серпня", "אוגוסט", "اغسطس", "غشت", "اوت"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro", "eylül", "eylul",
             "сентября", "сентябрь", "вересня", "ספטמבר", "سبتمبر", "شتنبر"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro", "ekim", "октября", "октябрь", "жовтня", "אוקטובר", "اكتوبر"],
            ["november", "nov", "novembre", "noviembre", "novembro", "kasım", "kasim", "ноября", "ноябрь", "листопада", "נובמבר", "نوفمبر", "نونبر"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dicembre", "dezembro", "aralık", "aralik",
             "декабря", "декабрь", "грудня", "דצמבר", "ديسمبر", "دجنبر"],
        ]
        var months: [String: Int] = [:]
        for (index, words) in names.enumerated() {
            for word in words { months[WordForms.lookupForm(word)] = index + 1 }
        }
        // Levantine single-word names.
        for (word, month) in [("شباط", 2), ("اذار", 3), ("نيسان", 4), ("ايار", 5), ("حزيران", 6), ("تموز", 7), ("اب", 8), ("ايلول", 9)] {
            months[WordForms.lookupForm(word)] = month
        }
        return months
    }()

    /// كانون الثاني (January), تشرين الأول (October)...
    static let levantineMonths: [String: [String: Int]] = [
        WordForms.lookupForm("كانون"): [WordForms.lookupForm("الثاني"): 1, WordForms.lookupForm("الأول"): 12],
        WordForms.lookupForm("تشرين"): [WordForms.lookupForm("الأول"): 10, WordForms.lookupForm("الثاني"): 11],
    ]
}
