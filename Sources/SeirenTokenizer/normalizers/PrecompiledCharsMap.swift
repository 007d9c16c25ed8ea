/// SentencePiece's precompiled normalization rules (`normalizer_spec.precompiled_charsmap`): a darts-clone
/// double-array trie over UTF-8 byte strings whose values are offsets into a block of NUL-terminated replacement
/// strings. Layout: little-endian uint32 trie size in bytes, the trie's 32-bit units, then the strings.
/// Matching sentencepiece exactly means walking the same trie the same way: the longest matching prefix wins.
public struct PrecompiledCharsMap: Sendable {
    private let units: [UInt32]
    private let replacements: [UInt8]

    public init(_ blob: [UInt8]) throws {
        guard blob.count >= 4 else { throw TokenizerError("precompiled_charsmap is shorter than its header") }
        let trieBytes = Int(UInt32(blob[0]) | UInt32(blob[1]) << 8 | UInt32(blob[2]) << 16 | UInt32(blob[3]) << 24)
        guard trieBytes % 4 == 0, trieBytes > 0, 4 + trieBytes <= blob.count else {
            throw TokenizerError("precompiled_charsmap: trie size \(trieBytes) does not fit its \(blob.count) bytes")
        }
        var units = [UInt32](repeating: 0, count: trieBytes / 4)
        for i in 0..<units.count {
            let p = 4 + 4 * i
            units[i] = UInt32(blob[p]) | UInt32(blob[p + 1]) << 8 | UInt32(blob[p + 2]) << 16 | UInt32(blob[p + 3]) << 24
        }
        self.units = units
        replacements = Array(blob[(4 + trieBytes)...])
    }

    // darts-clone unit fields.
    @inline(__always) private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    @inline(__always) private static func value(_ unit: UInt32) -> Int { Int(unit & 0x7FFF_FFFF) }
    @inline(__always) private static func label(_ unit: UInt32) -> UInt32 { unit & (0x8000_0000 | 0xFF) }
    @inline(__always) private static func offset(_ unit: UInt32) -> Int {
        Int((unit >> 10) << ((unit & (1 << 9)) >> 6))
    }

    /// The longest rule matching the start of `bytes[start..<end]`: its length in input bytes and the replacement.
    /// Nil when no rule matches. Like sentencepiece, only the first 32 matches of the common-prefix search count.
    public func longestMatch(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (length: Int, replacement: ArraySlice<UInt8>)? {
        var nodePosition = 0
        var unit = units[0]
        nodePosition ^= Self.offset(unit)
        var best: (length: Int, value: Int)?
        var found = 0
        var i = start
        while i < end {
            let byte = bytes[i]
            nodePosition ^= Int(byte)
            guard nodePosition < units.count else { break }
            unit = units[nodePosition]
            if Self.label(unit) != UInt32(byte) { break }
            nodePosition ^= Self.offset(unit)
            if Self.hasLeaf(unit) {
                guard nodePosition < units.count else { break }
                if found < 32 { best = (i - start + 1, Self.value(units[nodePosition])) }
                found += 1
            }
            i += 1
        }
        guard let best, best.value < replacements.count else { return nil }
        var stop = best.value
        while stop < replacements.count, replacements[stop] != 0 { stop += 1 }
        return (best.length, replacements[best.value..<stop])
    }

    /// The replacement of the shortest rule matching a prefix of `bytes`: what `tokenizers`' Precompiled
    /// normalizer takes (the first result of its common-prefix search), unlike sentencepiece's longest match.
    public func shortestMatch(_ bytes: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
        var nodePosition = Self.offset(units[0])
        for byte in bytes {
            nodePosition ^= Int(byte)
            guard nodePosition < units.count else { return nil }
            let unit = units[nodePosition]
            if Self.label(unit) != UInt32(byte) { return nil }
            nodePosition ^= Self.offset(unit)
            if Self.hasLeaf(unit) {
                guard nodePosition < units.count else { return nil }
                let value = Self.value(units[nodePosition])
                guard value < replacements.count else { return nil }
                var stop = value
                while stop < replacements.count, replacements[stop] != 0 { stop += 1 }
                return replacements[value..<stop]
            }
        }
        return nil
    }
}
