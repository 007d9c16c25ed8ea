import SeirenCore

/// UTF-8 helpers of the tokenizers. Lengths and validity follow sentencepiece, which meets malformed bytes; the
/// decoding below them is for valid UTF-8 (the bytes of Swift strings), where `oneCharLength` is the scalar's
/// length, and goes through SeirenCore's `UTF8Scalars`.
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

    /// The scalar starting at `i` and its length, in valid UTF-8.
    @inline(__always)
    static func scalar(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int) {
        let (value, length) = bytes.withUnsafeBufferPointer { UTF8Scalars.scalar($0, at: i) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
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
