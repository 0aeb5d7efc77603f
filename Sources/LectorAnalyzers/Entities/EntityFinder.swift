import LectorKit

/// One mention of an entity in a text.
public struct EntityMention: Sendable, Equatable {
    public enum Kind: String, Sendable { case country, city, organisation, person, name }

    public var id: String
    public var type: Kind
    public var name: String
    public var text: String
    /// Scalar offsets in the document text.
    public var start: Int
    public var end: Int
    /// A city's country.
    public var country: String?
    /// How sure the finder is, for persons and other names (names from the gazetteer are 1).
    public var confidence: Double?
}

/// Finds the gazetteer's names in a text, then the persons: capitalised words that are no
/// common word and no other name, and the words after a title (وزير، השר, министр, minister).
struct EntityFinder: Sendable {
    let gazetteer: Gazetteer

    /// Languages that capitalise every noun: a capitalised word there is no sign of a name.
    static let nounCapitalising: Set<String> = ["de", "lb"]

    /// Languages that write a genitive s on names (Frankreichs, Sveriges, Nederlands).
    static let genitiveLanguages: Set<String> = ["de", "lb", "nl", "sv", "da", "nb", "nn", "is", "af"]

    func find(in scalars: [Unicode.Scalar], text: EntityText, language: String? = nil, people: Bool = true) -> [EntityMention] {
        var mentions: [EntityMention] = []
        var covered = [Bool](repeating: false, count: text.words.count)
        let capitalisesNouns = language.map(Self.nounCapitalising.contains) ?? Self.capitalisesNouns(text)
        var text = text
        text.genitiveS = language.map(Self.genitiveLanguages.contains) ?? capitalisesNouns
        var index = 0
        while index < text.words.count {
            if let (mention, last) = match(at: index, in: text, scalars: scalars, previous: mentions.last, capitalisesNouns: capitalisesNouns) {
                if let mention { mentions.append(mention) }
                for word in index...last { covered[word] = true }
                index = last + 1
            } else {
                index += 1
            }
        }
        if people {
            mentions += persons(in: text, scalars: scalars, covered: covered, capitalisesNouns: capitalisesNouns)
        }
        mentions.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return mentions
    }

    /// The longest name starting at word `index`, and its last word; the mention is nil for a
    /// region that only keeps a country's name inside it from being taken (Latin America).
    func match(at index: Int, in text: EntityText, scalars: [Unicode.Scalar], previous: EntityMention?, capitalisesNouns: Bool = false) -> (EntityMention?, Int)? {
        let words = text.words
        let first = words[index]
        // Most words are looked up once; the other ways of writing them only when they may have any.
        let variants = text.hasVariants(first) ? text.variants(of: first) : nil
        for variant in 0..<(variants?.count ?? 1) {
            let key = variants?.keys[variant] ?? first.key, skip = Int(variants?.skips[variant] ?? 0)
            guard let phrases = gazetteer.names.phrases(key) else { continue }
            for name in phrases where index + name.restCount < words.count {
                var fits = true
                for offset in 0..<name.restCount {
                    let word = words[index + 1 + offset]
                    if word.key != name.key(offset) || !word.flags.contains(.joined) { fits = false; break }
                }
                guard fits else { continue }
                let last = index + name.restCount
                guard satisfies(name.rule, words[index...last], skipped: skip) else { continue }
                let entity = gazetteer.entities[name.entity]
                if name.restCount == 0, skip == 0, key == first.key,
                   rejectedInContext(entity, at: index, in: text, previous: previous, capitalisesNouns: capitalisesNouns) { continue }
                let start = skip == 0 ? first.start : text.origin(first, skip)
                let end = words[last].end
                let kind: EntityMention.Kind
                switch entity.kind {
                case .country: kind = .country
                case .city: kind = .city
                case .organisation: kind = .organisation
                case .region: return (nil, last)
                }
                let mention = EntityMention(
                    id: entity.id, type: kind, name: entity.name, text: UTF8Text.string(scalars[start..<end]),
                    start: start, end: end, country: entity.country)
                return (mention, last)
            }
        }
        return nil
    }

    func satisfies(_ rule: Gazetteer.CaseRule, _ words: ArraySlice<EntityText.Word>, skipped: Int) -> Bool {
        switch rule {
        case .any: return true
        case .capitalised:
            return words.first!.flags.contains(.capitalised) || words.allSatisfy { $0.flags.contains(.capitals) }
        case .capitals:
            return words.allSatisfy { $0.flags.contains(.capitals) || !$0.flags.contains(.cased) }
        }
    }

