/// Small non-cryptographic hashes shared by the stages that hash n-grams and lines. Their values are part of the
/// output (dedup's kept documents depend on them): never change them.
public enum FastHash {
    /// The murmur3 64-bit finalizer: spreads every input bit over the output.
    @inlinable @inline(__always)
    public static func mix64(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// A seeded 64-bit hash of bytes, eight at a time: the same on every machine and in every process (Swift's
    /// `Hasher` is seeded per process), for choices that are part of the output, such as which sentences a
    /// vocabulary is trained on.
    public static func bytes(_ buffer: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = mix64(seed ^ UInt64(buffer.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= buffer.count {
            h = mix64(h ^ buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            offset += 8
        }
        var tail: UInt64 = 0
        for (shift, index) in (offset..<buffer.count).enumerated() { tail |= UInt64(buffer[index]) << (8 * UInt64(shift)) }
        return mix64(h ^ tail)
    }
}
