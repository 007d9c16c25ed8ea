/// Token ids written as decimal digits straight into a byte buffer: the id lines of `encode-text --file` and of
/// the id shards write one number per token, and a `String` per number cost more than encoding the text.
enum DecimalIds {
    @inline(__always)
    static func append(_ id: Int32, to bytes: inout [UInt8]) {
        var value = UInt32(bitPattern: id)
        if id < 0 {
            bytes.append(UInt8(ascii: "-"))
            value = UInt32(bitPattern: 0 &- id)
        }
        // Digits from the last, into a small buffer on the stack, then one append.
        var digits: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &digits) { digits in
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[first...]))
        }
    }

    /// `ids` separated by `separator`.
    static func append(_ ids: [Int32], separator: UInt8, to bytes: inout [UInt8]) {
        for (i, id) in ids.enumerated() {
            if i > 0 { bytes.append(separator) }
            append(id, to: &bytes)
        }
    }
}
