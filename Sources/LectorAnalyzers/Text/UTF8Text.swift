#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing valid UTF-8 (a Swift String's bytes) a scalar at a time, for the
/// analyzers' hot loops: String's scalar views validate every index, which costs more than
/// the work itself.
enum UTF8Text {
    /// Decodes the scalar at `index` of valid UTF-8 and moves past it.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        if lead < 0x80 {
            index += 1
            return lead
        }
        let length = sequenceLength(bytes[index])
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length where index + offset < bytes.count { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        index += length
        return value
    }

    /// The length of the UTF-8 sequence a lead byte starts.
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Writes `value` as UTF-8 at `bytes`; returns the number of bytes.
    @inline(__always)
    static func encode(_ value: UInt32, into bytes: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0x80 {
            bytes[0] = UInt8(value)
            return 1
        } else if value < 0x800 {
            bytes[0] = UInt8(0xC0 | value >> 6)
            bytes[1] = UInt8(0x80 | value & 0x3F)
            return 2
        } else if value < 0x10000 {
            bytes[0] = UInt8(0xE0 | value >> 12)
            bytes[1] = UInt8(0x80 | (value >> 6) & 0x3F)
            bytes[2] = UInt8(0x80 | value & 0x3F)
            return 3
        }
        bytes[0] = UInt8(0xF0 | value >> 18)
        bytes[1] = UInt8(0x80 | (value >> 12) & 0x3F)
        bytes[2] = UInt8(0x80 | (value >> 6) & 0x3F)
        bytes[3] = UInt8(0x80 | value & 0x3F)
        return 4
    }

    /// Decodes the scalar that ends at `end` and moves `end` to its start.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, before end: inout Int) -> UInt32 {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var index = start
        let value = decode(bytes, &index)
        end = start
        return value
    }

    /// White space and the invisible marks pasted text carries (bidi and zero-width controls, BOM).
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x061C, 0x1680, 0x180E, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x2069, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// The scalars of a byte range.
    static func scalars(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound { scalars.append(Unicode.Scalar(decode(bytes, &index))!) }
        return scalars
    }

    /// A String of scalars (String's own initializer from scalars appends them one by one).
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars {
            if scalar.value < 0x80 { bytes.append(UInt8(scalar.value)) } else { bytes.append(contentsOf: UTF8.encode(scalar)!) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The scalars of a byte range, decoded as they are iterated.
    struct Scalars: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            self.bytes = bytes
            index = range.lowerBound
            end = range.upperBound
        }

        mutating func next() -> Unicode.Scalar? {
            guard index < end else { return nil }
            return Unicode.Scalar(UTF8Text.decode(bytes, &index))
        }
    }
}

/// A document's lines as byte ranges of its UTF-8, with 1-based numbers and scalar offsets
/// (a CR before the LF is left out of the line). Valid only inside `TextLines.with`.
struct TextLines {
    struct Line {
        /// The line's bytes, without its line break.
        var bytes: Range<Int>
        /// 1-based.
        var number: Int
        /// Scalar offset of the line's start in the document.
        var start: Int
        var isBlank: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var lines: [Line] = []

    /// Runs `body` on the lines of `text`, without copying it.
    static func with<Result>(_ text: String, _ body: (TextLines) -> Result) -> Result {
        var text = text
        return text.withUTF8 { body(TextLines($0)) }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            lines = [Line(bytes: 0..<0, number: 1, start: 0, isBlank: true)]
            return
        }
        var lineStart = 0, scalarStart = 0
        while lineStart < bytes.count {
            // memchr finds the line break; the scalars are the bytes that are not continuation bytes.
            let end = memchr(base + lineStart, 0x0A, bytes.count - lineStart).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
            var continuation = 0
            for index in lineStart..<end { continuation &+= Int((bytes[index] >> 6) == 2 ? 1 : 0) }
            var last = end
            if last > lineStart && bytes[last - 1] == 0x0D { last -= 1 }
            var blank = true
            var index = lineStart
            while index < last {
                if !UTF8Text.isSpace(UTF8Text.decode(bytes, &index)) {
                    blank = false
                    break
                }
            }
            lines.append(Line(bytes: lineStart..<last, number: lines.count + 1, start: scalarStart, isBlank: blank))
            scalarStart += end - lineStart - continuation + 1
            lineStart = end + 1
        }
        if bytes.last == 0x0A && lines.isEmpty { lines.append(Line(bytes: 0..<0, number: 1, start: 0, isBlank: true)) }
    }

    func scalars(_ line: Line) -> [Unicode.Scalar] { UTF8Text.scalars(bytes, line.bytes) }
}
