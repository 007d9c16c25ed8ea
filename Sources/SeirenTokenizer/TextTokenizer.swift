/// The role `seiren measure` and `seiren encode` need from a tokenizer, whatever its file: a SentencePiece `.model`
/// (`SentencePieceTokenizer`) or a Hugging Face `tokenizer.json` (`HuggingFaceTokenizer`).
public protocol TextTokenizer: AnyObject {
    /// One more than the highest id the tokenizer can give.
    var vocabularySize: Int { get }
    /// The id of the unknown token, if the tokenizer has one.
    var unknownId: Int32? { get }
    /// The id that ends a document in a token stream, if the tokenizer names one.
    var endOfDocumentId: Int32? { get }
    /// Whether `id` is a byte-fallback piece (`<0xXX>`).
    func isByteFallback(_ id: Int32) -> Bool
    func piece(for id: Int32) -> String
    /// The ids of `text`, exactly those of the reference library, without template special tokens.
    func encode(_ text: String) throws -> [Int32]
    /// The same ids, each with the UTF-8 byte range of `text` it stands for (see `TokenSpan`).
    func encodeWithSpans(_ text: String) throws -> [TokenSpan]
    /// An equivalent tokenizer for another worker thread (tokenizers hold per-thread search state).
    func copyForWorker() throws -> any TextTokenizer
}

/// One token and the bytes of the original text it covers, found by mapping the token's normalized bytes back
/// through the normalizer. Text a normalizer inserted (a `▁` prefix) maps to the character it was inserted at.
public struct TokenSpan: Equatable, Sendable {
    public var id: Int32
    public var start: Int
    public var end: Int
    public init(id: Int32, start: Int, end: Int) {
        self.id = id
        self.start = start
        self.end = end
    }
}
