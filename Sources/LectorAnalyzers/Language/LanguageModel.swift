import Foundation
import LectorKit

/// The trained n-gram and word model (`Scripts/langid/train.py` writes it), loaded through
/// `ModelLoader`: memory-mapped once per process, its pages shared between processes.
///
/// Layout (little endian): "LECTORLI"; UInt32 version 5, language count L, n-gram table bits G,
/// word table bits W, twin table bits T, dense row count R, pair count P; Float32 step and twin
/// step; L language codes (4 bytes each); L twin group numbers (1 byte each, 0 for none),
/// zero-padded to a multiple of 8; 2^G UInt64 n-gram slots; 2^W word slots; 2^T twin slots;
/// R rows of 80 bytes; P (language, value) byte pairs.
///
/// The twin table holds, for groups of close languages (bs/hr/sr, ms/id, nb/nn/da), the words
/// whose frequencies differ within the group, in units of the twin step.
///
/// A value is what a key adds to a language's log-likelihood over the floor every language pays
/// for an unseen key, in units of `step` nats. The tables use open addressing with linear
/// probing from the low bits of a key's 64-bit FNV-1a hash; a slot is 0 when empty, else it
/// holds the hash's high 32 bits and a payload: with the top bit set, the single (language,
/// value) of a key known to one language (language in bits 8–14, value in bits 0–7); with bit
/// 30 set, the index of a dense row (one value per language, for keys known to many); else the
/// first pair's index (bits 8–29) and the number of pairs (bits 0–7).
final class LanguageModel: LoadableModel, @unchecked Sendable {
    struct Table {
        let slots: UnsafePointer<UInt64>
        let mask: Int

        /// The slot a key with this hash is looked for first; reading it early for all of a
        /// word's keys, before using any, lets the processor overlap the cache misses.
        @inline(__always)
        func entry(forHash hash: UInt64) -> UInt64 { slots[Int(truncatingIfNeeded: hash) & mask] }

        /// The payload stored for the key with this hash, or 0; `first` is `entry(forHash: hash)`.
        @inline(__always)
        func payload(hash: UInt64, first: UInt64) -> UInt32 {
            let fingerprint = hash >> 32
            var slot = Int(truncatingIfNeeded: hash) & mask
            var entry = first
            while entry != 0 {
                if entry >> 32 == fingerprint { return UInt32(truncatingIfNeeded: entry) }
                slot = (slot + 1) & mask
                entry = slots[slot]
            }
            return 0
        }
    }

    let languages: [String]
    /// The close-language group of each language (0: none).
    let twinGroups: [UInt8]
    let grams: Table
    let words: Table
    let twins: Table
    /// Dense rows (`rowWidth` bytes each) and (language, value) pairs.
    let rows: UnsafeRawPointer
    let pairs: UnsafePointer<UInt8>
    /// Nats per unit of a stored value, in the main tables and in the twin table.
    let step: Float
    let twinStep: Float
    static let rowWidth = 80

    static let format = ModelFormat(
        magic: "LECTORLI", version: 5, name: "language model", rebuild: "python3 Scripts/langid/train.py DATA PATH (scripts/train-langid rebuilds the shipped one)")

    /// The model shipped with Lector.
    static func shipped() throws(ModelError) -> LanguageModel {
        try ModelLoader.load(LanguageModel.self, resource: "Models/langid.bin", in: Bundle.module)
    }

    init(file: ModelFile) throws(ModelError) {
        let base = file.bytes.baseAddress!
        let size = file.bytes.count
        guard size >= 44 else { throw file.damaged("\(size) bytes, shorter than its header") }
        func u32(_ offset: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        let languageCount = u32(12), gramBits = u32(16), wordBits = u32(20), twinBits = u32(24), rowCount = u32(28), pairCount = u32(32)
        guard languageCount <= Self.rowWidth, gramBits < 32, wordBits < 32, twinBits < 32 else {
            throw file.damaged("\(languageCount) languages, \(gramBits), \(wordBits) and \(twinBits) table bits")
        }
        step = base.loadUnaligned(fromByteOffset: 36, as: Float.self)
        twinStep = base.loadUnaligned(fromByteOffset: 40, as: Float.self)
        var offset = 44
        let slotCount = (1 << gramBits) + (1 << wordBits) + (1 << twinBits)
        let tableStart = offset + languageCount * 5 + (8 - (offset + languageCount * 5) % 8) % 8
        let expected = tableStart + slotCount * 8 + rowCount * Self.rowWidth + pairCount * 2
        guard expected == size else { throw file.damaged("\(size) bytes, expected \(expected): truncated or written by another script") }
        languages = (0..<languageCount).map { index in
            let bytes = (0..<4).map { base.load(fromByteOffset: offset + index * 4 + $0, as: UInt8.self) }.filter { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        offset += languageCount * 4
        twinGroups = (0..<languageCount).map { base.load(fromByteOffset: offset + $0, as: UInt8.self) }
        offset = tableStart
        func table(bits: Int) -> Table {
            defer { offset += (1 << bits) * 8 }
            return Table(slots: (base + offset).assumingMemoryBound(to: UInt64.self), mask: (1 << bits) - 1)
        }
        grams = table(bits: gramBits)
        words = table(bits: wordBits)
        twins = table(bits: twinBits)
        rows = base + offset
        pairs = (base + offset + rowCount * Self.rowWidth).assumingMemoryBound(to: UInt8.self)
    }

    /// Keys are hashed with 64-bit FNV-1a, as the training script does.
    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3
}
