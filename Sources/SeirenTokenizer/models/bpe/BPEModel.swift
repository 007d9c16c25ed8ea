/// sentencepiece's BPE encoder (bpe_model.cc): start from characters (user-defined symbols frozen as one symbol),
/// repeatedly merge the adjacent pair whose concatenation is the highest-scoring piece (leftmost first on ties),
/// then map symbols to ids; a symbol that is not a piece is unknown (bytes with byte fallback).
public struct BPEModel: Sendable {
    /// Piece ids by string: the first of equal strings wins.
    private let trie: DoubleArrayTrie
    private let scores: [Float]
    private let userDefined: UserDefinedSymbols
    public let unkId: Int32
    public let byteFallback: Bool
    public let byteIds: [Int32]

    public init(pieces: [SentencePieceModelProto.Piece], byteFallback: Bool) throws {
        var entries: [(bytes: [UInt8], id: Int32)] = []
        var byteIds = [Int32](repeating: -1, count: 256)
        for (i, piece) in pieces.enumerated() {
            switch piece.type {
            case .normal, .userDefined, .unused:
                entries.append((Array(piece.piece.utf8), Int32(i)))
            case .byte:
                if let value = UnigramModel.byteValue(piece.piece) { byteIds[Int(value)] = Int32(i) }
            default: break
            }
        }
        guard let unk = pieces.firstIndex(where: { $0.type == .unknown }) else {
            throw TokenizerError("the model has no piece of type UNKNOWN")
        }
        trie = DoubleArrayTrie(PieceTrie(pieces: entries))
        scores = pieces.map(\.score)
        userDefined = UserDefinedSymbols(pieces.filter { $0.type == .userDefined }.map { Array($0.piece.utf8) })
        unkId = Int32(unk)
        self.byteFallback = byteFallback
        self.byteIds = byteIds
    }

    private struct Pair: Comparable {
        var score: Float
        var left: Int32
        var right: Int32
        var size: Int32
        // Max-heap order: higher score first, then the leftmost.
        static func < (a: Pair, b: Pair) -> Bool { a.score < b.score || (a.score == b.score && a.left > b.left) }
    }

    /// A symbol of the text being merged, linked to its neighbours; a merged-away symbol has length 0.
    private struct Symbol {
        var start: Int32
        var length: Int32
        var previous: Int32
        var next: Int32
        var frozen: Bool
    }

    /// Queues the merge of two neighbours when neither is frozen and together they are a piece. A method with the
    /// heap passed in, not a closure capturing it: a captured variable is checked for exclusive access per use.
    @inline(__always)
    private func queuePair(_ left: Int32, _ right: Int32, _ symbols: UnsafeMutableBufferPointer<Symbol>,
                           _ text: UnsafeBufferPointer<UInt8>, _ heap: inout Heap<Pair>) {
        guard left >= 0, right >= 0 else { return }
        let l = symbols[Int(left)], r = symbols[Int(right)]
        guard !l.frozen, !r.frozen else { return }
        let size = l.length + r.length
        let id = trie.id(of: text, Int(l.start)..<Int(l.start + size))
        guard id >= 0 else { return }
        heap.push(Pair(score: scores[Int(id)], left: left, right: right, size: size))
    }

    public func encode(normalized text: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        guard !text.isEmpty else { return }
        var symbols: [Symbol] = []
        symbols.reserveCapacity(text.count)
        var position = 0
        while position < text.count {
            var length = userDefined.isEmpty ? 0 : userDefined.match(text, at: position)
            let isFrozen = length > 0
            if length == 0 { length = min(UTF8Scalar.oneCharLength(text[position]), text.count - position) }
            let index = Int32(symbols.count)
            position += length
            symbols.append(Symbol(start: Int32(position - length), length: Int32(length), previous: index - 1,
                                  next: position < text.count ? index + 1 : -1, frozen: isFrozen))
        }
        var heap = Heap<Pair>(capacity: symbols.count)
        symbols.withUnsafeMutableBufferPointer { symbols in
            for i in 1..<symbols.count { queuePair(Int32(i - 1), Int32(i), symbols, text, &heap) }
            while let top = heap.pop() {
                let left = Int(top.left), right = Int(top.right)
                if symbols[left].length == 0 || symbols[right].length == 0
                    || symbols[left].length + symbols[right].length != top.size { continue }
                symbols[left].length += symbols[right].length
                symbols[left].next = symbols[right].next
                if symbols[right].next >= 0 { symbols[Int(symbols[right].next)].previous = top.left }
                symbols[right].length = 0
                queuePair(symbols[left].previous, top.left, symbols, text, &heap)
                queuePair(top.left, symbols[left].next, symbols, text, &heap)
            }
        }
        // Unknown symbols become bytes with byte fallback; without it, adjacent ones fuse into one <unk>, as in
        // sentencepiece.
        var index = 0
        var previousUnknown = false
        while index != -1 {
            let symbol = symbols[index]
            let range = Int(symbol.start)..<Int(symbol.start + symbol.length)
            let id = trie.id(of: text, range)
            if id >= 0 {
                output.append(id)
                previousUnknown = false
            } else if byteFallback {
                for i in range { output.append(byteIds[Int(text[i])]) }
            } else {
                if !previousUnknown { output.append(unkId) }
                previousUnknown = true
            }
            index = Int(symbol.next)
        }
    }
}
