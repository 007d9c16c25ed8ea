/// Why a JSON text could not be parsed, with the byte offset where it went wrong.
public struct JSONParseError: Error, CustomStringConvertible, Equatable {
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}

/// A strict JSON parser over UTF-8 bytes (RFC 8259). It refuses invalid UTF-8, lone surrogate escapes (a Swift
/// string cannot hold them) and nesting deeper than `maxDepth`, so hostile input cannot exhaust the stack.
public struct JSONParser {
    public static let maxDepth = 512

    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse($0) }
    }

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0) }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        // UTF-8 is checked where it can occur: non-ASCII outside strings is a syntax error anyway, and each string
        // is validated once, when it is made (see `makeString`).
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position != bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ reason: String) -> JSONParseError { JSONParseError(offset: position, reason: reason) }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func expect(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { throw error("invalid literal") }
        position += count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
        position += 1
        var pairs: [(String, JSONValue)] = []
        var index: [String: Int]?
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            // Duplicate keys: the last one wins, at the first one's place, as in Python's json. Found by a scan
            // in small objects and through an index past 16 keys, so an object of many keys stays linear.
            if index == nil && pairs.count >= 16 {
                index = Dictionary(pairs.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { first, _ in first })
            }
            if let found = index != nil ? index![key] : pairs.firstIndex(where: { $0.0 == key }) {
                pairs[found].1 = value
            } else {
                index?[key] = pairs.count
                pairs.append((key, value))
            }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(pairs) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        guard position < bytes.count else { throw error("invalid number") }
        if bytes[position] == UInt8(ascii: "0") { position += 1 } else if digits() == 0 { throw error("invalid number") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            if digits() == 0 { throw error("invalid number") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            if digits() == 0 { throw error("invalid number") }
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
    }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        let base = bytes.baseAddress!
        // Unescaped runs are copied in bulk; `unescaped` is only allocated once an escape shows up.
        var unescaped: [UInt8]?
        var runStart = position
        while position < bytes.count {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while position + 8 <= bytes.count
                && !JSONBytes.mayNeedEscape(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)) {
                position += 8
            }
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                guard var out = unescaped else { return try makeString(run, at: start) }
                out.append(contentsOf: run)
                return try out.withUnsafeBufferPointer { try makeString($0, at: start) }
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            if unescaped == nil { unescaped = []; unescaped!.reserveCapacity(bytes.count - start) }
            unescaped!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): unescaped!.append(0x22)
            case UInt8(ascii: "\\"): unescaped!.append(0x5C)
            case UInt8(ascii: "/"): unescaped!.append(0x2F)
            case UInt8(ascii: "b"): unescaped!.append(0x08)
            case UInt8(ascii: "f"): unescaped!.append(0x0C)
            case UInt8(ascii: "n"): unescaped!.append(0x0A)
            case UInt8(ascii: "r"): unescaped!.append(0x0D)
            case UInt8(ascii: "t"): unescaped!.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u") else { throw error("lone surrogate escape") }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("lone surrogate escape")
                }
                UTF8Scalars.append(scalar, to: &unescaped!)
            default:
                throw error("invalid escape")
            }
            runStart = position
        }
        throw error("unterminated string")
    }

    /// A String from UTF-8 bytes, refusing (rather than repairing) ill-formed UTF-8.
    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws -> String {
        if let string = String(validating: utf8, as: UTF8.self) { return string }
        let offset = UTF8Validation.firstInvalidOffset(utf8) ?? 0
        throw JSONParseError(offset: start + offset, reason: "invalid UTF-8")
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
