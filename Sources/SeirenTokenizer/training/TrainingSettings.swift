import SeirenCore

/// Everything that decides a trained vocabulary. Defaults follow sentencepiece's where it has one.
public struct TrainingSettings: Sendable, Equatable {
    public enum ModelKind: String, Sendable, CaseIterable { case unigram, bpe }
    /// How training text is cut into units before pieces are learned. Pieces never cross a unit boundary.
    public enum PreTokenizer: String, Sendable, CaseIterable {
        /// Whole sentences: pieces may contain `▁` inside (sentencepiece with `split_by_whitespace=false`).
        case none
        /// Words that start at `▁` (sentencepiece's default).
        case whitespace
        /// Words, then MeCab morphemes: no piece crosses a morpheme boundary. Encoding does not need MeCab.
        case mecab
    }
    public enum Normalization: String, Sendable, CaseIterable {
        case identity
        /// Per-character ICU NFKC written into the model as a precompiled charsmap, so sentencepiece, tokenizers
        /// and Seiren all apply it when encoding (see docs/tokenizer.md).
        case nfkc
    }

    public var model: ModelKind = .unigram
    public var vocabularySize: Int = 8000
    public var characterCoverage: Double = 0.9995
    public var byteFallback: Bool = true
    public var maxPieceLength: Int = 16
    public var splitDigits: Bool = false
    public var splitByUnicodeScript: Bool = true
    public var splitByNumber: Bool = true
    public var userDefinedSymbols: [String] = []
    public var controlSymbols: [String] = []
    public var unkPiece = "<unk>", bosPiece = "<s>", eosPiece = "</s>", padPiece = "<pad>"
    public var unkId = 0, bosId = 1, eosId = 2, padId = -1
    public var addDummyPrefix = true
    /// Off by default (sentencepiece's is on) so a document round-trips: code indentation and repeated spaces
    /// survive encode and decode.
    public var removeExtraWhitespaces = false
    public var allowWhitespaceOnlyPieces = false
    public var normalization: Normalization = .identity
    public var preTokenizer: PreTokenizer = .whitespace
    /// MeCab dictionary folder for `.mecab`.
    public var mecabDictionary = "/var/lib/mecab/dic/ipadic-utf8"
    /// Sentences longer than this many UTF-8 bytes are skipped, as sentencepiece does.
    public var maxSentenceBytes = 4192
    /// At most this many distinct sentences are trained on (a sample by hash, `SentenceSample`); 0: all. Bounds the
    /// trainer's memory whatever the corpus size.
    public var maxSentences = 2_000_000
    public var seedPieceCount = 1_000_000
    public var shrinkingFactor = 0.75
    public var subIterations = 2
    /// Every n-th input line is held out of training to measure tokens per character (0: none).
    public var heldOutEvery = 100
    public var threads = 1
    /// What the folder's Hugging Face files say about BOS/EOS and padding (the model does not change).
    public var specialTokens = SpecialTokenSettings()

    public init() {}

    /// The ranges, one set for the command line and the manifest; where sentencepiece has a limit it is
    /// sentencepiece's (`trainer_interface.cc`), so a model trained here could be trained there too. Ids and
    /// whether the vocabulary has room for its reserved pieces are the trainer's to check: they depend on the corpus.
    public func validate() throws {
        try SettingError.check("vocab_size", vocabularySize, in: 1...Int(Int32.max))
        try SettingError.check("character_coverage", characterCoverage, in: 0.98...1)
        try SettingError.check("max_piece_length", maxPieceLength, in: 1...512)
        try SettingError.check("max_sentence_bytes", maxSentenceBytes, in: 10...1 << 30)
        try SettingError.check("max_sentences", maxSentences, in: 0...Int(Int32.max))
        try SettingError.check("seed_pieces", seedPieceCount, in: 1...Int(Int32.max))
        try SettingError.check("held_out_every", heldOutEvery, in: 0...Int(Int32.max))
    }

    /// The settings as `report.json` records them (tools and tests read these keys: keep them and their order).
    public var json: JSONValue {
        [
            "model": .string(model.rawValue),
            "vocab_size": .int(vocabularySize),
            "character_coverage": .double(characterCoverage),
            "byte_fallback": .bool(byteFallback),
            "max_piece_length": .int(maxPieceLength),
            "split_digits": .bool(splitDigits),
            "user_defined_symbols": .array(userDefinedSymbols.map { .string($0) }),
            "control_symbols": .array(controlSymbols.map { .string($0) }),
            "unk": ["piece": .string(unkPiece), "id": .int(unkId)],
            "bos": ["piece": .string(bosPiece), "id": .int(bosId)],
            "eos": ["piece": .string(eosPiece), "id": .int(eosId)],
            "pad": ["piece": .string(padPiece), "id": .int(padId)],
            "normalization": .string(normalization.rawValue),
            "pre_tokenizer": .string(preTokenizer.rawValue),
            "add_dummy_prefix": .bool(addDummyPrefix),
            "remove_extra_whitespaces": .bool(removeExtraWhitespaces),
            "allow_whitespace_only_pieces": .bool(allowWhitespaceOnlyPieces),
            "max_sentence_bytes": .int(maxSentenceBytes),
            "max_sentences": .int(maxSentences),
            "held_out_every": .int(heldOutEvery),
            "threads": .int(threads),
            "hugging_face": specialTokens.json,
        ]
    }

    public var splitsByWhitespace: Bool { preTokenizer != .none }

    /// A symbol as written on a command line or in a manifest: `\n` and `\t` stand for newline and tab.
    public static func symbol(written text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
    }
}
