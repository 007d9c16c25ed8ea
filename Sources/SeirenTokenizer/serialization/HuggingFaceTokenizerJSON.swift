import SeirenCore

/// Writes a SentencePiece Unigram model as a Hugging Face `tokenizer.json` that encodes like sentencepiece:
/// - normalizer: sentencepiece's `remove_extra_whitespaces` as three regex replacements on U+0020 only (leading,
///   trailing, runs; `tokenizers`' Strip would also remove tabs and newlines, which sentencepiece keeps), then the
///   dummy prefix (Prepend `▁`, which skips empty text as sentencepiece does) and spaces to `▁`. No
///   pre-tokenizer: the whole line is one Viterbi lattice, as in sentencepiece. (Metaspace's prepend_scheme
///   "first" does not prepend once leading spaces were removed, so it cannot be used.)
/// - model: Unigram with every piece and its score, written as the exact value of the 32-bit float so both
///   libraries compare the same numbers; user-defined symbols get sentencepiece's encoding-time score
///   (length × highest normal score − 0.1) so the same Viterbi picks them; byte fallback;
/// - decoder: `▁` back to spaces, byte pieces to bytes, fused, one leading space stripped;
/// - added tokens: the control and unknown pieces (special). User-defined symbols are not added tokens: those
///   are cut out before normalization, which would put a dummy `▁` after each of them.
public enum HuggingFaceTokenizerJSON {
    public static func make(_ proto: SentencePieceModelProto) throws -> JSONValue {
        guard proto.trainerSpec.modelType == .unigram else {
            throw TokenizerError("tokenizer.json export supports Unigram models only so far")
        }
        guard proto.normalizerSpec.precompiledCharsmap.isEmpty else {
            throw TokenizerError("tokenizer.json export needs an identity normalizer (no precompiled charsmap)")
        }
        let normalizer = proto.normalizerSpec
        var addedTokens: [JSONValue] = []
        for (id, piece) in proto.pieces.enumerated() where [.control, .unknown].contains(piece.type) {
            addedTokens.append([
                "id": .int(id), "content": .string(piece.piece), "single_word": false, "lstrip": false,
                "rstrip": false, "normalized": false, "special": true,
            ])
        }
        var normalizers: [JSONValue] = []
        if normalizer.removeExtraWhitespaces {
            normalizers.append(replace(regex: "\\A +", with: ""))
            normalizers.append(replace(regex: " +\\z", with: ""))
            normalizers.append(replace(regex: " {2,}", with: " "))
        }
        if normalizer.addDummyPrefix { normalizers.append(["type": "Prepend", "prepend": "\u{2581}"]) }
        if normalizer.escapeWhitespaces {
            normalizers.append(["type": "Replace", "pattern": ["String": " "], "content": "\u{2581}"])
        }
        let unkId = proto.pieces.firstIndex { $0.type == .unknown } ?? 0
        let maxScore = proto.pieces.filter { $0.type == .normal }.map(\.score).max().map { max($0, Float.leastNormalMagnitude) } ?? 0
        let vocab: [JSONValue] = proto.pieces.map { piece in
            let score = piece.type == .userDefined
                ? Double(Float(piece.piece.utf8.count) * maxScore - 0.1) : Double(piece.score)
            return .array([.string(piece.piece), .double(score)])
        }
        var decoders: [JSONValue] = [
            ["type": "Replace", "pattern": ["String": "\u{2581}"], "content": " "],
            ["type": "ByteFallback"],
            ["type": "Fuse"],
        ]
        if normalizer.addDummyPrefix || normalizer.removeExtraWhitespaces {
            decoders.append(["type": "Strip", "content": " ", "start": 1, "stop": 0])
        }
        return [
            "version": "1.0",
            "truncation": nil,
            "padding": nil,
            "added_tokens": .array(addedTokens),
            "normalizer": normalizers.isEmpty ? nil : ["type": "Sequence", "normalizers": .array(normalizers)],
            "pre_tokenizer": nil,
            "post_processor": nil,
            "decoder": ["type": "Sequence", "decoders": .array(decoders)],
            "model": [
                "type": "Unigram", "unk_id": .int(unkId), "vocab": .array(vocab),
                "byte_fallback": .bool(proto.trainerSpec.byteFallback),
            ],
        ]
    }

    private static func replace(regex: String, with content: String) -> JSONValue {
        ["type": "Replace", "pattern": ["Regex": .string(regex)], "content": .string(content)]
    }
}
