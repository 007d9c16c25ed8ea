/// SplitMix64: a small generator whose sequence for a seed is the same on every machine, for parameters derived
/// from a seed (MinHash's permutations) and for generated test data. Its values are part of the output (dedup's
/// signatures depend on them): never change it.
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
