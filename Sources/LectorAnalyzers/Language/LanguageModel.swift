import Foundation
import LectorKit
#if canImport(Glibc)
import Glibc
#endif

/// The trained n-gram and word model (`Scripts/langid/train.py` writes it), memory-mapped so
/// that loading costs one system call and the pages are shared between processes.
///
/// Layout (little endian): "LECTORLI", version, language count L, key count K, posting count P,
/// quantisation step (Float32); L language codes (4 bytes each); L × 5 Float32 floors (unseen
/// 1- to 4-grams, unseen word); 65,537 UInt32 bucket starts; K UInt32 fingerprints; K + 1 UInt32
/// posting offsets; P (language, quantised log-probability) byte pairs.
final class LanguageModel: @unchecked Sendable {
    let languages: [String]
    /// The log-probability of an unseen key, per order (1- to 4-grams, then whole words);
    /// training gives every language the same floors.
    let floors: [Float]
    private let buckets: UnsafePointer<UInt32>
    private let fingerprints: UnsafePointer<UInt32>
    private let offsets: UnsafePointer<UInt32>
    private let postings: UnsafePointer<UInt8>
    private let step: Float
    static let orders = 5

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// The model shipped with Lector, loaded on first use.
    static let shared: Result<LanguageModel, Error> = Result {
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "bin") else {
            throw FormatError(description: "the language model langid.bin is missing from the LectorAnalyzers resources")
        }
        return try LanguageModel(path: url.path)
    }

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FormatError(description: "cannot open \(path)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 32 else { throw FormatError(description: "\(path) is empty") }
        let size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw FormatError(description: "cannot map \(path)")
        }
        // The model lives as long as the process: it is never unmapped.
        let base = UnsafeRawPointer(mapped)
        guard memcmp(base, "LECTORLI", 8) == 0 else { throw FormatError(description: "\(path) is not a Lector language model") }
        func u32(_ offset: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        guard u32(8) == 2 else { throw FormatError(description: "\(path): model version \(u32(8)), this Lector reads version 2") }
        let languageCount = u32(12), keyCount = u32(16), postingCount = u32(20)
        step = base.loadUnaligned(fromByteOffset: 24, as: Float.self) / 255
        var offset = 28
        languages = (0..<languageCount).map { index in
            let bytes = (0..<4).map { base.load(fromByteOffset: offset + index * 4 + $0, as: UInt8.self) }.filter { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        offset += languageCount * 4
        floors = (0..<Self.orders).map { base.loadUnaligned(fromByteOffset: offset + $0 * 4, as: Float.self) }
        offset += languageCount * Self.orders * 4
        let expected = offset + (65_537 + keyCount + keyCount + 1) * 4 + postingCount * 2
        guard expected == size else { throw FormatError(description: "\(path) is truncated or damaged (\(size) bytes, expected \(expected))") }
        buckets = (base + offset).assumingMemoryBound(to: UInt32.self)
        offset += 65_537 * 4
        fingerprints = (base + offset).assumingMemoryBound(to: UInt32.self)
        offset += keyCount * 4
        offsets = (base + offset).assumingMemoryBound(to: UInt32.self)
        offset += (keyCount + 1) * 4
        postings = (base + offset).assumingMemoryBound(to: UInt8.self)
    }

    /// The (language, quantised log-probability) pairs stored for a key, as a range of pair indices.
    @inline(__always)
    func postingRange(hash: UInt64) -> Range<Int>? {
        let bucket = Int(hash >> 48)
        var low = Int(buckets[bucket])
        var high = Int(buckets[bucket + 1])
        let fingerprint = UInt32(truncatingIfNeeded: hash)
        while low < high {
            let middle = (low + high) / 2
            let value = fingerprints[middle]
            if value < fingerprint { low = middle + 1 } else if value > fingerprint { high = middle } else {
                return Int(offsets[middle])..<Int(offsets[middle + 1])
            }
        }
        return nil
    }

    /// Pair `index`: the language and the quantised value (multiply by `quantum` for the log-probability).
    @inline(__always)
    func posting(_ index: Int) -> (language: Int, value: Int) { (Int(postings[index * 2]), Int(postings[index * 2 + 1])) }

    var quantum: Float { step }

    /// 64-bit FNV-1a, as the training script computes it.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var value = seed
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01B3
        }
        return value
    }

    /// The FNV-1a state after a tab, for hashing whole words apart from n-grams.
    static let wordSeed: UInt64 = (0xCBF2_9CE4_8422_2325 ^ 0x09) &* 0x100_0000_01B3
}
