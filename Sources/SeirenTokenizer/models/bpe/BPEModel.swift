/// sentencepiece's BPE encoder (bpe_model.cc): start from characters (user-defined symbols frozen as one symbol),
/// repeatedly merge the adjacent pair whose concatenation is the highest-scoring piece (leftmost first on ties),
/// then map symbols to ids; a symbol that is not a piece is unknown (bytes with byte fallback).
public struct BPEModel: Sendable {
    private let ids: [[UInt8]: Int32]
    private let scores: [Float]
    private let userDefined: UserDefinedSymbols
    public let unkId: Int32
    public let byteFallback: Bool
    public let byteIds: [Int32]

    public init(pieces: [SentencePieceModelProto.Piece], byteFallback: Bool) throws {
        var ids: [[UInt8]: Int32] = [:]
        var byteIds = [Int32](repeating: -1, count: 256)
        for (i, piece) in pieces.enumerated() {
            switch piece.type {
            case .normal, .userDefined, .unused:
                let bytes = Array(piece.piece.utf8)
                if ids[bytes] == nil { ids[bytes] = Int32(i) }
            case .byte:
                if let value = UnigramModel.byteValue(piece.piece) { byteIds[Int(value)] = Int32(i) }
            default: break
            }
        }
        guard let unk = pieces.firstIndex(where: { $0.type == .unknown }) else {
            throw TokenizerError("the model has no piece of type UNKNOWN")
        }
        self.ids = ids
        scores = pieces.map(\.score)
        userDefined = UserDefinedSymbols(pieces.filter { $0.type == .userDefined }.map { Array($0.piece.utf8) })
        unkId = Int32(unk)
        self.byteFallback = byteFallback
        self.byteIds = byteIds
    }

    private struct Pair: Comparable {
        var score: Float
        var left: Int
        var right: Int
        var size: Int
        // Max-heap order: higher score first, then the leftmost.
        static func < (a: Pair, b: Pair) -> Bool { a.score < b.score || (a.score == b.score && a.left > b.left) }
    }

    public func encode(normalized text: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        guard !text.isEmpty else { return }
        var starts: [Int] = [], lengths: [Int] = [], frozen: [Bool] = []
        var prev: [Int] = [], next: [Int] = []
        var position = 0
        while position < text.count {
            var length = userDefined.match(text, at: position)
            let isFrozen = length > 0
            if length == 0 { length = min(UTF8Scalar.oneCharLength(text[position]), text.count - position) }
            let index = starts.count
            starts.append(position)
            lengths.append(length)
            frozen.append(isFrozen)
            prev.append(index - 1)
            position += length
            next.append(position < text.count ? index + 1 : -1)
        }
        var heap = Heap<Pair>()
        func maybeAdd(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0, !frozen[left], !frozen[right] else { return }
            let size = lengths[left] + lengths[right]
            guard let id = ids[Array(text[starts[left]..<starts[left] + size])] else { return }
            heap.push(Pair(score: scores[Int(id)], left: left, right: right, size: size))
        }
        for i in 1..<starts.count { maybeAdd(i - 1, i) }
        while let top = heap.pop() {
            if lengths[top.left] == 0 || lengths[top.right] == 0 || lengths[top.left] + lengths[top.right] != top.size { continue }
            lengths[top.left] += lengths[top.right]
            next[top.left] = next[top.right]
            if next[top.right] >= 0 { prev[next[top.right]] = top.left }
            lengths[top.right] = 0
            maybeAdd(prev[top.left], top.left)
            maybeAdd(top.left, next[top.left])
        }
        // Unknown symbols become bytes with byte fallback; without it, adjacent ones fuse into one <unk>, as in
        // sentencepiece.
        var index = 0
        var previousUnknown = false
        while index != -1 {
            let piece = Array(text[starts[index]..<starts[index] + lengths[index]])
            if let id = ids[piece] {
                output.append(id)
                previousUnknown = false
            } else if byteFallback {
                for byte in piece { output.append(byteIds[Int(byte)]) }
            } else {
                if !previousUnknown { output.append(unkId) }
                previousUnknown = true
            }
            index = next[index]
        }
    }
}
