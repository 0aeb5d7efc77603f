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
    static func longestStem<Value>(of word: some Sequence<UInt32>, in stems: KeyTable<Value>, lengths: UInt64) -> Value? {
        guard lengths != 0 else { return nil }
        var hash = basis
        var found: Value?
        var count = 0
        for value in word {
            hash = (hash ^ UInt64(value)) &* prime
            count += 1
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

/// Values by word key, read-only once built: each key's number in a `KeyNumbering` (open
/// addressing over the keys, which are hashes already: a Dictionary would hash each again, and
/// that cost more than the rest of a lookup) indexes the values.
struct KeyTable<Value: Sendable>: Sendable {
    private let numbering: KeyNumbering
    private let values: [Value]

    init(_ dictionary: [UInt64: Value] = [:]) {
        var numbering = KeyNumbering(capacity: dictionary.count)
        var values: [Value] = []
        values.reserveCapacity(dictionary.count)
        for (key, value) in dictionary where numbering.number(key).new { values.append(value) }
        self.numbering = numbering
        self.values = values
    }

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }
    @inline(__always) func contains(_ key: UInt64) -> Bool { numbering.find(key) != nil }

    @inline(__always)
    subscript(key: UInt64) -> Value? { numbering.find(key).map { values[$0] } }
}

/// Numbers keys 0, 1, 2... in the order they are first seen, for counting within a document:
/// open addressing that grows, without hashing the keys again.
struct KeyNumbering: Sendable {
    private var keys: [UInt64]
    private var numbers: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 8) {
        var bits: UInt64 = 3
        while 1 << bits < capacity * 2 { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        numbers = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    /// 0 marks an empty slot: a key that hashes to 0 is stored as 1.
    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always) private func slot(of key: UInt64) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    /// The key's number, and whether it was given now.
    @inline(__always)
    mutating func number(_ key: UInt64) -> (number: Int, new: Bool) {
        let key = Self.stored(key)
        var slot = slot(of: key)
        if keys[slot] == key { return (Int(numbers[slot]), false) }
        if 2 * (count + 1) > keys.count {
            grow()
            slot = self.slot(of: key)
        }
        keys[slot] = key
        numbers[slot] = Int32(count)
        count += 1
        return (count - 1, true)
    }

    /// The key's number, if it has one.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        let key = Self.stored(key)
        let slot = slot(of: key)
        return keys[slot] == key ? Int(numbers[slot]) : nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldNumbers = numbers
        shift -= 1
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        numbers = [Int32](repeating: 0, count: oldKeys.count * 2)
        for (index, key) in oldKeys.enumerated() where key != 0 {
            let slot = slot(of: key)
            keys[slot] = key
            numbers[slot] = oldNumbers[index]
        }
    }
}
