@testable import SeirenDedup
import SeirenCore
import XCTest

/// The vector kernels must give exactly the values of the formula, at every level this machine has, for any
/// number of shingles and permutations (including counts that leave a remainder after the vector blocks).
final class MinHashKernelTests: XCTestCase {
    /// The formula, written out in Swift: min over x of ((a·x + b) mod 2^52) >> 20, with a and b taken mod 2^52.
    private func reference(_ x: [UInt32], _ a: [UInt64], _ b: [UInt64]) -> [UInt32] {
        let mask: UInt64 = (1 << 52) - 1
        return zip(a, b).map { a, b in
            x.map { UInt32(truncatingIfNeeded: (((a & mask) &* UInt64($0) &+ (b & mask)) & mask) >> 20) }.min() ?? .max
        }
    }

    func testEveryLevelGivesTheFormulasValues() {
        var random = SplitMix64(seed: 42)
        let levels = MinHashKernel.Level.allCases.filter { $0 <= MinHashKernel.best }
        for (shingles, permutations) in [(0, 8), (1, 1), (7, 3), (100, 128), (1000, 37), (513, 64), (64, 250), (3, 33)] {
            let x = (0..<shingles).map { _ in UInt32(truncatingIfNeeded: random.next()) }
            let a = (0..<permutations).map { _ in random.next() | 1 }
            let b = (0..<permutations).map { _ in random.next() }
            let expected = reference(x, a, b)
            for level in levels {
                var out = [UInt32](repeating: 0, count: permutations)
                x.withUnsafeBufferPointer { xs in a.withUnsafeBufferPointer { aa in b.withUnsafeBufferPointer { bb in
                    out.withUnsafeMutableBufferPointer {
                        MinHashKernel.minimums(of: xs, multipliers: aa, increments: bb, into: $0, level: level)
                    }
                } } }
                XCTAssertEqual(out, expected, "level \(level), \(shingles) shingles, \(permutations) permutations")
            }
        }
    }

    /// A signature does not depend on the vector unit that computed it.
    func testSignaturesAreTheSameAtEveryLevel() {
        let hasher = MinHasher(ngram: 5, hashes: 128, seed: 3)
        let text = String(repeating: "日本語の技術文書と English text, code() を混ぜた行。", count: 40)
        let scalars = text.unicodeScalars.map(\.value)
        var signatures: [[UInt32]] = []
        for level in MinHashKernel.Level.allCases where level <= MinHashKernel.best {
            var signature = [UInt32](repeating: 0, count: 128)
            scalars.withUnsafeBufferPointer { s in
                signature.withUnsafeMutableBufferPointer { _ = hasher.signature(of: s, into: $0, level: level) }
            }
            signatures.append(signature)
        }
        XCTAssertTrue(signatures.allSatisfy { $0 == signatures[0] })
        print("MinHash kernel levels checked: up to \(MinHashKernel.best)")
    }
}
