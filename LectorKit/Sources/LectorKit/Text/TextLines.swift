#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document's lines as byte ranges of its UTF-8, with 1-based numbers and scalar offsets
/// (a CR before the LF is left out of the line). Valid only inside `TextLines.with`.
public struct TextLines {
    /// One line of the text.
    public struct Line: Sendable, Equatable {
        /// The line's bytes, without its line break.
        public var bytes: Range<Int>
        /// 1-based.
        public var number: Int
        /// Scalar offset of the line's start in the document.
        public var start: Int
        /// Only white space (`ScalarTable.isSpace`), or empty.
        public var isBlank: Bool

        /// A line of `bytes`, numbered `number`, starting at scalar offset `start`.
        public init(bytes: Range<Int>, number: Int, start: Int, isBlank: Bool) {
            self.bytes = bytes
            self.number = number
            self.start = start
            self.isBlank = isBlank
        }
    }

    /// The text's UTF-8.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The lines, in order; an empty text has one blank line.
    public private(set) var lines: [Line] = []

    /// Runs `body` on the lines of `text`, without copying it.
    @inlinable
    public static func with<Result>(_ text: String, _ body: (TextLines) -> Result) -> Result {
        var text = text
        return text.withUTF8 { body(TextLines($0)) }
    }

    @usableFromInline
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
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
                if !ScalarTable.isSpace(UTF8Text.decode(bytes, &index)) {
                    blank = false
                    break
                }
            }
            lines.append(Line(bytes: lineStart..<last, number: lines.count + 1, start: scalarStart, isBlank: blank))
            scalarStart += end - lineStart - continuation + 1
            lineStart = end + 1
        }
    }

    /// The scalars of a line.
    @inlinable
    public func scalars(_ line: Line) -> [Unicode.Scalar] { UTF8Text.scalars(bytes, line.bytes) }
}
