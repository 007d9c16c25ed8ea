import SeirenCore

/// MinHash signatures over character n-grams (shingles) of a text, without allocating per n-gram:
/// - each n-gram of scalars gets a 32-bit hash: a polynomial over the scalar values rolled along the text in O(1)
///   per position, then the murmur3 finalizer so every bit depends on every scalar, high 32 bits kept;
/// - `hashes` permutations are simulated by multiply-add-shift in 52-bit arithmetic, `((a·h + b) mod 2^52) >> 20`
///   with random 52-bit `a` and `b`: Dietzfelbinger's family for 32-bit keys, the class datasketch
///   (`(a·h + b) mod (2^61 - 1)` on a 32-bit SHA-1 prefix) and rensa (`(a·h + b) >> 32` in 64 bits) use too;
///   52 bits because AVX-512 IFMA multiplies and adds them in one instruction;
/// - the signature is the minimum of each permutation over the distinct n-grams, taken by `MinHashKernel` with the
///   widest vector unit the processor has (the same values on every machine).
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
        var generator = SplitMix64(seed: seed)
        var multipliers: [UInt64] = []
        var increments: [UInt64] = []
        for _ in 0..<hashes {
            multipliers.append(generator.next() | 1)
            increments.append(generator.next())
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
    public func signature(of scalars: UnsafeBufferPointer<UInt32>, into signature: UnsafeMutableBufferPointer<UInt32>,
                          level: MinHashKernel.Level = MinHashKernel.best) -> Bool {
        precondition(signature.count == hashes)
        signature.update(repeating: .max)
        guard !scalars.isEmpty else { return false }
        let count = scalars.count >= ngram ? scalars.count - ngram + 1 : 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { shingles in
            // The n-gram hashes, rolled along the text; the permutations take the high 32 bits of the mixed hash.
            let n = Swift.min(ngram, scalars.count)
            var rolled: UInt64 = 0
            for i in 0..<n { rolled = rolled &* Self.base &+ UInt64(scalars[i]) }
            shingles[0] = Self.shingleHash(rolled)
            if scalars.count > ngram {
                for end in ngram..<scalars.count {
                    rolled = (rolled &- UInt64(scalars[end - ngram]) &* leadingPower) &* Self.base &+ UInt64(scalars[end])
                    shingles[end - ngram + 1] = Self.shingleHash(rolled)
                }
            }
            // Repeated n-grams cannot change a minimum, but finding them costs about what hashing them again
            // does now that the kernel is vectorized: they are left in.
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    MinHashKernel.minimums(of: UnsafeBufferPointer(shingles), multipliers: a,
                                           increments: b, into: signature, level: level)
                }
            }
        }
        return true
    }

    @inline(__always)
    static func shingleHash(_ rolled: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: FastHash.mix64(rolled) >> 32) }

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
