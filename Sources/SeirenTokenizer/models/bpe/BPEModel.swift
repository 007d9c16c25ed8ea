import SeirenCore

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

    /// A queued merge of the symbol `left` with its right neighbour, valid while both keep their lengths (a
    /// symbol only grows by absorbing its right neighbour, so `size` tells whether the pair is still the same);
    /// `node` is the merged piece's trie slot.
    private struct Pair: Comparable {
        var score: Float
        var left: Int32
        var size: Int32
        var node: Int32
        // Max-heap order: higher score first, then the leftmost.
        static func < (a: Pair, b: Pair) -> Bool { a.score < b.score || (a.score == b.score && a.left > b.left) }
    }

    /// A symbol of the text being merged, linked to its neighbours; a merged-away symbol has length 0. `node` is
    /// the trie slot its bytes lead to (-1: no piece starts with them), so a pair is looked up by walking only
    /// the right symbol's bytes from the left one's slot.
    private struct Symbol {
        var start: Int32
        var length: Int32
        var previous: Int32
        var next: Int32
        var node: Int32
        var frozen: Bool
    }

    /// Queues the merge of `left` with its right neighbour when neither is frozen and together they are a piece.
    /// A method with the heap passed in, not a closure capturing it: a captured variable is checked for exclusive
    /// access per use.
    @inline(__always)
    private func queuePair(_ left: Int32, _ symbols: UnsafeMutableBufferPointer<Symbol>,
                           _ text: UnsafeBufferPointer<UInt8>, _ heap: inout Heap<Pair>) {
        guard left >= 0 else { return }
        let l = symbols[Int(left)]
        guard l.next >= 0, l.node >= 0, !l.frozen else { return }
        let r = symbols[Int(l.next)]
        guard !r.frozen else { return }
        let node = trie.walk(from: l.node, text, Int(r.start)..<Int(r.start + r.length))
        guard node >= 0 else { return }
        let id = trie.pieceId(at: node)
        guard id >= 0 else { return }
        heap.push(Pair(score: scores[Int(id)], left: left, size: l.length + r.length, node: node))
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
            let node = trie.walk(from: DoubleArrayTrie.root, text, position..<position + length)
            position += length
            symbols.append(Symbol(start: Int32(position - length), length: Int32(length), previous: index - 1,
                                  next: position < text.count ? index + 1 : -1, node: node, frozen: isFrozen))
        }
        var heap = Heap<Pair>(capacity: symbols.count)
        symbols.withUnsafeMutableBufferPointer { symbols in
            for i in 0..<symbols.count - 1 { queuePair(Int32(i), symbols, text, &heap) }
            while let top = heap.pop() {
                let left = Int(top.left), right = Int(symbols[left].next)
                if right < 0 || symbols[left].length == 0 || symbols[right].length == 0
                    || symbols[left].length + symbols[right].length != top.size { continue }
                symbols[left].length += symbols[right].length
                symbols[left].node = top.node
                symbols[left].next = symbols[right].next
                if symbols[right].next >= 0 { symbols[Int(symbols[right].next)].previous = top.left }
                symbols[right].length = 0
                queuePair(symbols[left].previous, symbols, text, &heap)
                queuePair(top.left, symbols, text, &heap)
            }
        }
        // Unknown symbols become bytes with byte fallback; without it, adjacent ones fuse into one <unk>, as in
        // sentencepiece.
        var index = 0
        var previousUnknown = false
        while index != -1 {
            let symbol = symbols[index]
            let range = Int(symbol.start)..<Int(symbol.start + symbol.length)
            let id = symbol.node < 0 ? -1 : trie.pieceId(at: symbol.node)
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
