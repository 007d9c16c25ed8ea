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
}
