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

    public var splitsByWhitespace: Bool { preTokenizer != .none }

    /// A symbol as written on a command line or in a manifest: `\n` and `\t` stand for newline and tab.
    public static func symbol(written text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
    }
}