    /// A one-word name that is also a common word or first name is not taken where a name of a
    /// person goes on after it or before it (Chad Miller, Michael Jordan), nor after a place the
    /// gazetteer does not know and a comma, where it is a state or province (Atlanta, Georgia;
    /// but "in Moscow, Ukraine rejected"). In German, whose nouns are capitalised, only the word
    /// after counts.
    func rejectedInContext(_ entity: Gazetteer.Entity, at index: Int, in text: EntityText, previous: EntityMention?, capitalisesNouns: Bool) -> Bool {
        let words = text.words
        let word = words[index]
        guard word.flags.contains(.cased), gazetteer.common.contains(word.key) else { return false }
        if index + 1 < words.count, words[index + 1].flags.contains(.spaced), isNameWord(words[index + 1]) { return true }
        // The word before is a first name only inside a sentence ("Yesterday Jordan closed").
        guard index > 0, !capitalisesNouns, !word.flags.contains(.sentenceStart), !words[index - 1].flags.contains(.sentenceStart) else { return false }
        if word.flags.contains(.spaced), isNameWord(words[index - 1]) { return true }
        if word.flags.contains(.commaBefore), isNameLike(words[index - 1]), !gazetteer.names.contains(words[index - 1].key),
           previous.map({ $0.end < words[index - 1].end }) ?? true {
            return true
        }
        return false
    }

    /// A capitalised word of a cased script that may be part of a name: not in capitals, no
    /// title, none of the language's most common words.
    func isNameLike(_ word: EntityText.Word) -> Bool {
        word.flags.contains(.cased) && word.flags.contains(.capitalised) && !word.flags.contains(.capitals)
            && word.foldedEnd - word.foldedStart >= 2 && !gazetteer.stop.contains(word.key) && !gazetteer.titles.contains(word.key)
    }

    /// The same, and no other name of the gazetteer.
    func isNameWord(_ word: EntityText.Word) -> Bool {
        isNameLike(word) && !gazetteer.names.contains(word.key)
    }
}

// MARK: - Persons

extension EntityFinder {
    /// Endings of family names in Slavic, Turkic, Armenian and Georgian naming (and their case
    /// forms): a capitalised word ending so is a person even alone.
    static let surnameEndings: [[UInt32]] = [
        "ов", "ев", "ёв", "ин", "ова", "ева", "ина", "ову", "еву", "ину", "овым", "евым", "иным", "ове", "еве", "ский", "ская",
        "ского", "скому", "ским", "цкий", "енко", "ук", "юк", "вич", "вича", "вичем", "ович", "ьев", "ьева",
        "ov", "ev", "ova", "eva", "enko", "ski", "sky", "skiy", "vić", "vic", "yan", "ian", "shvili", "dze", "oglu", "oğlu", "zade", "zadeh",
    ].map { $0.unicodeScalars.map(\.value) }
    /// Arabic name particles that join the word after them: عبد (اللطيف), أبو, بن, ابن.
    static let arabicParticles: Set<UInt64> = Set(["عبد", "ابو", "بن", "ابن", "ال"].map { WordKeys.key($0.unicodeScalars.map(\.value)) })

    /// Without a language: a text in a cased script where a quarter of the words inside
    /// sentences are capitalised (German and Luxembourgish capitalise their nouns).
    static func capitalisesNouns(_ text: EntityText) -> Bool {
        var inside = 0, capitalised = 0
        for word in text.words where word.flags.contains(.cased) && !word.flags.contains(.sentenceStart) {
            inside += 1
            if word.flags.contains(.capitalised) && !word.flags.contains(.capitals) { capitalised += 1 }
        }
        return inside >= 12 && capitalised * 4 >= inside
    }

