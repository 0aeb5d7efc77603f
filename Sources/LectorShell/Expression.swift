import Foundation
import LectorKit

/// A filter such as `language.code == "ar" and not stats.words < 50`, or
/// `text ~ "\p{Hebrew}"`. Field paths map over arrays; a comparison holds when any value at
/// the path satisfies it, so `ticker.time > "12:00"` means "some ticker item after noon".
/// A missing field is null.
public indirect enum Expression: Sendable {
    case and(Expression, Expression)
    case or(Expression, Expression)
    case not(Expression)
    case comparison(path: FieldPath, op: Operator, value: Literal)
    /// A bare path: true when the field exists and is not false, null, zero or empty.
    case exists(path: FieldPath)

    public enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case contains, matches = "~"
    }

    public enum Literal: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case regex(NSRegularExpressionBox)
    }

    /// The field paths the expression reads, for "did you mean" on a field no document has.
    public var paths: [String] {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.paths + b.paths
        case .not(let a): return a.paths
        case .comparison(let path, _, _), .exists(let path): return [path.text]
        }
    }

    /// The expression with each ordering comparison (<, <=, >, >=) made to compare like with
    /// like, by a value the field holds (`sample`): against numbers, a quoted number compares as
    /// a number (with a note) and other text is an error; against text, a number is an error.
    public func typed(sample: (FieldPath) -> JSONValue?, notes: inout [String]) throws(ShellError) -> Expression {
        switch self {
        case .and(let a, let b): return .and(try a.typed(sample: sample, notes: &notes), try b.typed(sample: sample, notes: &notes))
        case .or(let a, let b): return .or(try a.typed(sample: sample, notes: &notes), try b.typed(sample: sample, notes: &notes))
        case .not(let a): return .not(try a.typed(sample: sample, notes: &notes))
        case .exists: return self
        case .comparison(let path, let op, let literal):
            guard [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), let value = sample(path) else { return self }
            switch (literal, value) {
            case (.string(let text), .int), (.string(let text), .double):
                guard let number = Double(text) else {
                    throw ShellError("\(path.text) holds numbers, and '\(text)' is not one: '\(op.rawValue)' cannot compare them")
                }
                notes.append("\"\(text)\" compared as the number \(text), as \(path.text) holds numbers")
                return .comparison(path: path, op: op, value: .number(number))
            case (.number(let number), .string(let held)) where Double(held) == nil:
                throw ShellError("\(path.text) holds text such as \"\(held)\", not numbers: write \"\(JSONValue.double(number).jsonText)\" in quotes to compare text")
            default:
                return self
            }
        }
    }

    public func matches<Record: FieldSource>(_ record: Record) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(record) && b.matches(record)
        case .or(let a, let b): return a.matches(record) || b.matches(record)
        case .not(let a): return !a.matches(record)
        case .exists(let path): return record.values(at: path).contains { $0.isTruthy }
        case .comparison(let path, let op, let literal):
            // A missing field compares as null, as in jq: `x != 1` holds and `x == null` too.
            let values = record.values(at: path)
            return (values.isEmpty ? [.null] : values).contains { Self.compare($0, op, literal) }
        }
    }

    static func compare(_ value: JSONValue, _ op: Operator, _ literal: Literal) -> Bool {
        switch (op, literal) {
        case (.matches, .regex(let box)):
            let text = value.plainText
            return box.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case (.contains, .string(let needle)):
            // The parser lowercases the needle once.
            if case .array(let items) = value { return items.contains { $0.plainText.lowercased() == needle } }
            return Self.containsIgnoringCase(value.plainText, lowercasedNeedle: needle)
        case (.contains, _), (.matches, _):
            return false
        case (_, .null):
            return op == .equal ? value.isNull : op == .notEqual ? !value.isNull : false
        case (_, .bool(let b)):
            guard let v = value.boolValue else { return op == .notEqual }
            return op == .equal ? v == b : op == .notEqual ? v != b : false
        case (_, .number(let n)):
            guard let v = value.doubleValue ?? Double(value.plainText) else { return op == .notEqual }
            return order(v, n, op)
        case (_, .string(let s)):
            guard value.stringValue != nil || value.doubleValue != nil else { return op == .notEqual }
            return order(value.plainText, s, op)
        case (_, .regex):
            return false
        }
    }

    /// Case-insensitive containment. An ASCII needle is matched byte by byte, folding ASCII
    /// letters only, with no copy of the text; any other needle goes through `lowercased()`.
    static func containsIgnoringCase(_ text: String, lowercasedNeedle needle: String) -> Bool {
        guard needle.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased().contains(needle) }
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            @inline(__always) func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            for start in 0...(bytes.count - pattern.count) where fold(bytes[start]) == first {
                var offset = 1
                while offset < pattern.count, fold(bytes[start + offset]) == pattern[offset] { offset += 1 }
                if offset == pattern.count { return true }
            }
            return false
        }
    }

    static func order<T: Comparable>(_ a: T, _ b: T, _ op: Operator) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .contains, .matches: return false
        }
    }
}

