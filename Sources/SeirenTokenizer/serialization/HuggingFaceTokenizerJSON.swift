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
/// - post-processor: BOS and/or EOS around each text when `specialTokens` asks for them (none by default, as
///   sentencepiece encodes).
public enum HuggingFaceTokenizerJSON {
    public static func make(_ proto: SentencePieceModelProto, specialTokens: SpecialTokenSettings = SpecialTokenSettings()) throws -> JSONValue {
        try make(proto, tokens: SpecialTokens(proto, settings: specialTokens))
    }

    static func make(_ proto: SentencePieceModelProto, tokens: SpecialTokens) throws -> JSONValue {
        guard proto.trainerSpec.modelType == .unigram || proto.trainerSpec.modelType == .bpe else {
            throw TokenizerError("tokenizer.json export supports Unigram and BPE models only")
        }
        let normalizer = proto.normalizerSpec
        let addedTokens: [JSONValue] = tokens.all.map { token in
            [
                "id": .int(token.id), "content": .string(token.piece), "single_word": false, "lstrip": false,
                "rstrip": false, "normalized": false, "special": true,
            ]
        }
        var normalizers: [JSONValue] = []
        let charsmap = normalizer.precompiledCharsmap
        if !charsmap.isEmpty {
            normalizers.append(["type": "Precompiled", "precompiled_charsmap": .string(Base64.encode(charsmap))])
        }
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
        // A user-defined piece gets the score sentencepiece's Viterbi gives it, so both libraries pick it alike.
        let vocab: [JSONValue] = proto.pieces.map { piece in
            let score = piece.type == .userDefined
                ? Double(UnigramModel.userDefinedScore(length: piece.piece.utf8.count)) : Double(piece.score)
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
            "pre_tokenizer": bpeSymbolSplitter(proto),
            "post_processor": tokens.postProcessor,
            "decoder": ["type": "Sequence", "decoders": .array(decoders)],
            "model": proto.trainerSpec.modelType == .bpe ? bpeModel(proto) : [
                "type": "Unigram", "unk_id": .int(unkId), "vocab": .array(vocab),
                "byte_fallback": .bool(proto.trainerSpec.byteFallback),
            ],
        ]
    }

    private static func replace(regex: String, with content: String) -> JSONValue {
        ["type": "Replace", "pattern": ["Regex": .string(regex)], "content": .string(content)]
    }

    /// BPE: the vocabulary by id and merges made from the pieces the way `tokenizers`' sentencepiece converter
    /// does: every split of a piece into two pieces, ordered by the merged piece's score (sentencepiece merges the
    /// pair whose concatenation scores highest), then by the ids of the two halves.
    private static func bpeModel(_ proto: SentencePieceModelProto) -> JSONValue {
        var ids: [String: Int] = [:]
        for (id, piece) in proto.pieces.enumerated() where ids[piece.piece] == nil { ids[piece.piece] = id }
        var mergeable: [String: Int] = [:]
        for (id, piece) in proto.pieces.enumerated() where piece.type == .normal || piece.type == .userDefined {
            if mergeable[piece.piece] == nil { mergeable[piece.piece] = id }
        }
        var merges: [(score: Float, left: Int, right: Int, text: String)] = []
        for piece in proto.pieces where piece.type == .normal {
            let characters = Array(piece.piece)
            guard characters.count >= 2 else { continue }
            for split in 1..<characters.count {
                let left = String(characters[..<split]), right = String(characters[split...])
                if let l = mergeable[left], let r = mergeable[right] {
                    merges.append((piece.score, l, r, left + " " + right))
                }
            }
        }
        merges.sort { ($0.score, -$0.left, -$0.right) > ($1.score, -$1.left, -$1.right) }
        let vocab: JSONValue = .object(proto.pieces.enumerated().compactMap { id, piece in
            ids[piece.piece] == id ? (piece.piece, .int(id)) : nil
        })
        let unk = proto.pieces.first { $0.type == .unknown }?.piece ?? "<unk>"
        return [
            "type": "BPE", "dropout": nil, "unk_token": .string(unk), "continuing_subword_prefix": nil,
            "end_of_word_suffix": nil, "fuse_unk": true, "byte_fallback": .bool(proto.trainerSpec.byteFallback),
            "ignore_merges": .bool(hasUserDefined(proto)), "vocab": vocab, "merges": .array(merges.map { .string($0.text) }),
        ]
    }

    private static func hasUserDefined(_ proto: SentencePieceModelProto) -> Bool {
        proto.pieces.contains { $0.type == .userDefined }
    }

    /// BPE with user-defined symbols: sentencepiece keeps each symbol as one frozen symbol that merges never
    /// cross. In `tokenizers` the normalized text is split around the symbols (after the dummy prefix, so no extra
    /// `▁` appears) and `ignore_merges` maps a split that is a whole piece (the symbol) straight to its id.
    private static func bpeSymbolSplitter(_ proto: SentencePieceModelProto) -> JSONValue {
        guard proto.trainerSpec.modelType == .bpe, hasUserDefined(proto) else { return nil }
        let symbols = proto.pieces.filter { $0.type == .userDefined }.map(\.piece).sorted { $0.count > $1.count }
        let pattern = symbols.map(regexEscape).joined(separator: "|")
        return ["type": "Split", "pattern": ["Regex": .string(pattern)], "behavior": "Isolated", "invert": false]
    }

    static func regexEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\^$.|?*+()[]{}-/".contains(character) { result.append("\\") }
            if character == "\n" { result += "\\n"; continue }
            if character == "\t" { result += "\\t"; continue }
            result.append(character)
        }
        return result
    }
}
