/// Unicode scalar values to and from UTF-8, by hand: the one copy every stage uses on its hot paths, where going
/// through `String` would allocate and check per scalar. Decoding is for valid UTF-8 only (a Swift String's bytes,
/// ICU's and libxml2's output); the tokenizer's sentencepiece rules for malformed bytes stay in `UTF8Scalar`.
public enum UTF8Scalars {
    // MARK: Encoding

    /// The length of `value`'s UTF-8, or 0 when it is no Unicode scalar (a surrogate, or past U+10FFFF): such a
    /// value is left out of the output, as `Unicode.Scalar(_:)` would refuse it.
    @inlinable @inline(__always)
    public static func length(of value: UInt32) -> Int {
        switch value {
        case 0..<0x80: return 1
        case 0x80..<0x800: return 2
        case 0xD800..<0xE000: return 0
        case 0x800..<0x10000: return 3
        case 0x10000..<0x110000: return 4
        default: return 0
        }
    }

    /// Writes the UTF-8 of `value` at `out`, which has room for four bytes, and returns how many it wrote (0 for a
    /// value that is no scalar).
    @inlinable @inline(__always)
    public static func write(_ value: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch value {
        case 0..<0x80:
            out[0] = UInt8(truncatingIfNeeded: value)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
            out[1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 2
        case 0xD800..<0xE000:
            return 0
        case 0x800..<0x10000:
            out[0] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
            out[1] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
            out[2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 3
        case 0x10000..<0x110000:
            out[0] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
            out[1] = UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F)
            out[2] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
            out[3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 4
        default:
            return 0
        }
    }

    /// Appends the UTF-8 of `value` (nothing for a value that is no scalar).
    @inlinable @inline(__always)
    public static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &encoded) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let length = write(value, to: out)
            bytes.append(contentsOf: UnsafeBufferPointer(start: out, count: length))
        }
    }

    /// Appends the UTF-8 of `values` (values that are no scalar are left out).
    @inlinable
    public static func append(contentsOf values: [UInt32], to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + values.count * 3)
        for value in values { append(value, to: &bytes) }
    }

    /// The UTF-8 of `values` (values that are no scalar are left out).
    @inlinable
    public static func encode(_ values: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(contentsOf: values, to: &bytes)
        return bytes
    }

    // MARK: Decoding (valid UTF-8 only)

    /// The scalar starting at `i`, moving `i` past it.
    @inlinable @inline(__always)
    public static func next(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let lead = UInt32(bytes[i])
        if lead < 0x80 {
            i += 1
            return lead
        }
        if lead < 0xE0 {
            defer { i += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        }
        if lead < 0xF0 {
            defer { i += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        }
        defer { i += 4 }
        return (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
    }

    /// The scalar starting at `i` and the length of its UTF-8.
    @inlinable @inline(__always)
    public static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        var end = i
        let value = next(bytes, &end)
        return (value, end - i)
    }

    /// Decodes `bytes` into `scalars` (replacing its contents; no allocation once it has grown).
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into scalars: inout [UInt32]) {
        scalars.removeAll(keepingCapacity: true)
        // At most one scalar per byte: fill in place, then cut to the length written.
        scalars.append(contentsOf: repeatElement(0, count: bytes.count))
        let written = scalars.withUnsafeMutableBufferPointer { out -> Int in
            var count = 0
            var i = 0
            while i < bytes.count {
                out[count] = next(bytes, &i)
                count += 1
            }
            return count
        }
        scalars.removeLast(scalars.count - written)
    }
}