/// A compiled regular expression that can cross threads (it is immutable once made).
public final class NSRegularExpressionBox: @unchecked Sendable {
    public let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

/// Anything with fields at dotted paths: a document's record.
public protocol FieldSource {
    func values(at path: FieldPath) -> [JSONValue]
}

extension FieldSource {
    public func values(at path: String) -> [JSONValue] { values(at: FieldPath(path)) }
}

/// A dotted field path, split once so that filtering many documents does not split it again.
public struct FieldPath: Sendable, Hashable {
    public let text: String
    public let components: [Substring]

    public init(_ text: String) {
        self.text = text
        components = text.split(separator: ".", omittingEmptySubsequences: false)
    }

    public var head: Substring { components.first ?? "" }
    public var tail: ArraySlice<Substring> { components.dropFirst() }
}

extension JSONValue {
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }
}

/// Parses expressions; errors carry character offsets relative to the expression text.
public struct ExpressionParser {
    struct Token {
        enum Kind: Equatable { case word, string, number, symbol, open, close, end }
        var kind: Kind
        var text: String
        var range: Range<Int>
    }

    private var tokens: [Token] = []
    private var position = 0
    private let offset: Int

    /// `offset` is where the expression starts in the command line, so errors point into it.
    public static func parse(_ text: String, offset: Int = 0) throws(ShellError) -> Expression {
        var parser = ExpressionParser(offset: offset)
        parser.tokens = try tokenize(text, offset: offset)
        guard parser.tokens.count > 1 else {
            throw ShellError("expected a condition, such as language.code == \"ar\"", range: offset..<(offset + max(1, text.count)))
        }
        let expression = try parser.parseOr()
        let next = parser.tokens[parser.position]
        if next.kind != .end {
            throw ShellError("unexpected '\(next.text)'; join conditions with 'and' or 'or'", range: next.range)
        }
        return expression
    }

    private init(offset: Int) { self.offset = offset }

