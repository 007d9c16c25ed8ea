import SeirenCore

/// The MinHash signatures of a corpus in one flat array (`hashes` values per document, in input order): the only
/// per-document memory near-duplicate detection needs, about 4 × hashes bytes per document.
public struct SignatureStore: Sendable {
    public let hashes: Int
    public private(set) var values: [UInt32] = []
    /// Documents that had something to hash (an empty text has no signature and joins no bucket).
    public private(set) var hasSignature: [Bool] = []

    public init(hashes: Int) { self.hashes = hashes }

    public var count: Int { hasSignature.count }

    public mutating func append(_ signature: [UInt32], present: Bool) {
        precondition(signature.count == hashes)
        values.append(contentsOf: signature)
        hasSignature.append(present)
    }

    /// Appends another store's signatures (shards merge in input order).
    public mutating func append(contentsOf other: SignatureStore) {
        precondition(other.hashes == hashes)
        values.append(contentsOf: other.values)
        hasSignature.append(contentsOf: other.hasSignature)
    }

    public func withSignature<R>(_ document: Int, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        values.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[(document * hashes)..<((document + 1) * hashes)]))
        }
    }

    public func estimatedJaccard(_ x: Int, _ y: Int) -> Double {
        withSignature(x) { a in withSignature(y) { b in MinHasher.estimatedJaccard(a, b) } }
    }
}

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

    /// One bucket entry: band, hash of the band's rows, document.
    public struct Entry: Comparable, Sendable {
        public var band: Int32
        public var key: UInt64
        public var document: Int32
        public static func < (l: Entry, r: Entry) -> Bool {
            (l.band, l.key, l.document) < (r.band, r.key, r.document)
        }
    }

    /// The bucket key of a signature in `band`: a hash of the band's rows.
    public func key(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        var key = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for row in 0..<rows {
            key = FastHash.mix64(key ^ UInt64(signature[band * rows + row]) &+ UInt64(row))
        }
        return key
    }

    /// The bucket entries of one band for `documents`, from every document's key in that band.
    public func entries(keys: [UInt64], documents: [Int], band: Int) -> [Entry] {
        documents.map { Entry(band: Int32(band), key: keys[$0], document: Int32($0)) }
    }
}

import Foundation

/// Disjoint sets with path halving and union by smaller index as root, so a cluster's root is its first document
/// whatever the order of unions (deterministic).
public struct UnionFind: Sendable {
    private var parent: [Int32]

    public init(count: Int) { parent = (0..<Int32(count)).map { $0 } }

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
