/// USER_DEFINED pieces as sentencepiece finds them in text: at a position, the longest one that starts there
/// wins, taken whole. Grouped by first byte, so a position no symbol starts with costs one empty-list look-up
/// (the normalizer asks once per character).
struct UserDefinedSymbols: Sendable {
    private var byFirstByte = [[[UInt8]]](repeating: [], count: 256)
    /// Whether any symbol starts with the byte: most positions are answered by this alone.
    private var isFirstByte = [Bool](repeating: false, count: 256)
    let isEmpty: Bool

    init<S: Sequence>(_ symbols: S) where S.Element == [UInt8] {
        var isEmpty = true
        for symbol in symbols where !symbol.isEmpty {
            byFirstByte[Int(symbol[0])].append(symbol)
            isFirstByte[Int(symbol[0])] = true
            isEmpty = false
        }
        for i in 0..<256 { byFirstByte[i].sort { $0.count > $1.count } }
        self.isEmpty = isEmpty
    }

    /// The byte length of the longest symbol at `position` of `text`, or 0 when none starts there.
    @inline(__always)
    func match(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        guard isFirstByte[Int(text[position])] else { return 0 }
        for symbol in byFirstByte[Int(text[position])] where symbol.count <= text.count - position {
            var matches = true
            for k in 1..<symbol.count where text[position + k] != symbol[k] {
                matches = false
                break
            }
            if matches { return symbol.count }
        }
        return 0
    }
}
