/// Recognises UTF-16 without a byte-order mark from a file's first bytes. Text in UTF-16 has its
/// NUL bytes on one side of each pair only (the high byte of ASCII characters), and the high
/// bytes of one script take very few values; a binary file's NUL bytes fall anywhere.
enum UTF16Sniffer {
    enum Verdict: Equatable {
        /// Not UTF-16, as far as the bytes tell.
        case none
        /// UTF-16 by every sign: read it as `name` (an iconv name).
        case utf16(name: String)
        /// NUL bytes in the pattern of UTF-16, but not clearly enough to convert; worth a hint.
        case possible(name: String)
    }

    /// Bytes looked at: a few hundred characters.
    static let sampleSize = 1024

    static func examine(_ bytes: some Collection<UInt8>) -> Verdict {
        let sample = Array(bytes.prefix(sampleSize))
        let pairs = sample.count / 2
        guard pairs >= 2 else { return .none }
        var zeros = [0, 0]
        for index in 0..<(pairs * 2) where sample[index] == 0 { zeros[index & 1] += 1 }
        guard zeros[0] + zeros[1] > 0 else { return .none }
        // Little-endian: the high byte of each pair comes second (odd offsets).
        let highSide = zeros[1] >= zeros[0] ? 1 : 0
        let name = highSide == 1 ? "UTF-16LE" : "UTF-16BE"
        let highZeros = zeros[highSide], lowZeros = zeros[1 - highSide]
        var asciiPairs = 0
        var nulCharacters = 0
        var highCounts: [UInt8: Int] = [:]
        var valid = true
        var expectLowSurrogate = false
        for pair in 0..<pairs {
            let high = sample[pair * 2 + highSide], low = sample[pair * 2 + 1 - highSide]
            if high == 0, (0x09...0x7E).contains(low) { asciiPairs += 1 }
            if high == 0, low == 0 { nulCharacters += 1 }
            highCounts[high, default: 0] += 1
            let isLowSurrogate = (0xDC...0xDF).contains(high)
            if isLowSurrogate != expectLowSurrogate { valid = false }
            expectLowSurrogate = (0xD8...0xDB).contains(high)
        }
        let topTwo = highCounts.values.sorted(by: >).prefix(2).reduce(0, +)
        let mostlyASCII = asciiPairs * 10 >= pairs * 6
        // One non-Latin script: its block's high byte, and 0 for spaces and punctuation.
        let oneScript = topTwo * 10 >= pairs * 9 && highZeros * 20 >= pairs
        // A zero low byte is a real character (U+0100, a surrogate's DE00), a NUL character is not text.
        if valid, nulCharacters == 0, mostlyASCII || oneScript { return .utf16(name: name) }
        if highZeros >= max(2, pairs / 10), highZeros >= 4 * lowZeros { return .possible(name: name) }
        return .none
    }
}
