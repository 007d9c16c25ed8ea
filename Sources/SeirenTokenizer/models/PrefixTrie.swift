/// A trie that lists the pieces that are prefixes of a text at a position, shortest first: `PieceTrie`, cheap to
/// build, and `DoubleArrayTrie`, cheap to walk. The trainer's lattice code is written once over either.
protocol PrefixTrie {
    /// The longest key's length in bytes: no text position has more matches than this.
    var depth: Int { get }

    /// Calls `body(length, id)` for each piece that is a prefix of `bytes[start...]`, shortest first.
    func forEachPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (Int, Int32) -> Void)
}

extension PieceTrie: PrefixTrie {}
extension DoubleArrayTrie: PrefixTrie {}
