/// UTF-8 helpers of the tokenizers. Lengths and validity follow sentencepiece, which meets malformed bytes; the
/// decoding below them is for valid UTF-8 (the bytes of Swift strings), where `oneCharLength` is the scalar's
/// length.
enum UTF8Scalar {
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The length of the valid UTF-8 sequence at `start`, or 0 when the bytes there are malformed.
    @inline(__always)
    static func validLength(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        let b0 = bytes[start]
        let remaining = bytes.count - start
        if b0 < 0x80 { return 1 }
        @inline(__always) func cont(_ i: Int) -> Bool { bytes[start + i] & 0xC0 == 0x80 }
        if b0 >= 0xC2 && b0 <= 0xDF { return remaining >= 2 && cont(1) ? 2 : 0 }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard remaining >= 3, cont(1), cont(2) else { return 0 }
            let b1 = bytes[start + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }
            if b0 == 0xED && b1 >= 0xA0 { return 0 }
            return 3
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard remaining >= 4, cont(1), cont(2), cont(3) else { return 0 }
            let b1 = bytes[start + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 >= 0x90 { return 0 }
            return 4
        }
        return 0
    }

    /// Length of the character starting with lead byte `b` as sentencepiece's OneCharLen counts it.
    @inline(__always)
    static func oneCharLength(_ b: UInt8) -> Int {
        // "\1\1\1\1\1\1\1\1\1\1\1\1\2\2\3\4"[(b & 0xFF) >> 4]
        let table: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4)
        return withUnsafeBytes(of: table) { $0.load(fromByteOffset: Int(b >> 4) * MemoryLayout<Int>.stride, as: Int.self) }
    }

    // Valid UTF-8 only.
    @inline(__always)
    static func scalar(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(b0)!, 1) }
        if b0 < 0xE0 { return (Unicode.Scalar((b0 & 0x1F) << 6 | UInt32(bytes[i + 1]) & 0x3F)!, 2) }
        if b0 < 0xF0 {
            let value = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | UInt32(bytes[i + 2]) & 0x3F
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 3)
        }
        let value = (b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12 | (UInt32(bytes[i + 2]) & 0x3F) << 6
            | UInt32(bytes[i + 3]) & 0x3F
        return (Unicode.Scalar(value) ?? "\u{FFFD}", 4)
    }

    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// The scalars of valid UTF-8 bytes with their byte offsets.
    static func forEachScalar(_ bytes: [UInt8], _ body: (Unicode.Scalar, Range<Int>) -> Void) {
        var i = 0
        while i < bytes.count {
            let (scalar, length) = scalar(bytes, at: i)
            body(scalar, i..<i + length)
            i += length
        }
    }
}
