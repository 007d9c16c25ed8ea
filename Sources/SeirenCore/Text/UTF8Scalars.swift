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
            out[0] = lead(value, 0xC0, 6)
            out[1] = continuation(value, 0)
            return 2
        case 0xD800..<0xE000:
            return 0
        case 0x800..<0x10000:
            out[0] = lead(value, 0xE0, 12)
            out[1] = continuation(value, 6)
            out[2] = continuation(value, 0)
            return 3
        case 0x10000..<0x110000:
            out[0] = lead(value, 0xF0, 18)
            out[1] = continuation(value, 12)
            out[2] = continuation(value, 6)
            out[3] = continuation(value, 0)
            return 4
        default:
            return 0
        }
    }

    /// Appends the UTF-8 of `value` (nothing for a value that is no scalar). Byte by byte, as `write` does: going
    /// through a four-byte buffer and `append(contentsOf:)` cost the Unigram trainer several percent.
    @inlinable @inline(__always)
    public static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(truncatingIfNeeded: value))
        case 0x80..<0x800:
            bytes.append(lead(value, 0xC0, 6))
            bytes.append(continuation(value, 0))
        case 0xD800..<0xE000:
            return
        case 0x800..<0x10000:
            bytes.append(lead(value, 0xE0, 12))
            bytes.append(continuation(value, 6))
            bytes.append(continuation(value, 0))
        case 0x10000..<0x110000:
            bytes.append(lead(value, 0xF0, 18))
            bytes.append(continuation(value, 12))
            bytes.append(continuation(value, 6))
            bytes.append(continuation(value, 0))
        default:
            return
        }
    }

    /// The first byte of a multi-byte sequence: `marker` and the bits of `value` from `shift` up.
    @inlinable @inline(__always)
    static func lead(_ value: UInt32, _ marker: UInt32, _ shift: UInt32) -> UInt8 {
        UInt8(truncatingIfNeeded: marker | value >> shift)
    }

    /// A continuation byte: 0b10 and the six bits of `value` from `shift`.
    @inlinable @inline(__always)
    static func continuation(_ value: UInt32, _ shift: UInt32) -> UInt8 {
        UInt8(truncatingIfNeeded: 0x80 | value >> shift & 0x3F)
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
