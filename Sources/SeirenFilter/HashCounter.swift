import SeirenCore

/// Counts 64-bit keys in one open-addressing table (linear probing), sized once for the number of keys it may see:
/// the repetition statistics insert every n-gram of a document, and Swift's `Dictionary` would cost several times
/// more per insert.
struct HashCounter {
    private var keys: [UInt64]
    private var counts: [Int32]
    private let mask: Int

    init(expectedKeys: Int) {
        var capacity = 16
        while capacity < expectedKeys * 2 { capacity <<= 1 }
        keys = Array(repeating: 0, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Adds one to `key`'s count and returns the new count.
    @inline(__always)
    mutating func increment(_ key: UInt64) -> Int32 {
        let key = key == 0 ? 0x9E37_79B9_7F4A_7C15 : key  // 0 marks an empty slot
        var slot = Int(truncatingIfNeeded: FastHash.mix64(key)) & mask
        while true {
            if keys[slot] == key {
                counts[slot] += 1
                return counts[slot]
            }
            if keys[slot] == 0 {
                keys[slot] = key
                counts[slot] = 1
                return 1
            }
            slot = (slot + 1) & mask
        }
    }
}

/// A polynomial hash of `values[range]`: equal sequences give equal hashes; distinct ones collide with probability
/// about 2^-64 per pair, negligible for the counts the rules take.
@inline(__always)
func sequenceHash(_ values: UnsafeBufferPointer<UInt32>, _ range: Range<Int>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in range { h = (h &* 0x100_0000_01B3) &+ UInt64(values[i]) &+ 1 }
    return FastHash.mix64(h ^ UInt64(range.count))
}
