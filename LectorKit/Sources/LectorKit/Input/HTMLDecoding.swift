#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import CUchardet

/// A web page's bytes as UTF-8, decoded as browsers decode them: the byte-order mark, then the
/// encoding the caller names (`--encoding`), then the page's `<meta charset>` or http-equiv
/// declaration, then detection (uchardet, on the page's text). Bytes that do not decode become
/// U+FFFD: a page is never refused for its encoding.
struct HTMLDecoding {
    /// The page as UTF-8, without a byte-order mark.
    var utf8: [UInt8]
    /// The encoding the bytes were read in, by its WHATWG name lowercased (`utf-8`,
    /// `windows-1251`, `shift_jis`...), or the caller's name when the standard has none for it.
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
            self.init(converting: Array(bytes[2...]), from: bytes[0] == 0xFF ? "utf-16le" : "utf-16be")
            return
        }
        // UTF-16 without a byte-order mark (no browser guesses it, but a page saved so is
        // otherwise read as nothing): its NUL bytes fall on one side of each pair.
        if given == nil, bytes.prefix(UTF16Sniffer.sampleSize).contains(0), case .utf16(let name) = UTF16Sniffer.examine(bytes) {
            self.init(converting: bytes, from: name.lowercased())
            note = "has no byte-order mark but is \(name); read as \(name)"
            return
        }
        // 2. The encoding named by the caller: what it says goes, bytes that do not fit and all.
        if let given {
            let name = Self.canonicalName(given)
            if name == "utf-8" {
                self.init(utf8Lossy: bytes)
            } else if Self.converterExists(name) {
                self.init(converting: bytes, from: name)
            } else {
                self.init(detecting: bytes)
                note = "the encoding given ('\(given)') is not one this system knows; read as \(encoding)"
            }
            return
        }
        // 3. The page's own declaration.
        let declared = Self.declaredEncoding(bytes)
        let isValid = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) == nil }
        if let declared, declared != "utf-8" {
            // A page declaring a legacy encoding whose bytes are valid UTF-8 with non-ASCII
            // characters in them is UTF-8 (the declaration was copied from an older template): no
            // real single-byte text is valid UTF-8 by chance, nor CJK text of more than a few characters.
            // (Valid UTF-8: each byte from 0xC0 up starts a character.)
            if isValid, bytes.count(where: { $0 >= 0xC0 }) >= (Self.singleByte(declared) ? 1 : 8) {
                self.init(utf8: bytes)
                note = "declares \(declared) but is UTF-8; read as UTF-8"
                return
            }
            if Self.converterExists(declared) {
                self.init(converting: bytes, from: declared)
                return
            }
            self.init(detecting: bytes)
            note = "declares an encoding this system does not know ('\(declared)'); read as \(encoding)"
            return
        }
        // 4. No declaration, or UTF-8: UTF-8, unless the bytes say otherwise.
        if isValid {
            // All ASCII with escape sequences: ISO-2022-JP, which is 7-bit.
            if bytes.contains(0x1B), !bytes.contains(where: { $0 >= 0x80 }), Self.detectSevenBit(bytes) {
                self.init(converting: bytes, from: "iso-2022-jp")
                if declared == "utf-8" { note = "declares UTF-8 but is ISO-2022-JP; read as iso-2022-jp" }
            } else {
                self.init(utf8: bytes)
            }
            return
        }
        // Invalid UTF-8 in a few places is damage: those become U+FFFD. When more of the non-ASCII
        // is invalid than valid (and, in a page declaring UTF-8, more than a few stray bytes),
        // the page is in a legacy encoding, which detection finds.
        let census = UTF8Census(bytes)
        let legacy = census.invalid > census.multibyte && (declared == nil || census.invalid >= Self.strayBytes)
        guard legacy else {
            self.init(utf8Lossy: bytes)
            return
        }
        self.init(detecting: bytes)
        if declared == "utf-8" {
            note = "declares UTF-8 but is not (\(census.invalid) bytes are not valid UTF-8); read as \(encoding)"
        }
    }

    /// The fewest invalid bytes for which a page declaring UTF-8 is read in a detected encoding
    /// (they must also outnumber its valid non-ASCII sequences): fewer are damage, a truncated
    /// character or a pasted symbol, and become U+FFFD.
    static let strayBytes = 4

    /// Bytes known to be valid UTF-8.
    private init(utf8 bytes: [UInt8]) {
        encoding = "utf-8"
        utf8 = bytes
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
        replaced = Self.convertLossy(bytes, from: Self.iconvName(name), into: &output)
        utf8 = output
    }

    /// Reads the page in the encoding detection finds, windows-1252 when it finds none.
    private init(detecting bytes: [UInt8]) {
        self.init(converting: bytes, from: Self.detect(bytes) ?? "windows-1252")
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
            // A stateful decoder (windows-1258 holding a letter for a tone mark that may follow,
            // ISO-2022-JP) gives out what it holds.
            chunk.withUnsafeMutableBufferPointer { outBuffer in
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                _ = iconv(handle, nil, nil, &outPointer, &outLeft)
                output.append(contentsOf: outBuffer[0..<(outBuffer.count - outLeft)])
            }
        }
        return replaced
    }

    // MARK: The declaration

    /// The encoding a `<meta charset>` or `<meta http-equiv="content-type" content="...charset=...">`
    /// in the page's first bytes names, by its WHATWG name (a label the standard does not list is
    /// kept as it is, for iconv to try).
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
            var label: String?
            if let value = attributeValue("charset", in: tag) {
                label = value
            } else if let equiv = attributeValue("http-equiv", in: tag), equiv == "content-type",
                      let content = attributeValue("content", in: tag), let range = content.range(of: "charset=") {
                let rest = content[range.upperBound...].drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
                let name = rest.prefix(while: { !";\"' ".contains($0) })
                if !name.isEmpty { label = String(name) }
            }
            guard let label, !label.isEmpty else { continue }
            // A page that says UTF-16 in ASCII bytes is not UTF-16: browsers read it as UTF-8
            // (WHATWG's prescan), and x-user-defined as windows-1252.
            switch canonicalName(label) {
            case "utf-16le", "utf-16be": return "utf-8"
            case "x-user-defined": return "windows-1252"
            case let name: return name
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

    // MARK: Encoding names

    /// The encoding a label names, by its WHATWG name lowercased: the Encoding Standard's table of
    /// the labels browsers accept (latin1, iso-8859-1 and ascii are windows-1252, x-sjis is
    /// Shift_JIS, gb2312 is GBK, ks_c_5601-1987 is EUC-KR, tis-620 is windows-874...). A label the
    /// table does not have is returned lowercased, for iconv to try.
    static func canonicalName(_ label: String) -> String {
        let name = label.lowercased().trimmingSpaces
        return labels[name] ?? name
    }

    /// The Encoding Standard's labels (encoding.spec.whatwg.org, "Names and labels"), except the
    /// ones it reads as the replacement encoding (iso-2022-kr, iso-2022-cn, hz-gb-2312), which go
    /// to iconv as they are.
    static let labels: [String: String] = {
        let table: [(String, [String])] = [
            ("utf-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]),
            ("ibm866", ["866", "cp866", "csibm866", "ibm866"]),
            ("iso-8859-2", ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"]),
            ("iso-8859-3", ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"]),
            ("iso-8859-4", ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"]),
            ("iso-8859-5", ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"]),
            ("iso-8859-6", ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
                            "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"]),
            ("iso-8859-7", ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597",
                            "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"]),
            ("iso-8859-8", ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
                            "iso_8859-8", "iso_8859-8:1988", "visual"]),
            ("iso-8859-8-i", ["csiso88598i", "iso-8859-8-i", "logical"]),
            ("iso-8859-10", ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"]),
            ("iso-8859-13", ["iso-8859-13", "iso8859-13", "iso885913"]),
            ("iso-8859-14", ["iso-8859-14", "iso8859-14", "iso885914"]),
            ("iso-8859-15", ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"]),
            ("iso-8859-16", ["iso-8859-16"]),
            ("koi8-r", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
            ("koi8-u", ["koi8-ru", "koi8-u"]),
            ("macintosh", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
            ("windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]),
            ("windows-1250", ["cp1250", "windows-1250", "x-cp1250"]),
            ("windows-1251", ["cp1251", "windows-1251", "x-cp1251"]),
            ("windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
                              "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]),
            ("windows-1253", ["cp1253", "windows-1253", "x-cp1253"]),
            ("windows-1254", ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989",
                              "l5", "latin5", "windows-1254", "x-cp1254"]),
            ("windows-1255", ["cp1255", "windows-1255", "x-cp1255"]),
            ("windows-1256", ["cp1256", "windows-1256", "x-cp1256"]),
            ("windows-1257", ["cp1257", "windows-1257", "x-cp1257"]),
            ("windows-1258", ["cp1258", "windows-1258", "x-cp1258"]),
            ("x-mac-cyrillic", ["x-mac-cyrillic", "x-mac-ukrainian"]),
            ("gbk", ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk"]),
            ("gb18030", ["gb18030"]),
            ("big5", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
            ("euc-jp", ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
            ("iso-2022-jp", ["csiso2022jp", "iso-2022-jp"]),
            ("shift_jis", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"]),
            ("euc-kr", ["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
                        "ksc_5601", "windows-949"]),
            ("utf-16be", ["unicodefffe", "utf-16be"]),
            ("utf-16le", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]),
            ("x-user-defined", ["x-user-defined"]),
        ]
        var labels: [String: String] = [:]
        for (name, aliases) in table { for alias in aliases { labels[alias] = name } }
        return labels
    }()

    /// The name glibc's iconv decodes an encoding under as browsers decode it: WHATWG's
    /// Shift_JIS is Microsoft's (backslash and tilde stay ASCII, NEC and IBM rows decode), its
    /// EUC-KR is Microsoft's superset (UHC), ISO-8859-8-I differs from ISO-8859-8 only in
    /// direction. Near misses: Big5 is glibc's BIG5, which has the euro sign but not HKSCS's extra
    /// characters; GBK is glibc's, without GB18030's four-byte sequences; KOI8-U is glibc's,
    /// without the Belarusian ў that WHATWG's has at 0xAE and 0xBE.
    static func iconvName(_ name: String) -> String {
        switch name {
        case "shift_jis": return "CP932"
        case "euc-kr": return "CP949"
        case "iso-8859-8-i": return "ISO-8859-8"
        case "x-mac-cyrillic": return "MAC-CYRILLIC"
        default: return name
        }
    }

    private static func singleByte(_ name: String) -> Bool {
        name.hasPrefix("windows-") || name.hasPrefix("iso-8859-") || name.hasPrefix("koi8") || name.hasPrefix("cp12")
            || name == "ibm866" || name == "macintosh" || name == "x-mac-cyrillic"
    }

    private static func converterExists(_ name: String) -> Bool {
        let handle = iconv_open("UTF-8", iconvName(name))
        guard let handle, Int(bitPattern: handle) != -1 else { return false }
        iconv_close(handle)
        return true
    }

    // MARK: Detection

    /// How much of a page's text uchardet reads: the words with non-ASCII bytes in them, up to
    /// this many such bytes or `sampleLimit` bytes in all. Detection settles long before (on the
    /// test pages, 64 non-ASCII bytes detect as well as the whole text), and uchardet's
    /// single-byte models cost about a quarter of a microsecond a byte.
    static let sampleHighBytes = 256
    static let sampleLimit = 1024

    /// The encoding uchardet finds in a page, by its WHATWG name; nil when it finds none a browser
    /// could read a page in (an MS-DOS code page, EUC-TW, or nothing): the caller reads windows-1252.
    static func detect(_ bytes: [UInt8]) -> String? {
        var sample = textSample(bytes, skippingMarkup: true)
        // Non-ASCII only in attributes or scripts: the words wherever they are.
        if sample.isEmpty { sample = textSample(bytes, skippingMarkup: false) }
        guard !sample.isEmpty, let found = uchardet(sample) else { return nil }
        return refine(webEncoding(found), bytes: bytes)
    }

    /// Whether an all-ASCII page with escape bytes is ISO-2022-JP (the one 7-bit encoding browsers read).
    static func detectSevenBit(_ bytes: [UInt8]) -> Bool {
        // From the first escape on: the escape sequences tell the ISO-2022 encodings apart.
        guard let start = bytes.firstIndex(of: 0x1B) else { return false }
        return uchardet(Array(bytes[start..<min(bytes.count, start + 4096)])).flatMap(webEncoding) == "iso-2022-jp"
    }

    /// The WHATWG name for an encoding uchardet names, nil for one that is not a web encoding.
    static func webEncoding(_ detected: String) -> String? {
        let name = detected.lowercased()
        switch name {
        case "uhc": return "euc-kr"
        case "mac-cyrillic": return "x-mac-cyrillic"
        // Detection runs on bytes that are not UTF-8 and not all ASCII: these are no answer.
        case "ascii", "utf-8": return nil
        default: break
        }
        guard let web = labels[name], !["utf-8", "utf-16le", "utf-16be", "x-user-defined"].contains(web) else { return nil }
        return web
    }

    /// Corrections of uchardet's answer between encodings that write the same letters: it does
    /// not tell KOI8-U from KOI8-R, nor an ISO-8859 encoding from the Windows code page of the
    /// same script; and an answer that reads every non-ASCII byte of the page as windows-1252 does
    /// is windows-1252 (uchardet answers windows-1250 or ISO-8859-2 for English with curly quotes).
    static func refine(_ found: String?, bytes: [UInt8]) -> String? {
        guard var name = found else { return nil }
        var present = [Bool](repeating: false, count: 128)
        bytes.withUnsafeBufferPointer { page in
            present.withUnsafeMutableBufferPointer { seen in
                for byte in page where byte >= 0x80 { seen[Int(byte &- 0x80)] = true }
            }
        }
        func has(_ byte: UInt8) -> Bool { present[Int(byte - 0x80)] }
        // Ukrainian letters (є і ї ґ and capitals) where KOI8-R has box drawing.
        if name == "koi8-r", [0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD].contains(where: has) {
            name = "koi8-u"
        }
        // Bytes 0x80–0x9F are C1 controls in ISO-8859, which no text has, and punctuation (curly
        // quotes, dashes) or letters in the Windows code page of the same script.
        let windows = ["iso-8859-2": "windows-1250", "iso-8859-7": "windows-1253", "iso-8859-8": "windows-1255",
                       "iso-8859-13": "windows-1257", "iso-8859-15": "windows-1252"]
        if let superset = windows[name], (0x80...0x9F).contains(where: has) { name = superset }
        // Greek capital alpha with tonos is 0xA2 in windows-1253 and 0xB6 in ISO-8859-7, where
        // 0xA2 is a closing quote: starting a word, before a small letter, it is the letter.
        if name == "iso-8859-7", has(0xA2), startsWord(0xA2, beforeOneOf: 0xDC...0xFE, in: bytes) { name = "windows-1253" }
        if name != "windows-1252", singleByte(name), readsAsWindows1252(name, bytes: present) { name = "windows-1252" }
        return name
    }

    /// Whether `byte` starts a word somewhere in `bytes` (after an ASCII byte that is not a letter
    /// or digit), followed by a byte in `next`.
    private static func startsWord(_ byte: UInt8, beforeOneOf next: ClosedRange<UInt8>, in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { page in
            guard page.count >= 2 else { return false }
            for index in 0..<(page.count - 1) where page[index] == byte && next.contains(page[index + 1]) {
                if index == 0 { return true }
                let before = page[index - 1]
                if before < 0x80 && !MarkupBytes.isLetter(before) && !(0x30...0x39).contains(before) { return true }
            }
            return false
        }
    }

    /// Whether `name` reads each of the non-ASCII bytes marked present as windows-1252 does.
    private static func readsAsWindows1252(_ name: String, bytes present: [Bool]) -> Bool {
        let one = iconv_open("UTF-8", iconvName(name))
        let other = iconv_open("UTF-8", "WINDOWS-1252")
        defer {
            if let one, Int(bitPattern: one) != -1 { iconv_close(one) }
            if let other, Int(bitPattern: other) != -1 { iconv_close(other) }
        }
        guard let one, Int(bitPattern: one) != -1, let other, Int(bitPattern: other) != -1 else { return false }
        func decode(_ byte: UInt8, _ handle: iconv_t) -> [UInt8] {
            var input = [CChar(bitPattern: byte)]
            var output = [CChar](repeating: 0, count: 8)
            var inLeft = 1
            var outLeft = output.count
            input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer = inBuffer.baseAddress
                    var outPointer = outBuffer.baseAddress
                    if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1 {
                        _ = iconv(handle, nil, nil, &outPointer, &outLeft)
                    } else {
                        outLeft = outBuffer.count
                    }
                }
            }
            _ = iconv(handle, nil, nil, nil, nil)
            return output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
        }
        for offset in 0..<128 where present[offset] {
            let byte = UInt8(0x80 + offset)
            let mine = decode(byte, one)
            if mine.isEmpty || mine != decode(byte, other) { return false }
        }
        return true
    }

    /// uchardet's answer for `sample`, nil when it has none.
    private static func uchardet(_ sample: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let status = sample.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { uchardet_handle_data(detector, $0.baseAddress, $0.count) }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let answer = uchardet_get_charset(detector) else { return nil }
        let name = String(cString: answer)
        return name.isEmpty ? nil : name
    }

    /// The words (runs of bytes between white space) of the page that have a byte ≥ 0x80 in them,
    /// each followed by a space, up to `sampleHighBytes` such bytes or `sampleLimit` bytes: what
    /// uchardet reads. With `skippingMarkup`, tags, comments, scripts and style sheets are left
    /// out. Neither white space nor `<` is ever part of a character in the encodings read this way
    /// (ISO-2022-JP, whose characters are ASCII bytes, is found apart).
    static func textSample(_ bytes: [UInt8], skippingMarkup: Bool) -> [UInt8] {
        var sample: [UInt8] = []
        sample.reserveCapacity(sampleLimit + 64)
        bytes.withUnsafeBufferPointer { page in
            let count = page.count
            var high = 0
            var wordStart = -1
            var wordHigh = 0
            func endWord(at end: Int) {
                if wordStart >= 0, wordHigh > 0 {
                    let kept = min(end, wordStart + (sampleLimit - sample.count))
                    sample.append(contentsOf: page[wordStart..<kept])
                    sample.append(0x20)
                    high += wordHigh
                }
                wordStart = -1
                wordHigh = 0
            }
            var index = 0
            while index < count, high < sampleHighBytes, sample.count < sampleLimit {
                let byte = page[index]
                if byte == 0x3C, skippingMarkup, index + 1 < count, startsMarkup(page[index + 1]) {
                    endWord(at: index)
                    index = markupEnd(page, from: index)
                    continue
                }
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C {
                    endWord(at: index)
                } else {
                    if wordStart < 0 { wordStart = index }
                    if byte >= 0x80 { wordHigh += 1 }
                    // A word longer than the room left (CJK text has no spaces) ends there.
                    if wordHigh > 0, index + 1 - wordStart >= sampleLimit - sample.count { endWord(at: index + 1) }
                }
                index += 1
            }
            endWord(at: index)
        }
        return sample
    }

    private static func startsMarkup(_ byte: UInt8) -> Bool {
        MarkupBytes.isLetter(byte) || byte == 0x2F || byte == 0x21 || byte == 0x3F
    }


    /// Where the tag, comment, script or style element starting at `start` ends.
    private static func markupEnd(_ page: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        func tagEnd(from index: Int) -> Int {
            var cursor = index
            while cursor < page.count, page[cursor] != 0x3E { cursor += 1 }
            return min(cursor + 1, page.count)
        }
        if MarkupBytes.matches(page, "<!--", at: start) {
            guard let close = MarkupBytes.search(page, "-->", from: start + 4) else { return page.count }
            return close + 3
        }
        if let end = MarkupBytes.rawTextEnd(page, tagAt: start, contentFrom: start + 1) { return tagEnd(from: end) }
        return tagEnd(from: start)
    }
}

/// Markup read as bytes, before it is parsed: for the encoding's text sample, and for the limit
/// on a tag's attributes (`HTMLPage.limitAttributes`).
enum MarkupBytes {
    /// An ASCII letter.
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Whether `needle` (lower-case ASCII) stands at `index`, in either case.
    static func matches(_ page: UnsafeBufferPointer<UInt8>, _ needle: StaticString, at index: Int) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard index >= 0, index + length <= page.count else { return false }
        let base = needle.utf8Start
        for k in 0..<length {
            let byte = page[index + k]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lower != base[k] { return false }
        }
        return true
    }

    /// The first place from `index` on where `needle` stands, in either case.
    static func search(_ page: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from index: Int) -> Int? {
        var cursor = index
        let first = needle.utf8Start[0]
        while cursor < page.count {
            let byte = page[cursor]
            if (byte == first || byte | 0x20 == first) && matches(page, needle, at: cursor) { return cursor }
            cursor += 1
        }
        return nil
    }

    /// When the start tag at `start` opens a `script` or `style` element, whose content is not
    /// markup: where its end tag begins, looked for from `contentFrom` (the page's end when it has
    /// none). Nil for any other tag.
    static func rawTextEnd(_ page: UnsafeBufferPointer<UInt8>, tagAt start: Int, contentFrom: Int) -> Int? {
        for (open, close) in [("<script", "</script"), ("<style", "</style")] as [(StaticString, StaticString)]
        where matches(page, open, at: start) {
            let after = start + open.utf8CodeUnitCount
            guard after < page.count, !isLetter(page[after]) else { continue }
            return search(page, close, from: max(after, contentFrom)) ?? page.count
        }
        return nil
    }
}

/// How much of a page's non-ASCII is valid UTF-8, in one pass.
struct UTF8Census {
    /// Valid sequences of two to four bytes.
    var multibyte = 0
    /// Bytes that start no valid sequence.
    var invalid = 0

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index < count {
                let byte = buffer[index]
                if byte < 0x80 {
                    index += 1
                    continue
                }
                var length = 0
                var lowerBound: UInt8 = 0x80
                var upperBound: UInt8 = 0xBF
                switch byte {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lowerBound = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upperBound = 0x9F
                case 0xF0: length = 4; lowerBound = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upperBound = 0x8F
                default: break
                }
                var valid = length > 0 && index + length <= count
                if valid {
                    let second = buffer[index + 1]
                    valid = second >= lowerBound && second <= upperBound
                    var k = 2
                    while valid && k < length {
                        valid = buffer[index + k] & 0xC0 == 0x80
                        k += 1
                    }
                }
                if valid {
                    multibyte += 1
                    index += length
                } else {
                    invalid += 1
                    index += 1
                }
            }
        }
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
