/// What one tokenizer made of some text: the sums behind every ratio `seiren measure` reports.
public struct TokenCounts: Sendable, Equatable {
    public var texts = 0
    /// Unicode scalars of the original text.
    public var characters = 0
    /// UTF-8 bytes of the original text.
    public var bytes = 0
    public var tokens = 0
    public var unknown = 0
    public var byteFallback = 0
    /// Tokens whose span in the original text covers parts of two or more MeCab morphemes (0 when not measured).
    public var crossing = 0

    public init() {}

    public static func += (lhs: inout TokenCounts, rhs: TokenCounts) {
        lhs.texts += rhs.texts
        lhs.characters += rhs.characters
        lhs.bytes += rhs.bytes
        lhs.tokens += rhs.tokens
        lhs.unknown += rhs.unknown
        lhs.byteFallback += rhs.byteFallback
        lhs.crossing += rhs.crossing
    }

    public var tokensPerCharacter: Double { ratio(tokens, characters) }
    public var charactersPerToken: Double { ratio(characters, tokens) }
    public var bytesPerToken: Double { ratio(bytes, tokens) }
    public var unknownRate: Double { ratio(unknown, tokens) }
    public var byteFallbackRate: Double { ratio(byteFallback, tokens) }
    /// The share of tokens that cross a morpheme boundary.
    public var crossingRate: Double { ratio(crossing, tokens) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// Counts one text encoded as `ids` by `tokenizer`.
    public static func of(_ text: String, ids: [Int32], tokenizer: any TextTokenizer) -> TokenCounts {
        var counts = TokenCounts()
        counts.texts = 1
        counts.characters = text.unicodeScalars.count
        counts.bytes = text.utf8.count
        counts.tokens = ids.count
        let unknownId = tokenizer.unknownId
        for id in ids {
            if id == unknownId { counts.unknown += 1 } else if tokenizer.isByteFallback(id) { counts.byteFallback += 1 }
        }
        return counts
    }

    /// Counts one text from its token spans, including the tokens that cross a morpheme boundary.
    public static func of(_ text: String, spans: [TokenSpan], tokenizer: any TextTokenizer,
                          morphemes: MorphemeBoundaries) -> TokenCounts {
        var counts = of(text, ids: spans.map(\.id), tokenizer: tokenizer)
        for span in spans where morphemes.crosses(span.start, span.end) { counts.crossing += 1 }
        return counts
    }
}
