import SeirenCore

/// The Unigram model of a `tokenizer.json`, encoding as `tokenizers` does (its `encode_optimized`), which differs
/// from sentencepiece: scores are 64-bit, a later path only replaces an earlier one when strictly better, runs of
/// unknown characters are fused into one token, and a fused unknown run falls back to bytes when every byte piece
/// exists. When a piece string appears twice, the later id wins (tokenizers fills a hash map in order). Scores are
/// read as serde_json reads them (`SerdeJSONFloat`), since near-ties are decided in the last bit.
struct HuggingFaceUnigram {
    let pieces: [String]
    let scores: [Double]
    let unknownId: Int32?
    let byteFallback: Bool
    private let trie: DoubleArrayTrie
    private let ids: [String: Int32]
    private let unknownScore: Double
    /// `<0xXX>` ids by byte, when byte fallback is on (-1: missing).
    private let byteIds: [Int32]

    init(_ json: JSONValue) throws {
        guard let vocab = json["vocab"]?.arrayValue else { throw TokenizerError("Unigram model: no \"vocab\" list") }
        var pieces: [String] = [], scores: [Double] = []
        for (i, entry) in vocab.enumerated() {
            guard let pair = entry.arrayValue, pair.count == 2, let piece = pair[0].stringValue,
                  case .number(let literal) = pair[1], let score = SerdeJSONFloat.parse(literal) else {
                throw TokenizerError("Unigram model: vocab entry \(i) is not [piece, score]")
            }
            pieces.append(piece)
            scores.append(score)
        }
        let unk = json["unk_id"]?.intValue
        if let unk, !(0..<pieces.count).contains(unk) { throw TokenizerError("Unigram model: unk_id \(unk) is outside the vocabulary") }
        self.pieces = pieces
        self.scores = scores
        unknownId = unk.map(Int32.init)
        byteFallback = json["byte_fallback"]?.boolValue ?? false
        var ids: [String: Int32] = [:]
        for (i, piece) in pieces.enumerated() { ids[piece] = Int32(i) }
        self.ids = ids
        trie = DoubleArrayTrie(PieceTrie(pieces: ids.map { (Array($0.key.utf8), $0.value) }))
        unknownScore = (scores.min() ?? 0) - 10
        byteIds = (0..<256).map { ids[String(format: "<0x%02X>", $0)] ?? -1 }
    }

    /// Appends the tokens of one pre-tokenized piece: ids with byte ranges of `bytes`.
    func tokenize(_ bytes: [UInt8], into tokens: inout [(id: Int32, range: Range<Int>)]) throws {
        let size = bytes.count
        guard size > 0 else { return }
        var bestScore = [Double](repeating: 0, count: size + 1)
        var bestStart = [Int](repeating: -1, count: size + 1)
        var bestId = [Int32](repeating: 0, count: size + 1)
        try bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < size {
                let base = bestScore[start]
                let charLength = UTF8Scalar.oneCharLength(buffer[start])
                var hasSingle = false
                trie.forEachPrefix(buffer, from: start) { length, id in
                    let end = start + length
                    let candidate = scores[Int(id)] + base
                    if bestStart[end] < 0 || candidate > bestScore[end] {
                        bestScore[end] = candidate
                        bestStart[end] = start
                        bestId[end] = id
                    }
                    if length == charLength { hasSingle = true }
                }
                if !hasSingle {
                    let end = start + charLength
                    let candidate = unknownScore + base
                    if bestStart[end] < 0 || candidate > bestScore[end] {
                        guard let unknownId else { throw TokenizerError("Unigram model: an unknown character needs unk_id") }
                        bestScore[end] = candidate
                        bestStart[end] = start
                        bestId[end] = unknownId
                    }
                }
                start += charLength
            }
        }
        // Walk back, fusing runs of unknown tokens into one.
        var path: [(id: Int32, range: Range<Int>)] = []
        var end = size
        var unknownEnd: Int?
        while end > 0 {
            let start = bestStart[end], id = bestId[end]
            if id == unknownId {
                if unknownEnd == nil { unknownEnd = end }
            } else {
                if let stop = unknownEnd { path.append((-1, end..<stop)); unknownEnd = nil }
                path.append((id, start..<end))
            }
            end = start
        }
        if let stop = unknownEnd { path.append((-1, 0..<stop)) }
        for (id, range) in path.reversed() {
            guard id == -1 else { tokens.append((id, range)); continue }
            // A fused unknown run: the piece itself if it exists, else bytes, else the unknown id.
            let run = Array(bytes[range])
            if let known = ids[String(decoding: run, as: UTF8.self)] {
                tokens.append((known, range))
            } else if byteFallback, run.allSatisfy({ byteIds[Int($0)] >= 0 }) {
                for byte in run { tokens.append((byteIds[Int(byte)], range)) }
            } else {
                tokens.append((unknownId!, range))
            }
        }
    }

    func isByteFallback(_ id: Int32) -> Bool { byteFallback && byteIds.contains(id) }
}
