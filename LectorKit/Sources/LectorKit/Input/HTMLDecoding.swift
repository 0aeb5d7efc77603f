#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2

/// A web page's bytes as UTF-8, decoded as browsers decode them: the byte-order mark, then the
/// encoding the caller names (`--encoding`), then the page's `<meta charset>` or http-equiv
/// declaration, then detection. Bytes that do not decode become U+FFFD: a page is never refused
/// for its encoding.
struct HTMLDecoding {
    /// The page as UTF-8, without a byte-order mark.
    var utf8: [UInt8]
    /// The encoding the bytes were read in (`utf-8`, `windows-1251`...).
    var encoding: String
    /// Bytes (or sequences) that became U+FFFD.
    var replaced = 0
    /// Why the declared encoding was not used, when it was not.
    var note: String?

    /// How far into the page the declaration is looked for: browsers prescan 1,024 bytes, but many
    /// real pages declare theirs after long scripts in the head.
    static let prescanLimit = 16 << 10

    init(_ bytes: [UInt8], given: String? = nil) {
        // 1. The byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.init(utf8Lossy: Array(bytes[3...]))
            return
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "utf-16le" : "utf-16be"
            self.init(converting: Array(bytes[2...]), from: name)
            return
        }
        // 2. The encoding named by the caller, 3. the page's own declaration.
        let declared = given.map { Self.canonicalName($0) } ?? Self.declaredEncoding(bytes)
        let isValidUTF8 = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) == nil }
        if let declared, declared != "utf-8" {
            // A page declaring a single-byte encoding whose bytes are valid UTF-8 with non-ASCII
            // characters in them is UTF-8 (the declaration was copied from an older template):
            // no real legacy text is valid UTF-8 by chance.
            if given == nil, isValidUTF8, Self.singleByte(declared), bytes.contains(where: { $0 >= 0x80 }) {
                self.init(utf8Lossy: bytes)
                note = "declares \(declared) but is UTF-8; read as UTF-8"
                return
            }
            if Self.converterExists(declared) {
                self.init(converting: bytes, from: declared)
                return
            }
        }
        let unknown = declared.map { $0 != "utf-8" } ?? false
        if isValidUTF8 || !Self.looksLegacy(bytes) {
            // UTF-8, perhaps with a few bad bytes.
            self.init(utf8Lossy: bytes)
        } else {
            // 4. Detection: not UTF-8, so the legacy encoding its high bytes fit best.
            let guess = Self.guessLegacy(bytes)
            self.init(converting: bytes, from: guess)
            if declared == "utf-8" { note = "declares UTF-8 but is not; read as \(guess)" }
        }
        if unknown, let declared { note = "declares an encoding this system does not know ('\(declared)'); read as \(encoding)" }
    }

    private init(utf8Lossy bytes: [UInt8]) {
        encoding = "utf-8"
        let valid = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) == nil }
        if valid {
            utf8 = bytes
            return
        }
        // Each maximal invalid subsequence becomes one U+FFFD (as String(decoding:) does).
        var count = 0
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar == "\u{FFFD}" { count += 1 }
            output.append(contentsOf: String(scalar).utf8)
        }
        // A U+FFFD that was in the page itself is counted too: rare, and harmless.
        utf8 = output
        replaced = count
    }

    private init(converting bytes: [UInt8], from name: String) {
        encoding = name
        var output: [UInt8] = []
        replaced = Self.convertLossy(bytes, from: name, into: &output)
        utf8 = output
    }

    /// Converts through iconv, a byte that does not convert becoming U+FFFD; the count of those.
    static func convertLossy(_ input: [UInt8], from name: String, into output: inout [UInt8]) -> Int {
        let handle = iconv_open("UTF-8", name)
        guard let handle, Int(bitPattern: handle) != -1 else {
            output = input
            return 0
        }
        defer { iconv_close(handle) }
        output.reserveCapacity(input.count * 2)
        var replaced = 0
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        input.withUnsafeBufferPointer { inBuffer in
            guard let base = inBuffer.baseAddress else { return }
            var consumed = 0
            while consumed < inBuffer.count {
                var failure: Int32 = 0
                var produced = 0
                var inLeft = inBuffer.count - consumed
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
                    produced = outBuffer.count - outLeft
                }
                output.append(contentsOf: chunk[0..<produced])
                consumed = inBuffer.count - inLeft
                if failure == EILSEQ || failure == EINVAL {
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    replaced += 1
                    consumed += 1
                } else if failure != 0 && failure != E2BIG {
                    break
                }
            }
        }
        return replaced
    }

    /// The encoding a `<meta charset>` or `<meta http-equiv="content-type" content="...charset=...">`
    /// in the page's first bytes names, as a canonical iconv name.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let end = min(bytes.count, prescanLimit)
        // Lowercase ASCII of the prescan window; other bytes as they are.
        let window = bytes[0..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var index = 0
        let meta = Array("<meta".utf8)
        while let start = find(meta, in: window, from: index) {
            let close = window[start...].firstIndex(of: UInt8(ascii: ">")) ?? end
            let tag = Array(window[start..<close])
            index = close
            if let value = attributeValue("charset", in: tag) {
                return canonicalName(value)
            }
            if let equiv = attributeValue("http-equiv", in: tag), equiv == "content-type",
               let content = attributeValue("content", in: tag), let range = content.range(of: "charset=") {
                let rest = content[range.upperBound...].drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
                let name = rest.prefix(while: { !";\"' ".contains($0) })
                if !name.isEmpty { return canonicalName(String(name)) }
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The value of attribute `name` in a lowercased tag's bytes (`<meta` and what follows), read
    /// attribute by attribute so that a name inside another attribute's value does not count.
    private static func attributeValue(_ name: String, in tag: [UInt8]) -> String? {
        let key = Array(name.utf8)
        let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x2F]
        var cursor = 5  // after "<meta"
        while cursor < tag.count {
            while cursor < tag.count, spaces.contains(tag[cursor]) { cursor += 1 }
            let nameStart = cursor
            while cursor < tag.count, !spaces.contains(tag[cursor]), tag[cursor] != UInt8(ascii: "=") { cursor += 1 }
            let attribute = tag[nameStart..<cursor]
            while cursor < tag.count, tag[cursor] == 0x20 { cursor += 1 }
            var value: [UInt8] = []
            if cursor < tag.count, tag[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < tag.count, tag[cursor] == 0x20 { cursor += 1 }
                if cursor < tag.count, tag[cursor] == 0x22 || tag[cursor] == 0x27 {
                    let quote = tag[cursor]
                    cursor += 1
                    while cursor < tag.count, tag[cursor] != quote { value.append(tag[cursor]); cursor += 1 }
                    cursor += 1
                } else {
                    while cursor < tag.count, !spaces.contains(tag[cursor]) || tag[cursor] == 0x2F { value.append(tag[cursor]); cursor += 1 }
                }
            }
            if attribute.elementsEqual(key) { return String(decoding: value, as: UTF8.self).trimmingSpaces }
            if attribute.isEmpty { cursor += 1 }
        }
        return nil
    }

    /// The iconv name for an encoding label, with the labels browsers read as another encoding
    /// (WHATWG Encoding): latin1 and ascii are windows-1252, gb2312 is GBK, a meta tag's UTF-16 is UTF-8.
    static func canonicalName(_ label: String) -> String {
        let name = label.lowercased().trimmingSpaces
        switch name {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode": return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252", "iso_8859-1", "x-cp1252":
            return "windows-1252"
        case "iso-8859-9", "latin5", "iso8859-9": return "windows-1254"
        case "tis-620", "iso-8859-11": return "windows-874"
        case "gb2312", "gb_2312-80", "x-gbk", "gbk", "chinese", "csgb2312": return "gbk"
        case "ks_c_5601-1987", "euc-kr", "korean", "windows-949": return "cp949"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji", "windows-31j": return "shift_jis"
        case "cp1251", "win-1251", "x-cp1251": return "windows-1251"
        case "cp1250", "x-cp1250": return "windows-1250"
        case "cp1256", "x-cp1256": return "windows-1256"
        default: return name
        }
    }

    private static func singleByte(_ name: String) -> Bool {
        name.hasPrefix("windows-") || name.hasPrefix("iso-8859-") || name.hasPrefix("koi8") || name.hasPrefix("cp12")
    }

    private static func converterExists(_ name: String) -> Bool {
        let handle = iconv_open("UTF-8", name)
        guard let handle, Int(bitPattern: handle) != -1 else { return false }
        iconv_close(handle)
        return true
    }

    /// Whether invalid UTF-8 is common enough for the page to be in a legacy encoding rather than
    /// UTF-8 with a few damaged bytes: fewer valid multi-byte sequences than invalid bytes.
    private static func looksLegacy(_ bytes: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] < 0x80 { index += 1; continue }
                let rest = UnsafeBufferPointer(rebasing: buffer[index..<min(buffer.count, index + 4)])
                let length = utf8SequenceLength(rest)
                if length > 0 { valid += 1; index += length } else { invalid += 1; index += 1 }
            }
        }
        return invalid > valid
    }

    /// The length of the valid UTF-8 sequence at the start of `bytes`, 0 when it is not valid.
    private static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        for length in [2, 3, 4] where length <= bytes.count {
            let prefix = UnsafeBufferPointer(rebasing: bytes[0..<length])
            if UTF8Validation.firstInvalidOffset(prefix) == nil { return length }
        }
        return 0
    }

    /// The legacy encoding a non-UTF-8 page's high bytes fit best: Cyrillic pages are mostly
    /// letters in 0xC0–0xFF (windows-1251), Western pages mostly ASCII with a few accented letters
    /// (windows-1252). Pages in other scripts should declare theirs, as their browsers expect.
    static func guessLegacy(_ bytes: [UInt8]) -> String {
        var high = 0
        var letters = 0
        var ascii = 0
        for byte in bytes.prefix(1 << 20) {
            if byte >= 0x80 { high += 1; if byte >= 0xC0 { letters += 1 } } else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { ascii += 1 }
        }
        // Cyrillic text has more high-byte letters than ASCII ones outside the markup.
        return high > 0 && letters * 10 >= high * 8 && high * 4 >= ascii ? "windows-1251" : "windows-1252"
    }
}

