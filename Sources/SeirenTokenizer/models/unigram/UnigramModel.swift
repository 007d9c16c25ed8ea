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
    private let trie: DoubleArrayTrie
    /// Each piece's score as the Viterbi counts it: a user-defined piece gets sentencepiece's length-based score.
    private let latticeScores: [Float]
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
        for (i, piece) in pieces.enumerated() {
            switch piece.type {
            case .normal, .userDefined, .unused:
                // sentencepiece refuses duplicate pieces; of equal byte strings the trie keeps the first.
                entries.append((Array(piece.piece.utf8), Int32(i)))
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
        // Unused pieces stay out of the walk, as the Viterbi skips them (and so does a piece they shadow).
        let types = self.types
        trie = DoubleArrayTrie(PieceTrie(pieces: entries), keeping: { types[Int($0)] != .unused })
        latticeScores = pieces.map { piece in
            piece.type == .userDefined ? Self.userDefinedScore(length: piece.piece.utf8.count) : piece.score
        }
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

    /// The best path ending at one byte position: its score, where its last piece starts (-1: no path ends
    /// here) and that piece's id. One slot per position, so the walk touches one cache line per end.
    private struct BestEnd {
        var score: Float
        var start: Int32
        var id: Int32
    }

    /// Fills `best[0...size]` with the best segmentation of normalized text; unknown characters get `unkId`.
    @inline(__always)
    private func viterbi(_ text: UnsafeBufferPointer<UInt8>, _ best: UnsafeMutableBufferPointer<BestEnd>) {
        let size = text.count
        best.initialize(repeating: BestEnd(score: 0, start: -1, id: -1))
        let unknownScore = minScore - Self.unknownPenalty
        latticeScores.withUnsafeBufferPointer { scores in
            var start = 0
            var frontier = 0  // the furthest end any candidate reached so far
            while start < size {
                var scoreTillHere = best[start].score
                if scoreTillHere < -Self.scoreResetThreshold || scoreTillHere > Self.scoreResetThreshold {
                    let offset = scoreTillHere
                    var i = start
                    while i <= frontier {
                        if i == start || best[i].start != -1 { best[i].score -= offset }
                        i += 1
                    }
                    scoreTillHere = 0
                }
                var hasSingleNode = false
                let characterLength = min(UTF8Scalar.oneCharLength(text[start]), size - start)
                let from = Int32(truncatingIfNeeded: start)
                trie.forEachPrefix(text, from: start) { length, id in
                    let end = start + length
                    frontier = max(frontier, end)
                    // Float arithmetic throughout, as sentencepiece: ties (e.g. "pp"+"p" vs "p"+"pp") then resolve
                    // the same way, the earlier start kept.
                    let candidate = scores[Int(id)] + scoreTillHere
                    if best[end].start == -1 || candidate > best[end].score {
                        best[end] = BestEnd(score: candidate, start: from, id: id)
                    }
                    if length == characterLength { hasSingleNode = true }
                }
                if !hasSingleNode {
                    let end = start + characterLength
                    frontier = max(frontier, end)
                    let candidate = unknownScore + scoreTillHere
                    if best[end].start == -1 || candidate > best[end].score {
                        best[end] = BestEnd(score: candidate, start: from, id: unkId)
                    }
                }
                start += characterLength
            }
        }
    }

    /// Ids for normalized text: unknown spans turned into byte pieces when byte fallback is on, else adjacent
    /// unknown characters fused into one unknown piece (as sentencepiece does).
    public func encode(normalized text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        let size = text.count
        if size == 0 { return }
        withUnsafeTemporaryAllocation(of: BestEnd.self, capacity: size + 1) { best in
            viterbi(text, best)
            // The path is read from its end: ids go in backwards and the new part is reversed once. Fusing unknown
            // neighbours gives the same result in either direction.
            let first = ids.count
            var end = size
            var laterWasUnknown = false
            while end > 0 {
                let start = Int(best[end].start), id = best[end].id
                if id == unkId && byteFallback {
                    var i = end
                    while i > start {
                        i -= 1
                        ids.append(byteIds[Int(text[i])])
                    }
                } else if id == unkId {
                    if !laterWasUnknown { ids.append(unkId) }
                } else {
                    ids.append(id)
                }
                laterWasUnknown = id == unkId
                end = start
            }
            ids[first...].reverse()
        }
    }
}
