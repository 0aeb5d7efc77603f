import Foundation
import LectorKit

/// The names `entities` knows: countries, cities and international organisations in every
/// language Lector identifies, with the case forms of Russian and Ukrainian; the titles that
/// introduce a person's name; and each language's most common words, which are not names.
/// Built by Scripts/entities/build_gazetteer.py (its header documents the file).
final class Gazetteer: LoadableModel, Sendable {
    static let format = ModelFormat(
        magic: "LECTGAZT", version: 2, name: "gazetteer", rebuild: "python3 Scripts/entities/build_gazetteer.py ../shared/data")

    enum Kind: String, Sendable { case country, city, organisation, region }

    struct Entity: Sendable, Equatable {
        let id: String
        let kind: Kind
        let name: String
        /// A city's country.
        let country: String?
    }

    /// How a text's letters must be cased to be a name.
    enum CaseRule: UInt8, Sendable {
        /// Any case: names in scripts without case, and adjectives written in lower case.
        case any
        /// The first letter upper case, or the whole name in capitals: "Chad", not "chad".
        case capitalised
        /// Capitals only: the acronyms "WHO" and "US", not "who" and "us".
        case capitals
    }

    /// A phrase of the file's tables: its entity, case rule, and the keys of its words after the first.
    struct Phrase {
        let entity: Int
        let rule: CaseRule
        let rest: UnsafeRawBufferPointer

        var restCount: Int { rest.count / 8 }
        func key(_ index: Int) -> UInt64 { rest.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
    }

    /// Phrases by the key of their first word, longest first (open addressing in the mapped file).
    struct PhraseTable: @unchecked Sendable {
        let bits: Int
        let slots: UnsafeRawBufferPointer
        let records: UnsafeRawBufferPointer
        let filter: KeyFilter

        init(bits: Int, slots: UnsafeRawBufferPointer, records: UnsafeRawBufferPointer) {
            self.bits = bits
            self.slots = slots
            self.records = records
            let keys = (0..<(1 << bits)).lazy.map { slots.loadUnaligned(fromByteOffset: $0 * 16, as: UInt64.self) }.filter { $0 != 0 }
            filter = KeyFilter(keys, count: keys.count)
        }

        @inline(__always)
        func phrases(_ key: UInt64) -> PhraseList? {
            guard key != 0, filter.mayContain(key) else { return nil }
            let mask = (1 << bits) - 1
            var index = Gazetteer.slot(key, bits)
            while true {
                let stored = slots.loadUnaligned(fromByteOffset: index * 16, as: UInt64.self)
                if stored == key {
                    return PhraseList(
                        records: records, offset: Int(slots.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt32.self)),
                        count: Int(slots.loadUnaligned(fromByteOffset: index * 16 + 12, as: UInt32.self)))
                }
                if stored == 0 { return nil }
                index = (index + 1) & mask
            }
        }

        func contains(_ key: UInt64) -> Bool { phrases(key) != nil }
    }

    /// The phrases one first word starts, longest first.
    struct PhraseList: Sequence, IteratorProtocol {
        let records: UnsafeRawBufferPointer
        var offset: Int
        var count: Int

        mutating func next() -> Phrase? {
            guard count > 0 else { return nil }
            count -= 1
            let entity = Int(records.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let rule = CaseRule(rawValue: records[offset + 4]) ?? .any
            let words = Int(records[offset + 5])
            let rest = UnsafeRawBufferPointer(rebasing: records[(offset + 8)..<(offset + 8 + words * 8)])
            offset += 8 + words * 8
            return Phrase(entity: entity, rule: rule, rest: rest)
        }
    }

    /// A set of keys (open addressing in the mapped file).
    struct KeyTable: @unchecked Sendable {
        let bits: Int
        let slots: UnsafeRawBufferPointer
        let filter: KeyFilter

        init(bits: Int, slots: UnsafeRawBufferPointer) {
            self.bits = bits
            self.slots = slots
            let keys = (0..<(1 << bits)).lazy.map { slots.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }.filter { $0 != 0 }
            filter = KeyFilter(keys, count: keys.count)
        }