    func persons(in text: EntityText, scalars: [Unicode.Scalar], covered: [Bool], capitalisesNouns: Bool) -> [EntityMention] {
        let words = text.words
        var runs: [(range: ClosedRange<Int>, confidence: Double, person: Bool)] = []
        var taken = covered
        // After a title (after what it is of: "the defence minister of Azerbaijan, Zakir
        // Hasanov"), and before a comma and a title ("عبد اللطيف لوديي، الوزير"): the name.
        var index = 0
        while index < words.count {
            guard !covered[index], let length = titleLength(at: index, in: text) else { index += 1; continue }
            let after = index + length
            if let run = nameAfterTitle(after, in: text, covered: taken, capitalisesNouns: capitalisesNouns) {
                runs.append((run, 0.6, true))
                for word in run { taken[word] = true }
            }
            if words[index].flags.contains(.commaBefore), let run = nameRunBefore(index, in: text, covered: taken) {
                runs.append((run, 0.6, true))
                for word in run { taken[word] = true }
            }
            for word in index..<min(after, words.count) { taken[word] = true }
            index = after
        }
        // Capitalised words in cased scripts. Two or more in a row are a person's name when one
        // is no common word (in German, where nouns are capitalised, the last one), or inside a
        // sentence in other languages (subtitles made first names and many family names common
        // words: Samuel, Smith, Yıldırım); one alone when it ends as family names do (-ov, -enko).
        index = 0
        while index < words.count {
            guard !taken[index], isNameLike(words[index]) else { index += 1; continue }
            // A common word opening a sentence is not the name's first word ("Later Benali left").
            if words[index].flags.contains(.sentenceStart), gazetteer.common.contains(words[index].key),
               index + 1 < words.count, !taken[index + 1], words[index + 1].flags.contains(.spaced), isNameLike(words[index + 1]) {
                index += 1
            }
            var end = index
            while end + 1 < words.count, end - index < 3, !taken[end + 1], words[end + 1].flags.contains(.spaced), isNameLike(words[end + 1]) { end += 1 }
            let sentenceStart = words[index].flags.contains(.sentenceStart)
            let rare = (index...end).filter { !gazetteer.common.contains(words[$0].key) && !gazetteer.names.contains(words[$0].key) }
            if end > index {
                // In German every word must be rare ("Neue Fährverbindung" is a headline).
                if capitalisesNouns ? rare.count == end - index + 1 : (!rare.isEmpty || !sentenceStart) {
                    runs.append((index...end, rare.isEmpty ? 0.5 : 0.7, true))
                }
            } else if !rare.isEmpty, hasSurnameEnding(words[index], in: text) {
                runs.append((index...index, 0.6, true))
            } else if !rare.isEmpty, !sentenceStart, !capitalisesNouns {
                runs.append((index...index, 0.3, false))
            }
            index = end + 1
        }
        // A name's last word alone is the same person; a person's id is its family name's skeleton.
        var surnames: [UInt64: String] = [:]
        for run in runs where run.person && run.range.count > 1 { surnames[words[run.range.upperBound].key] = personID(words[run.range.upperBound], in: text) }
        return runs.map { run in
            let start = words[run.range.lowerBound].start, end = words[run.range.upperBound].end
            let last = words[run.range.upperBound]
            let known = run.range.count == 1 ? surnames[last.key] : nil
            let isPerson = run.person || known != nil
            let mentionText = UTF8Text.string(scalars[start..<end])
            return EntityMention(
                id: known ?? (isPerson ? personID(last, in: text) : "N-" + PersonNames.skeleton(text.folded[last.foldedStart..<last.foldedEnd])),
                type: isPerson ? .person : .name, name: PersonNames.romanized(mentionText), text: mentionText,
                start: start, end: end, country: nil, confidence: known != nil ? 0.6 : run.confidence)
        }
    }

    func personID(_ word: EntityText.Word, in text: EntityText) -> String {
        "P-" + PersonNames.skeleton(text.folded[word.foldedStart..<word.foldedEnd])
    }

    func hasSurnameEnding(_ word: EntityText.Word, in text: EntityText) -> Bool {
        Self.surnameEndings.contains { ending in endsWith(word, ending, in: text, keeping: 3) }
    }

    func endsWith(_ word: EntityText.Word, _ ending: [UInt32], in text: EntityText, keeping: Int) -> Bool {
        let length = text.length(word)
        return length >= ending.count + keeping && (0..<ending.count).allSatisfy { text.foldedValue(word, length - ending.count + $0) == ending[$0] }
    }

    /// Offices written as one word with what they are of, in German (Verkehrsminister,
    /// Regierungssprecherin).
    static let titleEndings: [[UInt32]] = ["minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin", "kanzler",
        "kanzlerin", "botschafter", "botschafterin", "direktor", "direktorin", "kommissar", "kommissarin", "chef", "chefin", "general"]
        .map { $0.unicodeScalars.map(\.value) }

