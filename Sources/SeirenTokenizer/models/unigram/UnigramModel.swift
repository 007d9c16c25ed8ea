/// A Unigram language model over pieces and its Viterbi encoder, following sentencepiece 0.2.3's
/// `Model::EncodeOptimized` (unigram_model.cc) down to its arithmetic, so the same text gives the same ids.
public struct UnigramModel: Sendable {
    public let pieces: [String]
    public let scores: [Float]
    public let types: [SentencePieceModelProto.PieceType]
    public let unkId: Int32
    public let byteFallback: Bool
    /// Id of `<0xXX>` for each byte value (when byte fallback is on), else -1.
    public let byteIds: [Int32]
    private let trie: PieceTrie
    private let minScore: Float
    /// sentencepiece's penalty below the lowest score for an unknown character.
    static let unknownPenalty: Float = 10
    /// Past this magnitude sentencepiece rebases the running path scores to zero, so Float keeps its precision on
    /// long texts. Near-ties on long documents resolve the way sentencepiece's do only if the rebase happens at the
    /// same places.
    static let scoreResetThreshold: Float = 100_000

    /// sentencepiece's score for a user-defined piece of `length` bytes: above any normal piece, longer first.
    static func userDefinedScore(length: Int) -> Float { Float(0.1 * Double(length - 1)) }

    public init(pieces: [SentencePieceModelProto.Piece], byteFallback: Bool) throws {
        self.pieces = pieces.map(\.piece)
        scores = pieces.map(\.score)
        types = pieces.map(\.type)
        guard let unk = pieces.firstIndex(where: { $0.type == .unknown }) else {
            throw TokenizerError("the model has no piece of type UNKNOWN")
        }
        unkId = Int32(unk)
        self.byteFallback = byteFallback
        var byteIds = [Int32](repeating: -1, count: 256)
        var entries: [(bytes: [UInt8], id: Int32)] = []
        var minScore = Float.greatestFiniteMagnitude
        var seen = Set<String>()
        for (i, piece) in pieces.enumerated() {
            switch piece.type {
            case .normal, .userDefined, .unused:
                // sentencepiece refuses duplicate pieces; the first one is the one a trie would keep.
                if seen.insert(piece.piece).inserted { entries.append((Array(piece.piece.utf8), Int32(i))) }
            case .byte:
                if let value = Self.byteValue(piece.piece) { byteIds[Int(value)] = Int32(i) }
            default: break
            }
            if piece.type == .normal {
                minScore = min(minScore, piece.score)
            }
        }
        if byteFallback, let missing = byteIds.firstIndex(of: -1) {
            throw TokenizerError("byte fallback is on but the model has no piece <0x\(Self.hex(UInt8(missing)))>")
        }
        self.byteIds = byteIds
        self.minScore = minScore
        trie = PieceTrie(pieces: entries)
    }

    /// `<0xE3>` → 0xE3.
    static func byteValue(_ piece: String) -> UInt8? {
        let u = Array(piece.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E else { return nil }
        return UInt8(String(decoding: u[3...4], as: UTF8.self), radix: 16)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    public static func bytePiece(_ byte: UInt8) -> String { "<0x\(hex(byte))>" }

    /// The best segmentation of normalized text as (start, end, id) spans; unknown characters get `unkId`.
    public func viterbi(_ text: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int, id: Int32)] {
        let size = text.count
        if size == 0 { return [] }
        var bestId = [Int32](repeating: -1, count: size + 1)
        var bestScore = [Float](repeating: 0, count: size + 1)
        var startsAt = [Int](repeating: -1, count: size + 1)
        let unknownScore = minScore - Self.unknownPenalty
        var start = 0
        var frontier = 0  // the furthest end any candidate reached so far
        while start < size {
            var scoreTillHere = bestScore[start]
            if scoreTillHere < -Self.scoreResetThreshold || scoreTillHere > Self.scoreResetThreshold {
                let offset = scoreTillHere
                var i = start
                while i <= frontier {
                    if i == start || startsAt[i] != -1 { bestScore[i] -= offset }
                    i += 1
                }
                scoreTillHere = 0
            }
            var hasSingleNode = false
            let characterLength = min(UTF8Scalar.oneCharLength(text[start]), size - start)
            trie.forEachPrefix(text, from: start) { length, id in
                let type = types[Int(id)]
                if type == .unused { return }
                let end = start + length
                frontier = max(frontier, end)
                // Float arithmetic throughout, as sentencepiece: ties (e.g. "pp"+"p" vs "p"+"pp") then resolve the
                // same way, the earlier start kept.
                let score: Float = type == .userDefined ? Self.userDefinedScore(length: length) : scores[Int(id)]
                let candidate = score + scoreTillHere
                if startsAt[end] == -1 || candidate > bestScore[end] {
                    bestScore[end] = candidate
                    startsAt[end] = start
                    bestId[end] = id
                }
                if length == characterLength { hasSingleNode = true }
            }
            if !hasSingleNode {
                let end = start + characterLength
                frontier = max(frontier, end)
                let candidate = unknownScore + scoreTillHere
                if startsAt[end] == -1 || candidate > bestScore[end] {
                    bestScore[end] = candidate
                    startsAt[end] = start
                    bestId[end] = unkId
                }
            }
            start += characterLength
        }
        var result: [(start: Int, end: Int, id: Int32)] = []
        var end = size
        while end > 0 {
            let s = startsAt[end]
            result.append((s, end, bestId[end]))
            end = s
        }
        result.reverse()
        return result
    }

    /// Ids for normalized text: unknown spans turned into byte pieces when byte fallback is on, else adjacent
    /// unknown characters fused into one unknown piece (as sentencepiece does).
    public func encode(normalized text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        var previousWasUnknown = false
        for span in viterbi(text) {
            if span.id == unkId && byteFallback {
                for i in span.start..<span.end { ids.append(byteIds[Int(text[i])]) }
            } else if span.id == unkId {
                if !previousWasUnknown { ids.append(unkId) }
            } else {
                ids.append(span.id)
            }
            previousWasUnknown = span.id == unkId
        }
    }
}
