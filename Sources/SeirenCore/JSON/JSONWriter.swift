/// Serializes JSON as raw UTF-8 (non-ASCII text is not `\u`-escaped: smaller shards, and several times faster to
/// parse for every reader). Only what JSON requires is escaped: `"`, `\` and control characters.
public struct JSONWriter {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value, indent: pretty ? 0 : nil)
        return writer.bytes
    }

    public static func string(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: serialize(value, pretty: pretty), as: UTF8.self)
    }

    /// Writes `value`; with `indent`, pretty-prints with two spaces per level.
    public mutating func write(_ value: JSONValue, indent: Int? = nil) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): append(n)
        case .string(let s): writeString(s)
        case .array(let items):
            if items.isEmpty { append("[]"); return }
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent.map { $0 + 1 })
                write(item, indent: indent.map { $0 + 1 })
            }
            newline(indent)
            bytes.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { append("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent.map { $0 + 1 })
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(UInt8(ascii: " ")) }
                write(item, indent: indent.map { $0 + 1 })
            }
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ indent: Int?) {
        guard let indent else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(indent * 2) { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a quoted string, copying runs that need no escape in one go.
    public mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                // Skip eight bytes at a time while none needs an escape (the usual case for text).
                while i + 8 <= n && !JSONBytes.mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                }
                guard i < n else { break }
                let byte = utf8[i]
                i += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                let escapeAt = i - 1
                if runStart < escapeAt { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<escapeAt])) }
                runStart = i
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]])
                }
            }
            if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Byte tricks shared by the JSON reader and writer.
enum JSONBytes {
    /// True when any byte of `word` is below 0x20, `"` or `\` (SWAR: a zero byte after XOR marks a match).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs  // bytes < 0x20
        return control != 0 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

}
