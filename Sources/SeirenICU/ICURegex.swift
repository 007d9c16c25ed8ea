import CICU

/// An ICU regular expression searched the way Oniguruma's find iterator searches (see `matches(in:)`), with
/// Oniguruma's line rules for `^`, `$` and `.`. One instance is not thread-safe: `copy()` one per thread.
public final class ICURegex: @unchecked Sendable {
    public let pattern: String
    private let regex: OpaquePointer
    private var buffer: [Int64] = Array(repeating: 0, count: 256)

    /// Compiles an ICU pattern; the error names the pattern and where ICU stopped.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        var error: Int32 = 0
        var offset: Int32 = -1
        var source = pattern
        let compiled = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { seiren_regex_open($0.baseAddress, Int64($0.count), &error, &offset) }
        }
        guard let compiled else {
            let at = offset >= 0 ? " at character \(offset)" : ""
            throw ICUError(operation: "regular expression \(pattern.debugDescription)\(at)", code: error)
        }
        regex = compiled
    }

    private init(copying other: ICURegex) throws {
        pattern = other.pattern
        var error: Int32 = 0
        guard let compiled = seiren_regex_clone(other.regex, &error) else {
            throw ICUError(operation: "copying regular expression \(pattern.debugDescription)", code: error)
        }
        regex = compiled
    }

    deinit { seiren_regex_close(regex) }

    /// A copy for another thread.
    public func copy() throws -> ICURegex { try ICURegex(copying: self) }

    /// The matches in `text` as UTF-8 byte ranges, left to right, non-overlapping; an empty match right where the
    /// previous one ended is skipped, as Oniguruma does.
    public func matches(in text: UnsafeBufferPointer<UInt8>) throws -> [Range<Int>] {
        while true {
            var error: Int32 = 0
            let capacity = buffer.count / 2
            let count = text.withMemoryRebound(to: CChar.self) { chars in
                buffer.withUnsafeMutableBufferPointer { out in
                    seiren_regex_find_all(regex, chars.baseAddress, Int64(chars.count), out.baseAddress, Int64(capacity), &error)
                }
            }
            if count < 0 { throw ICUError(operation: "search with \(pattern.debugDescription)", code: error) }
            if count > capacity {
                buffer = Array(repeating: 0, count: Int(count) * 2)
                continue
            }
            return (0..<Int(count)).map { Int(buffer[2 * $0])..<Int(buffer[2 * $0 + 1]) }
        }
    }

    public func matches(in text: String) throws -> [Range<Int>] {
        var text = text
        return try text.withUTF8 { try matches(in: $0) }
    }
}
