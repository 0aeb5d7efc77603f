import Testing
@testable import LectorAnalyzers

@Suite("Word keys and the tables keyed by them")
struct WordKeysTests {
    /// Keys as the word lists make them, with 0 (which marks an empty slot, so it is stored as
    /// 1: the two are one key, a chance of 2^-63 for a word) and keys that fall into one slot.
    static let keys: [UInt64] = (0..<5000).map { WordKeys.key("word\($0)".unicodeScalars.map(\.value)) } + [0, 1 << 63, (1 << 63) | 1]

    @Test func aKeyTableFindsWhatItWasGivenAndNothingElse() {
        var dictionary: [UInt64: Int] = [:]
        for (index, key) in Self.keys.enumerated() where index % 2 == 0 || key == 0 { dictionary[key] = index }
        let table = KeyTable(dictionary)
        #expect(table.count == dictionary.count)
        for (index, key) in Self.keys.enumerated() {
            #expect(table[key] == dictionary[key], "key \(index)")
        }
        #expect(KeyTable<Int>()[42] == nil)
        #expect(KeyTable<Int>().isEmpty)
    }

    @Test func numberingGivesEachKeyItsFirstNumberAsItGrows() {
        var numbering = KeyNumbering(capacity: 2)
        for (index, key) in Self.keys.enumerated() {
            let given = numbering.number(key)
            #expect(given.new && given.number == index)
        }
        for (index, key) in Self.keys.enumerated().reversed() {
            #expect(numbering.number(key) == (index, false))
            #expect(numbering.find(key) == index)
        }
        #expect(numbering.count == Self.keys.count)
        #expect(numbering.find(WordKeys.key("absent".unicodeScalars.map(\.value))) == nil)
    }

    @Test func theLongestListedStemWins() {
        let stem = { (text: String) in WordKeys.key(text.unicodeScalars.map(\.value)) }
        let stems = KeyTable([stem("econom"): "short", stem("economi"): "long"])
        let lengths: UInt64 = 1 << 6 | 1 << 7
        #expect(WordKeys.longestStem(of: "economies".unicodeScalars.map(\.value), in: stems, lengths: lengths) == "long")
        #expect(WordKeys.longestStem(of: "economy".unicodeScalars.map(\.value), in: stems, lengths: lengths) == "short")
        #expect(WordKeys.longestStem(of: "eco".unicodeScalars.map(\.value), in: stems, lengths: lengths) == nil)
    }
}
