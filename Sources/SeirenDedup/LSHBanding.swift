import Foundation
import SeirenCore

/// Locality-sensitive hashing of signatures: `bands` bands of `rows` values each; two documents become candidates
/// when all rows of some band agree, which happens with probability 1 - (1 - s^rows)^bands at Jaccard s.
public struct LSHBanding: Sendable {
    public let bands: Int
    public let rows: Int

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// Probability that a pair with Jaccard `s` shares at least one bucket.
    public func detectionProbability(_ s: Double) -> Double {
        1 - Foundation.pow(1 - Foundation.pow(s, Double(rows)), Double(bands))
    }

    /// The bucket key of a signature in `band`: a hash of the band's rows.
    public func key(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        var key = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for row in 0..<rows {
            key = FastHash.mix64(key ^ UInt64(signature[band * rows + row]) &+ UInt64(row))
        }
        return key
    }
}

/// Disjoint sets with path halving and union by smaller index as root, so a cluster's root is its first document
/// whatever the order of unions (deterministic).
public struct UnionFind: Sendable {
    private var parent: [Int32]

    public init(count: Int) { parent = (0..<Int32(count)).map { $0 } }

    /// A new set of one element; returns the element.
    public mutating func addSet() -> Int {
        parent.append(Int32(parent.count))
        return parent.count - 1
    }

    public mutating func find(_ x: Int) -> Int {
        var x = Int32(x)
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    public mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra == rb { return }
        if ra < rb { parent[rb] = Int32(ra) } else { parent[ra] = Int32(rb) }
    }
}