    /// The number of words of the title starting at `index`, if one does (the first word may
    /// carry an Arabic or Hebrew prefix: والرئيس، והשר).
    func titleLength(at index: Int, in text: EntityText) -> Int? {
        let words = text.words
        let variants = text.hasVariants(words[index]) ? text.variants(of: words[index]) : nil
        for variant in 0..<(variants?.count ?? 1) {
            guard let titles = gazetteer.titles.phrases(variants?.keys[variant] ?? words[index].key) else { continue }
            for title in titles where index + title.restCount < words.count {
                if (0..<title.restCount).allSatisfy({ words[index + 1 + $0].key == title.key($0) && words[index + 1 + $0].flags.contains(.joined) }) {
                    return title.restCount + 1
                }
            }
        }
        let word = words[index]
        if word.flags.contains(.capitalised), text.length(word) >= 7, Self.titleEndings.contains(where: { endsWith(word, $0, in: text, keeping: 3) }) { return 1 }
        return nil
    }

    /// A word that may be part of a name in a script without case: no stop word (with or
    /// without a prefix), no title.
    func isUncasedNameWord(_ word: EntityText.Word, in text: EntityText, first: Bool = false) -> Bool {
        guard !word.flags.contains(.cased), text.length(word) >= 2 else { return false }
        // Arabic words in ية are nisba adjectives and abstract nouns (تعاونية فلاحية), not names.
        if word.flags.contains(.arabic), endsWith(word, Self.nisba, in: text, keeping: 2) { return false }
        // An Arabic name does not start with the article (الخارجية، المنتدب after وزير are
        // what the minister is of); inside a name it may (عبد اللطيف).
        if first, word.flags.contains(.arabic), Self.startsWithArticle(word, in: text) { return false }
        let variants = text.variants(of: word)
        for variant in 0..<variants.count where gazetteer.stop.contains(variants.keys[variant]) || gazetteer.titles.contains(variants.keys[variant]) {
            return false
        }
        return true
    }

    /// A common Arabic word with the prefix of an imperfect verb (يجري، تطالب): no name's first word.
    func looksLikeVerb(_ word: EntityText.Word, in text: EntityText) -> Bool {
        word.flags.contains(.arabic) && text.length(word) >= 4 && [0x064A, 0x062A].contains(text.foldedValue(word, 0))
            && gazetteer.common.contains(word.key)
    }

    /// A word without case that is a common word once a prefix is taken off (ביחסי, باليقظة).
    func hasCommonStem(_ word: EntityText.Word, in text: EntityText) -> Bool {
        guard !word.flags.contains(.cased) else { return false }
        let variants = text.variants(of: word)
        return (1..<max(1, variants.count)).contains { gazetteer.common.contains(variants.keys[$0]) }
    }

    /// An Arabic word of ب or ل and a common word (بجمهورية، لدى).
    func isPrepositional(_ word: EntityText.Word, in text: EntityText) -> Bool {
        guard text.length(word) > 3, [0x0628, 0x0644].contains(text.foldedValue(word, 0)) else { return false }
        return gazetteer.common.contains(text.key(word, from: 1)) || gazetteer.common.contains(word.key)
    }

    static let nisba: [UInt32] = [0x064A, 0x0647]

    static func startsWithArticle(_ word: EntityText.Word, in text: EntityText) -> Bool {
        let length = text.length(word)
        for offset in 0...1 where length > offset + 2 {
            if offset == 1, ![0x0648, 0x0641, 0x0628, 0x0643, 0x0644].contains(text.foldedValue(word, 0)) { continue }
            if text.foldedValue(word, offset) == 0x0627 && text.foldedValue(word, offset + 1) == 0x0644 { return true }
            if offset == 1, text.foldedValue(word, 0) == 0x0644, text.foldedValue(word, 1) == 0x0644 { return true }
        }
        return false
    }

