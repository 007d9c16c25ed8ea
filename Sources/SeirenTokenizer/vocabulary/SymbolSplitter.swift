/// Cuts normalized UTF-8 text around USER_DEFINED pieces, longest first, as `UnitSplitter` does on scalars: the
/// encoder always takes those pieces whole, so EM sees only the text between them.
struct SymbolSplitter {
    private let symbols: [[UInt8]]
    private let firstBytes: [Bool]

    init(symbols: [String]) {
        self.symbols = symbols.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var first = [Bool](repeating: false, count: 256)
        for symbol in self.symbols { first[Int(symbol[0])] = true }
        firstBytes = first
    }

    /// Calls `emit` with each non-empty stretch between symbols. A symbol's first byte is a UTF-8 lead byte, so it
    /// can only match at a character start.
    func split(_ text: [UInt8], _ emit: (ArraySlice<UInt8>) -> Void) {
        guard !symbols.isEmpty else {
            if !text.isEmpty { emit(text[...]) }
            return
        }
        var start = 0, i = 0
        outer: while i < text.count {
            if firstBytes[Int(text[i])] {
                for symbol in symbols where i + symbol.count <= text.count && text[i..<i + symbol.count].elementsEqual(symbol) {
                    if start < i { emit(text[start..<i]) }
                    i += symbol.count
                    start = i
                    continue outer
                }
            }
            i += 1
        }
        if start < text.count { emit(text[start...]) }
    }
}
