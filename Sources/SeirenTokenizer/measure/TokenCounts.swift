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

    public init() {}

    public static func += (lhs: inout TokenCounts, rhs: TokenCounts) {
        lhs.texts += rhs.texts
        lhs.characters += rhs.characters
        lhs.bytes += rhs.bytes
        lhs.tokens += rhs.tokens
        lhs.unknown += rhs.unknown
        lhs.byteFallback += rhs.byteFallback
    }

    public var tokensPerCharacter: Double { ratio(tokens, characters) }
    public var charactersPerToken: Double { ratio(characters, tokens) }
    public var bytesPerToken: Double { ratio(bytes, tokens) }
    public var unknownRate: Double { ratio(unknown, tokens) }
    public var byteFallbackRate: Double { ratio(byteFallback, tokens) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// Counts one text encoded as `ids` by `tokenizer`.
    public static func of(_ text: String, ids: [Int32], tokenizer: SentencePieceTokenizer) -> TokenCounts {
        var counts = TokenCounts()
        counts.texts = 1
        counts.characters = text.unicodeScalars.count
        counts.bytes = text.utf8.count
        counts.tokens = ids.count
        let pieces = tokenizer.proto.pieces
        for id in ids {
            switch pieces[Int(id)].type {
            case .unknown: counts.unknown += 1
            case .byte: counts.byteFallback += 1
            default: break
            }
        }
        return counts
    }
}
