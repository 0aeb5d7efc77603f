#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How input bytes become text.
public enum TextEncoding: Sendable, Hashable {
    /// UTF-8, with or without a byte-order mark; UTF-16 with a byte-order mark, or recognised without one (UTF16Sniffer).
    case automatic
    /// A legacy encoding by its iconv name (windows-1251, windows-1256, iso-8859-8...).
    case named(String)
}

/// Converts a byte stream from a legacy encoding to UTF-8 through the system's iconv, in chunks,
/// so a large file never has to be held twice.
final class IconvConverter {
    private let handle: iconv_t
    let name: String

    init(from name: String, location: String) throws(InputError) {
        let handle = iconv_open("UTF-8", name)
        guard let handle, Int(bitPattern: handle) != -1 else {
            throw InputError(
                .badEncoding, location: location,
                message: "unknown encoding '\(name)' (see `iconv -l` for the names this system knows)")
        }
        self.handle = handle
        self.name = name
    }

    deinit { iconv_close(handle) }

    /// Converts as much of `input` as forms complete characters, appending UTF-8 to `output`.
    /// Returns how many input bytes were used; an incomplete sequence at the end is left for
    /// the next call unless `final`. `baseOffset` is the input's offset in the file, for errors.
    func convert(_ input: [UInt8], into output: inout [UInt8], final: Bool, baseOffset: Int, location: String) throws(InputError) -> Int {
        var consumed = 0
        var chunk = [UInt8](repeating: 0, count: max(64, input.count * 4))
        while consumed < input.count {
            var failure: Int32 = 0
            var usedIn = 0
            var producedOut = 0
            input.withUnsafeBufferPointer { inBuffer in
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBuffer.baseAddress! + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuffer.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 { failure = errno }
                    usedIn = (inBuffer.count - consumed) - inLeft
                    producedOut = outBuffer.count - outLeft
                }
            }
            output.append(contentsOf: chunk[0..<producedOut])
            consumed += usedIn
            switch failure {
            case 0: continue
            case E2BIG: continue
            case EINVAL where !final: return consumed
            case EINVAL:
                throw InputError(
                    .badEncoding, location: location, byteOffset: baseOffset + consumed,
                    message: "the file ends in the middle of a \(name) character (byte \(baseOffset + consumed))")
            default:
                throw InputError(
                    .badEncoding, location: location, byteOffset: baseOffset + consumed,
                    message: "byte \(baseOffset + consumed) is not valid \(name)")
            }
        }
        return consumed
    }
}

enum UTF8Validation {
    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when all is valid.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
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
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lowerBound && second <= upperBound else { return index }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + k]) { return index }
            index += length
        }
        return nil
    }

    /// Decodes UTF-8, failing with the offset of the first invalid byte.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, lossy: Bool, location: String, line: Int?, baseOffset: Int
    ) throws(InputError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if lossy { return String(decoding: bytes, as: UTF8.self) }
        let offset = firstInvalidOffset(bytes) ?? 0
        let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<offset]), as: UTF8.self).unicodeScalars.count + 1
        let shown = bytes[offset..<min(bytes.count, offset + 4)].map { "0x" + String($0, radix: 16, uppercase: true) }
        throw InputError(
            .invalidUTF8, location: location, line: line, byteOffset: baseOffset + offset, column: line == nil ? nil : column,
            message: "invalid UTF-8 at byte \(baseOffset + offset) (\(shown.joined(separator: " "))); "
                + "pass --encoding NAME if the file is in a legacy encoding, or --lossy to replace bad bytes with U+FFFD")
    }
}
