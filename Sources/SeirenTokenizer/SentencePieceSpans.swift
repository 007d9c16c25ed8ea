/// `SentencePieceTokenizer` in the `TextTokenizer` role: the end-of-document piece, byte pieces, and tokens
/// mapped back onto the original text through the normalizer's record of where each byte came from.
extension SentencePieceTokenizer {
    /// The model's eos piece (`</s>`), or nil when it has none.
    public var endOfDocumentId: Int32? {
        let eos = proto.trainerSpec.eosId
        if eos >= 0 && Int(eos) < vocabularySize { return eos }
        return id(for: "</s>")
    }

    public func isByteFallback(_ id: Int32) -> Bool { proto.pieces[Int(id)].type == .byte }

    public func copyForWorker() throws -> any TextTokenizer { try SentencePieceTokenizer(proto: proto) }

    public func encodeWithSpans(_ text: String) -> [TokenSpan] {
        var text = text
        var origins: [Range<Int>]? = []
        let normalized = text.withUTF8 { normalizer.normalize($0, origins: &origins) }
        let origin = origins ?? []
        let ids = encode(normalized: normalized)
        var spans: [TokenSpan] = []
        spans.reserveCapacity(ids.count)
        var position = 0
        for (index, id) in ids.enumerated() {
            let length = min(normalized.count - position, normalizedLength(of: index, in: ids, normalized, at: position))
            // Only non-empty origins count: a token that is just the dummy prefix covers nothing.
            let covered = length > 0 ? origin[position..<position + length].filter { !$0.isEmpty } : []
            if let low = covered.map(\.lowerBound).min(), let high = covered.map(\.upperBound).max() {
                spans.append(TokenSpan(id: id, start: low, end: high))
            } else {
                let at = position < origin.count ? origin[position].lowerBound : (origin.last?.upperBound ?? 0)
                spans.append(TokenSpan(id: id, start: at, end: at))
            }
            position += length
        }
        return spans
    }

    /// How many normalized bytes token `index` covers. An unknown token (runs of unknown characters are one token)
    /// reaches to where the next token's piece matches.
    private func normalizedLength(of index: Int, in ids: [Int32], _ normalized: [UInt8], at position: Int) -> Int {
        let piece = proto.pieces[Int(ids[index])]
        switch piece.type {
        case .byte: return 1
        case .control: return 0
        case .unknown:
            guard index + 1 < ids.count else { return normalized.count - position }
            var end = position + UTF8Scalar.oneCharLength(normalized[position])
            while end < normalized.count {
                if matches(ids[index + 1], normalized, at: end) { return end - position }
                end += UTF8Scalar.oneCharLength(normalized[end])
            }
            return normalized.count - position
        default: return piece.piece.utf8.count
        }
    }

    private func matches(_ id: Int32, _ normalized: [UInt8], at position: Int) -> Bool {
        let piece = proto.pieces[Int(id)]
        if piece.type == .byte {
            return UInt8(piece.piece.dropFirst(3).dropLast(), radix: 16) == normalized[position]
        }
        return normalized[position...].starts(with: piece.piece.utf8)
    }
}
