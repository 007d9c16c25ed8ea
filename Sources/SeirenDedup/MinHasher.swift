import SeirenCore

/// MinHash signatures over character n-grams (shingles) of a text, without allocating per n-gram:
/// - each n-gram of scalars gets a 64-bit hash, rolled along the text in O(1) per position (a polynomial over the
///   scalar values, then the murmur3 finalizer so every bit depends on every scalar);
/// - `hashes` permutations are simulated by multiply-shift, `(a·h + b) >> 32` with odd 64-bit `a`, as rensa does
///   (datasketch uses `(a·h + b) mod (2^61 - 1)` on a 32-bit SHA-1 prefix: the same idea, slower);
/// - the signature is the minimum of each permutation over the n-grams (a set's MinHash: repeats change nothing),
///   taken in sweeps of four permutations over a buffer of the document's n-gram hashes.
/// A text shorter than `ngram` scalars has one shingle, itself; an empty text has no signature.
public struct MinHasher: Sendable {
    public let ngram: Int
    public let hashes: Int
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let increments: [UInt64]
    /// base^(ngram-1), to take the leaving scalar out of the rolling hash.
    private let leadingPower: UInt64
    private static let base: UInt64 = 0x100_0000_01B3 | 1

    public init(ngram: Int = 5, hashes: Int = 128, seed: UInt64 = 1) {
        precondition(ngram >= 1 && hashes >= 1)
        self.ngram = ngram
        self.hashes = hashes
        self.seed = seed
        var state = seed
        var multipliers: [UInt64] = []
        var increments: [UInt64] = []
        for _ in 0..<hashes {
            multipliers.append(splitMix64(&state) | 1)
            increments.append(splitMix64(&state))
        }
        self.multipliers = multipliers
        self.increments = increments
        var power: UInt64 = 1
        for _ in 0..<(ngram - 1) { power &*= Self.base }
        leadingPower = power
    }

    /// Writes the signature of `scalars` into `signature` (`hashes` values). Returns false, leaving all values at
    /// `UInt32.max`, when there is nothing to hash.
    @discardableResult
    public func signature(of scalars: UnsafeBufferPointer<UInt32>, into signature: UnsafeMutableBufferPointer<UInt32>) -> Bool {
        precondition(signature.count == hashes)
        signature.update(repeating: .max)
        guard !scalars.isEmpty else { return false }
        let count = scalars.count >= ngram ? scalars.count - ngram + 1 : 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { shingles in
            // The n-gram hashes, rolled along the text.
            let n = Swift.min(ngram, scalars.count)
            var rolled: UInt64 = 0
            for i in 0..<n { rolled = rolled &* Self.base &+ UInt64(scalars[i]) }
            shingles[0] = FastHash.mix64(rolled)
            if scalars.count > ngram {
                for end in ngram..<scalars.count {
                    rolled = (rolled &- UInt64(scalars[end - ngram]) &* leadingPower) &* Self.base &+ UInt64(scalars[end])
                    shingles[end - ngram + 1] = FastHash.mix64(rolled)
                }
            }
            // Repeated n-grams cannot change a minimum: drop them first (natural text repeats a quarter of its
            // 5-grams), with an open-addressing set far cheaper than the 128 permutations it saves.
            let unique = Self.removeRepeats(shingles)
            // Four permutations per sweep: four independent minimum chains keep the multiplier busy. The shift
            // commutes with the minimum, so it is taken once at the end.
            let hashes = UnsafeBufferPointer(rebasing: shingles[0..<unique])
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    var i = 0
                    while i + 4 <= self.hashes {
                        let (a0, a1, a2, a3) = (a[i], a[i + 1], a[i + 2], a[i + 3])
                        let (b0, b1, b2, b3) = (b[i], b[i + 1], b[i + 2], b[i + 3])
                        var (m0, m1, m2, m3) = (UInt64.max, UInt64.max, UInt64.max, UInt64.max)
                        for h in hashes {
                            m0 = Swift.min(m0, a0 &* h &+ b0)
                            m1 = Swift.min(m1, a1 &* h &+ b1)
                            m2 = Swift.min(m2, a2 &* h &+ b2)
                            m3 = Swift.min(m3, a3 &* h &+ b3)
                        }
                        signature[i] = UInt32(truncatingIfNeeded: m0 >> 32)
                        signature[i + 1] = UInt32(truncatingIfNeeded: m1 >> 32)
                        signature[i + 2] = UInt32(truncatingIfNeeded: m2 >> 32)
                        signature[i + 3] = UInt32(truncatingIfNeeded: m3 >> 32)
                        i += 4
                    }
                    while i < self.hashes {
                        var m = UInt64.max
                        for h in hashes { m = Swift.min(m, a[i] &* h &+ b[i]) }
                        signature[i] = UInt32(truncatingIfNeeded: m >> 32)
                        i += 1
                    }
                }
            }
        }
        return true
    }

    /// Moves the distinct values of `values` to its front, in first-seen order; returns how many there are.
    static func removeRepeats(_ values: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var capacity = 16
        while capacity < values.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { table in
            table.initialize(repeating: 0)
            var unique = 0
            var sawZero = false
            for index in 0..<values.count {
                let value = values[index]
                if value == 0 {  // 0 marks an empty slot
                    if sawZero { continue }
                    sawZero = true
                } else {
                    var slot = Int(truncatingIfNeeded: value) & mask  // the values are already mixed
                    var seen = false
                    while table[slot] != 0 {
                        if table[slot] == value { seen = true; break }
                        slot = (slot + 1) & mask
                    }
                    if seen { continue }
                    table[slot] = value
                }
                values[unique] = value
                unique += 1
            }
            return unique
        }
    }

    /// The signature of a text as a new array (convenience for tests and small inputs).
    public func signature(of text: String) -> [UInt32] {
        let scalars = text.unicodeScalars.map(\.value)
        var result = [UInt32](repeating: .max, count: hashes)
        scalars.withUnsafeBufferPointer { s in result.withUnsafeMutableBufferPointer { _ = signature(of: s, into: $0) } }
        return result
    }

    /// The share of equal positions of two signatures: the estimate of the texts' n-gram Jaccard similarity.
    public static func estimatedJaccard(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> Double {
        var equal = 0
        for i in 0..<x.count where x[i] == y[i] { equal += 1 }
        return Double(equal) / Double(x.count)
    }
}

/// SplitMix64: the permutation parameters from a seed, the same on every machine.
func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