/// gzip-compressed input, read through zlib; nil when the bytes are not gzip.
enum Gzip {
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The uncompressed bytes, or an error when the stream is damaged or larger than `limit`.
    static func decompress(_ bytes: [UInt8], limit: Int, location: String) throws(InputError) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: a gzip header, not a zlib one.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(.unreadable, location: location, message: "cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4)
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        var status: Int32 = Z_OK
        var input = bytes
        var failure: InputError?
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.avail_out))])
                }
                if output.count > limit {
                    failure = InputError(.tooLarge, location: location, message: "the page is more than \(limit >> 20) MiB uncompressed")
                    return
                }
                // Concatenated gzip members: go on with the next.
                if status == Z_STREAM_END && stream.avail_in > 0 { status = inflateReset(&stream) }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
            }
        }
        if let failure { throw failure }
        if status != Z_STREAM_END && status != Z_BUF_ERROR && status != Z_OK {
            // A truncated or damaged file: keep what decompressed, as a browser shows a partial page.
            if output.isEmpty { throw InputError(.unreadable, location: location, message: "not a valid gzip file") }
        }
        return output
    }
}

extension String {
    /// Without leading and trailing ASCII white space.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !" \t\n\r\u{0C}".unicodeScalars.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !" \t\n\r\u{0C}".unicodeScalars.contains($0) })!
        return String(scalars[first...last])
    }
}
