/// Cuts normalized UTF-8 text around USER_DEFINED pieces, longest first, as `UnitSplitter` does on scalars: the
/// encoder always takes those pieces whole, so EM sees only the text between them.
struct SymbolSplitter {
    private let symbols: UserDefinedSymbols

    init(symbols: [String]) {
        self.symbols = UserDefinedSymbols(symbols.map { Array($0.utf8) })
    }

    /// Calls `emit` with each non-empty stretch between symbols. A symbol's first byte is a UTF-8 lead byte, so it
    /// can only match at a character start.
    func split(_ text: [UInt8], _ emit: (ArraySlice<UInt8>) -> Void) {
        guard !symbols.isEmpty else {
            if !text.isEmpty { emit(text[...]) }
            return
        }
        text.withUnsafeBufferPointer { buffer in
            var start = 0, i = 0
            while i < buffer.count {
                let length = symbols.match(buffer, at: i)
                if length == 0 {
                    i += 1
                    continue
                }
                if start < i { emit(text[start..<i]) }
                i += length
                start = i
            }
            if start < text.count { emit(text[start...]) }
        }
    }
}