    static func tokenize(_ text: String, offset: Int) throws(ShellError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let c = characters[index]
            let start = index
            if c.isWhitespace { index += 1; continue }
            if c == "(" || c == ")" {
                tokens.append(Token(kind: c == "(" ? .open : .close, text: String(c), range: (offset + index)..<(offset + index + 1)))
                index += 1
            } else if c == "\"" || c == "'" {
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == c { closed = true; index += 1; break }
                    if characters[index] == "\\", c == "\"", index + 1 < characters.count {
                        let next = characters[index + 1]
                        // Keep regex escapes such as \p{Hebrew} and \d as written; unescape only quotes and backslashes.
                        if next == "\"" || next == "\\" { value.append(next) } else { value.append("\\"); value.append(next) }
                        index += 2
                        continue
                    }
                    value.append(characters[index])
                    index += 1
                }
                if !closed { throw ShellError("unterminated string", range: (offset + start)..<(offset + characters.count)) }
                tokens.append(Token(kind: .string, text: value, range: (offset + start)..<(offset + index)))
            } else if "=!<>~".contains(c) {
                var symbol = String(c)
                index += 1
                if index < characters.count, characters[index] == "=" { symbol.append("="); index += 1 }
                tokens.append(Token(kind: .symbol, text: symbol, range: (offset + start)..<(offset + index)))
            } else if c.isNumber || (c == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
                tokens.append(Token(kind: .number, text: String(characters[start..<index]), range: (offset + start)..<(offset + index)))
            } else if c.isLetter || c == "_" || c == "#" {
                index += 1
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || "_-.".contains(characters[index]) { index += 1 }
                tokens.append(Token(kind: .word, text: String(characters[start..<index]), range: (offset + start)..<(offset + index)))
            } else {
                throw ShellError("unexpected character '\(c)'", range: (offset + index)..<(offset + index + 1))
            }
        }
        tokens.append(Token(kind: .end, text: "end of line", range: (offset + characters.count)..<(offset + characters.count + 1)))
        return tokens
    }

    private var current: Token { tokens[position] }

    private mutating func keyword(_ word: String) -> Bool {
        if current.kind == .word && current.text.lowercased() == word { position += 1; return true }
        return false
    }

    private mutating func parseOr() throws(ShellError) -> Expression {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ShellError) -> Expression {
        var left = try parseNot()
        while keyword("and") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ShellError) -> Expression {
        if keyword("not") { return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ShellError) -> Expression {
        if current.kind == .open {
            position += 1
            let inner = try parseOr()
            guard current.kind == .close else { throw ShellError("expected ')'", range: current.range) }
            position += 1
            return inner
        }
        guard current.kind == .word, !["and", "or", "not", "contains"].contains(current.text.lowercased()) else {
            throw ShellError("expected a field such as language.code, found \(current.kind == .end ? "the end" : "'\(current.text)'")", range: current.range)
        }
        let path = FieldPath(current.text)
        position += 1
        let opToken = current
        let op: Expression.Operator
        if opToken.kind == .symbol, let symbolic = Expression.Operator(rawValue: opToken.text) {
            op = symbolic
        } else if opToken.kind == .word, opToken.text.lowercased() == "contains" {
            op = .contains
        } else if opToken.kind == .symbol && opToken.text == "=" {
            throw ShellError("use '==' to compare", range: opToken.range)
        } else {
            return .exists(path: path)
        }
        position += 1
        let valueToken = current
        position += 1
        let literal: Expression.Literal
        switch valueToken.kind {
        case .string:
            literal = .string(valueToken.text)
        case .number:
            guard let number = Double(valueToken.text) else { throw ShellError("not a number", range: valueToken.range) }
            literal = .number(number)
        case .word where ["true", "false"].contains(valueToken.text.lowercased()):
            literal = .bool(valueToken.text.lowercased() == "true")
        case .word where valueToken.text.lowercased() == "null":
            literal = .null
        case .word:
            // A bare word is a string: `language.code == ar` reads as it is meant.
            literal = .string(valueToken.text)
        default:
            throw ShellError("expected a value after '\(opToken.text)', such as \"ar\" or 42", range: valueToken.range)
        }
        if op == .contains, case .string(let needle) = literal {
            return .comparison(path: path, op: op, value: .string(needle.lowercased()))
        }
        if op == .matches {
            guard case .string(let pattern) = literal else { throw ShellError("'~' needs a regular expression in quotes", range: valueToken.range) }
            do {
                return .comparison(path: path, op: op, value: .regex(NSRegularExpressionBox(try NSRegularExpression(pattern: pattern))))
            } catch {
                throw ShellError("invalid regular expression \"\(pattern)\"", range: valueToken.range)
            }
        }
        return .comparison(path: path, op: op, value: literal)
    }
}
