/// UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// The offset of the first byte that starts an ill-formed sequence, or nil when all of `bytes` is valid UTF-8.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            // ASCII runs are the common case: check eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return nil }
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= lower && second <= upper else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Scalars in well-formed UTF-8: every byte that is not a continuation byte starts one.
    public static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var continuation = 0
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // A continuation byte is 10xxxxxx: bit 7 set and bit 6 clear.
            let marks = word & ~(word << 1) & 0x8080_8080_8080_8080
            continuation += marks.nonzeroBitCount
            i += 8
        }
        while i < n {
            if bytes[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return n - continuation
    }

    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { firstInvalidOffset($0) == nil }
    }
}