    /// The name a title introduces: right after it, after what it is of (lower-case words, other
    /// names, Arabic words with the article or a preposition: وزير الخارجية المغربي ناصر بوريطة),
    /// or set off by commas within its sentence (رئیس سازمان حج و زیارت ایران، محسن کاظمی،).
    func nameAfterTitle(_ start: Int, in text: EntityText, covered: [Bool], capitalisesNouns: Bool) -> ClosedRange<Int>? {
        let words = text.words
        var index = start
        var skipped = 0
        while index < words.count, skipped < 4, index == start || words[index].flags.contains(.joined) {
            let word = words[index]
            if Self.arabicParticles.contains(word.key), index + 1 < words.count, !covered[index + 1] { break }
            let complement = covered[index]
                || (word.flags.contains(.cased) ? !word.flags.contains(.capitalised)
                    : word.flags.contains(.arabic) && (Self.startsWithArticle(word, in: text) || isPrepositional(word, in: text)))
            guard complement else { break }
            index += 1
            skipped += 1
        }
        var direct = index < words.count && (index == start || words[index].flags.contains(.joined)) ? nameRun(at: index, in: text, covered: covered) : nil
        // After a title and what it is of, a common word is a noun in German ("ein Sprecher am
        // Dienstag"): the name's last word must be rare there.
        if let run = direct, capitalisesNouns, index > start, gazetteer.common.contains(words[run.upperBound].key) { direct = nil }
        // Without case, what follows a title may be what it is of (رئیس سازمان حج, מפקד כבאות
        // והצלה): a name set off by commas after it wins.
        if let direct, words[direct.lowerBound].flags.contains(.cased) { return direct }
        return nameBetweenCommas(after: start, in: text, covered: covered) ?? direct
    }

    /// A name set off by commas within eight words of `start`, in its sentence.
    func nameBetweenCommas(after start: Int, in text: EntityText, covered: [Bool]) -> ClosedRange<Int>? {
        let words = text.words
        var probe = start + 1
        while probe < words.count, probe - start < 8, !words[probe].flags.contains(.sentenceStart) {
            if words[probe].flags.contains(.commaBefore) {
                guard let run = nameRun(at: probe, in: text, covered: covered) else { return nil }
                let closed = run.upperBound + 1 >= words.count || !words[run.upperBound + 1].flags.contains(.joined)
                return closed ? run : nil
            }
            probe += 1
        }
        return nil
    }

    /// Up to four words of a name from `index`: capitalised in cased scripts; in the others no
    /// stop word or title, and one of them no common word.
    func nameRun(at index: Int, in text: EntityText, covered: [Bool]) -> ClosedRange<Int>? {
        let words = text.words
        func fits(_ position: Int) -> Bool {
            let word = words[position]
            guard !covered[position] else { return false }
            if word.flags.contains(.cased) { return isNameLike(word) }
            return Self.arabicParticles.contains(word.key) || isUncasedNameWord(word, in: text, first: position == index)
        }
        guard index < words.count, fits(index), !looksLikeVerb(words[index], in: text) else { return nil }
        var end = index
        // Without case, a common word goes on a name only after a particle (عبد اللطيف): חסנוב
        // נפגש is a name and a verb.
        while end + 1 < words.count, end - index < 3, words[end + 1].flags.contains(.spaced), fits(end + 1), !hasCommonStem(words[end + 1], in: text),
              words[end + 1].flags.contains(.cased) || !gazetteer.common.contains(words[end + 1].key) || Self.arabicParticles.contains(words[end].key) {
            end += 1
        }
        // One capitalised word before a name is what the name is of ("глава Минобороны Азербайджана").
        if end == index, words[index].flags.contains(.cased), end + 1 < words.count, covered[end + 1], words[end + 1].flags.contains(.spaced) { return nil }
        // A particle does not end a name.
        while end > index, Self.arabicParticles.contains(words[end].key) { end -= 1 }
        if !words[index].flags.contains(.cased), (index...end).allSatisfy({ gazetteer.common.contains(words[$0].key) }) { return nil }
        return index...end
    }

    /// The name before ", TITLE": up to three name words back from the comma.
    func nameRunBefore(_ titleIndex: Int, in text: EntityText, covered: [Bool]) -> ClosedRange<Int>? {
        let words = text.words
        var start = titleIndex
        while start - 1 >= 0, titleIndex - start < 3, !covered[start - 1] {
            let word = words[start - 1]
            let fits = word.flags.contains(.cased) ? isNameLike(word) : (isUncasedNameWord(word, in: text) || Self.arabicParticles.contains(word.key))
            guard fits else { break }
            start -= 1
            if !word.flags.contains(.spaced) { break }
        }
        guard start < titleIndex else { return nil }
        if !words[start].flags.contains(.cased), (start..<titleIndex).allSatisfy({ gazetteer.common.contains(words[$0].key) }) { return nil }
        return start...(titleIndex - 1)
    }
}
