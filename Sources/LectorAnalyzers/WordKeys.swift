import LectorKit

/// How the analyzers' word lists are read and keyed: a word is known by FNV-1a 64 over the
/// scalar values of its lookup form (the build scripts compute the same keys), a stem by the
/// key of the prefix it is, and the text lists (sentiment and stance lexicons, topic lexicons,
/// stop words) are lines of tab-separated fields.
enum WordKeys {
    static let basis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3

    /// The key of a word given as scalar values (in lookup form).
    @inline(__always)
    static func key(_ scalars: some Sequence<UInt32>) -> UInt64 {
        var hash = basis
        for value in scalars { hash = (hash ^ UInt64(value)) &* prime }
        return hash
    }

    /// The value of the longest listed stem the word begins with: `stems` by key, `lengths`
    /// with bit n set when a stem of n scalars is listed. Prefix keys are grown scalar by scalar.
    @inline(__always)
    static func longestStem<Value>(of word: some Sequence<UInt32>, in stems: [UInt64: Value], lengths: UInt64) -> Value? {
        guard lengths != 0 else { return nil }
        var hash = basis
        var found: Value?
        for (index, value) in word.enumerated() {
            hash = (hash ^ UInt64(value)) &* prime
            let count = index + 1
            if count < 64, lengths & (1 << UInt64(count)) != 0, let stem = stems[hash] { found = stem }
        }
        return found
    }

    /// Each line of a model file's text payload, as the byte ranges of its tab-separated fields,
    /// with its number (from 1): read from the bytes, without a string per line, as the lists
    /// have tens of thousands of lines and are read when the first pipeline needs them.
    static func forEachLine(
        of file: ModelFile, _ body: (_ number: Int, _ fields: [Range<Int>], _ bytes: UnsafeBufferPointer<UInt8>) throws(ModelError) -> Void
    ) throws(ModelError) {
        let bytes = file.payload.bindMemory(to: UInt8.self)
        var position = 0, number = 0
        var fields: [Range<Int>] = []
        while position < bytes.count {
            number += 1
            fields.removeAll(keepingCapacity: true)
            var start = position
            while position < bytes.count, bytes[position] != 0x0A {
                if bytes[position] == 0x09 { fields.append(start..<position); start = position + 1 }
                position += 1
            }
            fields.append(start..<position)
            position += 1
            try body(number, fields, bytes)
        }
    }

    /// A field's bytes as a string.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
