import Crypto

/// The exact-dedup key of a document: the first 128 bits of the SHA-256 of its canonical text, as two integers
/// (16 bytes a document, where the hex string cost about 100). A false match among a billion documents has a
/// probability near 10^-21; datatrove's exact dedup keys on 64 bits.
public struct ContentHash: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt64

    /// The hash of nothing: documents that exact dedup does not consider.
    public static let none = ContentHash(high: 0, low: 0)

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(canonicalUTF8 bytes: [UInt8]) {
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, byte) in SHA256.hash(data: bytes).prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    public static func < (a: ContentHash, b: ContentHash) -> Bool { (a.high, a.low) < (b.high, b.low) }
}