        @inline(__always)
        func contains(_ key: UInt64) -> Bool {
            guard filter.mayContain(key) else { return false }
            let mask = (1 << bits) - 1
            var index = Gazetteer.slot(key, bits)
            while true {
                let stored = slots.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                if stored == key { return key != 0 }
                if stored == 0 { return false }
                index = (index + 1) & mask
            }
        }
    }

    /// A blocked Bloom filter of keys (in the mapped file): its bits for a key lie in one
    /// cache line; false positives at the rate it was built for (0.1%), never a false negative.
    struct Bloom: @unchecked Sendable {
        let bits: Int
        let hashes: Int
        let words: UnsafeRawBufferPointer

        @inline(__always)
        func contains(_ key: UInt64) -> Bool {
            let block = bits > 9 ? Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - (bits - 9))) : 0
            let mixed = (key ^ (key >> 31)) &* 0xBF58_476D_1CE4_E5B9
            for i in 0..<hashes {
                let position = Int(truncatingIfNeeded: (mixed >> UInt64(9 * i)) & 511)
                let word = words.loadUnaligned(fromByteOffset: (block * 8 + (position >> 6)) * 8, as: UInt64.self)
                if word & (1 << UInt64(position & 63)) == 0 { return false }
            }
            return true
        }
    }

    /// A small filter of keys built when the file is loaded, for the tables a text looks up
    /// every word in: two bits in one 64-bit word a key, about ten bits a key, so that it stays
    /// in the cache and most words (no name, no title) never touch the bigger tables.
    struct KeyFilter: @unchecked Sendable {
        let shift: UInt64
        /// Allocated once per gazetteer, which lives as long as the process (the model loader
        /// keeps it): a pointer, so that a lookup does no reference counting.
        let words: UnsafeMutablePointer<UInt64>

        init<Keys: Sequence<UInt64>>(_ keys: Keys, count: Int) {
            var bits = 6
            while (1 << bits) < max(count, 1) * 10 { bits += 1 }
            shift = UInt64(64 - (bits - 6))
            words = .allocate(capacity: 1 << (bits - 6))
            words.initialize(repeating: 0, count: 1 << (bits - 6))
            for key in keys { words[Self.word(key, shift)] |= Self.mask(key) }
        }

        @inline(__always) static func word(_ key: UInt64, _ shift: UInt64) -> Int { shift >= 64 ? 0 : Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }
        @inline(__always) static func mask(_ key: UInt64) -> UInt64 {
            let mixed = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
            return (1 << (mixed & 63)) | (1 << ((mixed >> 6) & 63))
        }

        @inline(__always)
        func mayContain(_ key: UInt64) -> Bool {
            let mask = Self.mask(key)
            return words[Self.word(key, shift)] & mask == mask
        }
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ bits: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits)) }

    let entities: [Entity]
    /// Names by the key of their first word.
    let names: PhraseTable
    /// Titles by the key of their first word.
    let titles: PhraseTable
    /// The few hundred most common words of each language (articles, pronouns...): never a name.
    let stop: KeyTable
    /// The common words of every language with a frequency list.
    let common: Bloom
    /// Entity numbers by id (upper case) and by English name (lower case).
    let byID: [String: Int]

    static func shipped() throws(ModelError) -> Gazetteer {
        try ModelLoader.load(Gazetteer.self, resource: "Models/entities.bin", in: Bundle.module)
    }

    init(file: ModelFile) throws(ModelError) {
        let payload = file.payload
        var position = 0
        func take(_ count: Int, _ what: String) throws(ModelError) -> UnsafeRawBufferPointer {
            guard count >= 0, position + count <= payload.count else { throw file.damaged("it ends inside the \(what)") }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: payload[position..<(position + count)])
        }
        func uint32(_ what: String) throws(ModelError) -> Int { Int(try take(4, what).loadUnaligned(as: UInt32.self)) }
        let headerLength = try uint32("header")
        let header = try take(headerLength, "header")
        guard case .array(let rows)? = try? JSONParser.parse(String(decoding: header, as: UTF8.self))["entities"] else {
            throw file.damaged("its header has no list of entities")
        }
        var entities: [Entity] = []
        for row in rows {
            guard let fields = row.arrayValue?.compactMap(\.stringValue), fields.count == 4, let kind = Kind(rawValue: fields[1]) else {
                throw file.damaged("entity \(entities.count) is not [ID, TYPE, NAME, COUNTRY]")
            }
            entities.append(Entity(id: fields[0], kind: kind, name: fields[2], country: fields[3].isEmpty ? nil : fields[3]))
        }
        position += (8 - (ModelFile.headerSize + position) % 8) % 8
        func phraseTable(_ what: String) throws(ModelError) -> PhraseTable {
            let bits = try uint32(what), recordBytes = try uint32(what)
            guard bits < 32 else { throw file.damaged("the \(what) table has 2^\(bits) slots") }
            return PhraseTable(bits: bits, slots: try take((1 << bits) * 16, what), records: try take(recordBytes, what))
        }
        let namesTable = try phraseTable("names"), titlesTable = try phraseTable("titles")
        names = namesTable
        titles = titlesTable
        let stopBits = try uint32("stop words")
        _ = try uint32("stop words")
        guard stopBits < 32 else { throw file.damaged("the stop word table has 2^\(stopBits) slots") }
        let stopTable = KeyTable(bits: stopBits, slots: try take((1 << stopBits) * 8, "stop words"))
        stop = stopTable
        let bloomBits = try uint32("common words"), hashes = try uint32("common words")
        guard bloomBits >= 9, bloomBits < 40, hashes > 0, hashes <= 7 else { throw file.damaged("the common-word filter is malformed") }
        common = Bloom(bits: bloomBits, hashes: hashes, words: try take((1 << bloomBits) / 8, "common words"))
        // Every record must lie inside its table and name an entity, every slot point at records
        // that are there, and every table keep an empty slot (a lookup stops at one).
        guard !entities.isEmpty else { throw file.damaged("it names no entities") }
        for (table, what) in [(namesTable, "names"), (titlesTable, "titles")] {
            var starts = Set<Int>()
            var offset = 0
            while offset + 8 <= table.records.count {
                starts.insert(offset)
                let entity = Int(table.records.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                guard what == "titles" || entity < entities.count else { throw file.damaged("a name of entity \(entity), of \(entities.count)") }
                offset += 8 + Int(table.records[offset + 5]) * 8
            }
            guard offset == table.records.count else { throw file.damaged("a record of the \(what) table runs past it") }
            var empty = false
            for slot in 0..<(1 << table.bits) {
                let key = table.slots.loadUnaligned(fromByteOffset: slot * 16, as: UInt64.self)
                guard key != 0 else { empty = true; continue }
                var position = Int(table.slots.loadUnaligned(fromByteOffset: slot * 16 + 8, as: UInt32.self))
                let count = Int(table.slots.loadUnaligned(fromByteOffset: slot * 16 + 12, as: UInt32.self))
                for _ in 0..<count {
                    guard starts.contains(position) else { throw file.damaged("a slot of the \(what) table points outside its records") }
                    position += 8 + Int(table.records[position + 5]) * 8
                }
            }
            guard empty else { throw file.damaged("the \(what) table has no empty slot") }
        }
        guard (0..<(1 << stopBits)).contains(where: { stopTable.slots.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) == 0 }) else {
            throw file.damaged("the stop word table has no empty slot")
        }
        var byID: [String: Int] = [:]
        for (number, entity) in entities.enumerated() where entity.kind != .city && entity.kind != .region {
            byID[entity.id] = number
            byID[entity.name.lowercased()] = byID[entity.name.lowercased()] ?? number
        }
        self.entities = entities
        self.byID = byID
    }
}
