/// Writes compact JSON into a byte buffer; fast enough for millions of records.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): writeInt(i)
        case .double(let d): append(Self.format(d))
        case .string(let s): writeString(s)
        case .array(let items): writeArray(items) { $0.write($1) }
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, item) in object {
                writeKey(key, first: first)
                first = false
                write(item)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `[...]`, each element written by `element`, with commas between.
    @inlinable
    public mutating func writeArray<Items: Sequence>(_ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"key":`, preceded by a comma unless it is the first member.
    public mutating func writeKey(_ key: String, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Bytes that need an escape: control characters, '"', '\\', and 0xE2, which starts U+2028/2029.
    private static let special: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }

    public mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            Self.special.withUnsafeBufferPointer { specialTable in
                let special = specialTable.baseAddress!
                var runStart = 0
                var i = 0
                let count = utf8.count
                while i < count {
                    let byte = base[i]
                    if !special[Int(byte)] { i += 1; continue }
                    // U+2028/2029 are valid JSON but break JavaScript consumers; escape them too.
                    if byte == 0xE2 {
                        guard i + 2 < count, base[i + 1] == 0x80, base[i + 2] == 0xA8 || base[i + 2] == 0xA9 else { i += 1; continue }
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                    switch byte {
                    case UInt8(ascii: "\""): append("\\\"")
                    case UInt8(ascii: "\\"): append("\\\\")
                    case 0x0A: append("\\n")
                    case 0x0D: append("\\r")
                    case 0x09: append("\\t")
                    case 0xE2:
                        append(base[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                        i += 2
                    default:
                        append("\\u00")
                        bytes.append(Self.hex[Int(byte >> 4)])
                        bytes.append(Self.hex[Int(byte & 0xF)])
                    }
                    i += 1
                    runStart = i
                }
                if runStart < count {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An integer, without building a String.
    public mutating func writeInt(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            guard value != .min else { return append(String(value).dropFirst().description) }
            return writeInt(-value)
        }
        if value >= 10 { writeInt(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// A string, or null.
    public mutating func writeOptional(_ string: String?) {
        if let string { writeString(string) } else { append("null") }
    }

    /// A number in [0, 1] rounded to three decimals, as `format` writes it ("1", "0.5", "0.029"),
    /// without building a String: for the confidences written for every document.
    public mutating func writeFraction(_ value: Double) {
        guard value.isFinite, value >= 0, value <= 1 else { return append(Self.format((value * 1000).rounded() / 1000)) }
        let thousandths = Int((value * 1000).rounded())
        if thousandths == 1000 { return bytes.append(UInt8(ascii: "1")) }
        if thousandths == 0 { return bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
        var digits = [thousandths / 100, thousandths / 10 % 10, thousandths % 10]
        while digits.last == 0 { digits.removeLast() }
        for digit in digits { bytes.append(UInt8(ascii: "0") + UInt8(digit)) }
    }

    /// Shortest round-tripping text for a double; JSON has no NaN or infinity, so those become null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
