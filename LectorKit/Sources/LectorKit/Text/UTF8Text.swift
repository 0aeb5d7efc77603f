/// Reading and writing valid UTF-8 (a Swift String's bytes) a scalar at a time, for hot loops:
/// String's scalar views validate every index, which costs more than the work itself.
///
/// Every function expects valid UTF-8, such as `String.withUTF8` gives; none checks it.
public enum UTF8Text {
    /// Decodes the scalar at `index` of valid UTF-8 and moves past it.
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32 {
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
    @inlinable @inline(__always)
    public static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Writes `value` as UTF-8 at `bytes`; returns the number of bytes (1 to 4).
    @inlinable @inline(__always)
    public static func encode(_ value: UInt32, into bytes: UnsafeMutablePointer<UInt8>) -> Int {
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
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, before end: inout Int) -> UInt32 {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var index = start
        let value = decode(bytes, &index)
        end = start
        return value
    }

    /// The scalars of a string, decoded from its UTF-8 in one pass (faster than
    /// `Array(text.unicodeScalars)`, which counts them first).
    @inlinable
    public static func scalars(of text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { scalars($0, 0..<$0.count) }
    }

    /// The scalars of a byte range.
    @inlinable
    public static func scalars(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound { scalars.append(Unicode.Scalar(decode(bytes, &index))!) }
        return scalars
    }

    /// A String of scalars (String's own initializer from scalars appends them one by one).
    @inlinable
    public static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars {
            if scalar.value < 0x80 { bytes.append(UInt8(scalar.value)) } else { bytes.append(contentsOf: UTF8.encode(scalar)!) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The String of a byte range.
    @inlinable
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The scalars of a byte range, decoded as they are iterated.
    public struct Scalars: Sequence, IteratorProtocol {
        @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
        @usableFromInline var index: Int
        @usableFromInline let end: Int

        /// The scalars of `range` of `bytes`.
        @inlinable
        public init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            self.bytes = bytes
            index = range.lowerBound
            end = range.upperBound
        }

        /// The next scalar, nil at the end of the range.
        @inlinable
        public mutating func next() -> Unicode.Scalar? {
            guard index < end else { return nil }
            return Unicode.Scalar(UTF8Text.decode(bytes, &index))
        }
    }
}
