import SeirenMeCab

/// Replaces personal and secret data in a text by typed placeholders (`<EMAIL>`, `<PHONE>`, ...) and says where
/// it did, never what it removed. Scanners work on a folded view of the text (full-width digits and dashes made
/// ASCII, one scalar for one scalar) and the original span is replaced.
///
/// Not thread-safe when person names are on (it owns a MeCab tagger): make one per thread.
public final class Redactor {
    public struct Options: Sendable {
        public var kinds: Set<RedactionKind>
        /// The MeCab dictionary for person names (ipadic); needed only when `kinds` contains `.person`.
        public var dictionary: String

        public init(kinds: Set<RedactionKind> = RedactionKind.defaults,
                    dictionary: String = "/var/lib/mecab/dic/ipadic-utf8") {
            self.kinds = kinds
            self.dictionary = dictionary
        }
    }

    public struct Result: Sendable {
        public var text: String
        /// The redacted spans in offsets of the original text, in order and not overlapping.
        public var spans: [RedactionSpan]

        public var counts: [RedactionKind: Int] { spans.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 } }
    }

    public let options: Options
    private let persons: PersonNameScanner?

    /// `model` is the loaded MeCab dictionary to share between threads; when nil and person names are on, the
    /// dictionary in `options` is loaded.
    public init(options: Options = Options(), model: MeCabModel? = nil) throws {
        self.options = options
        if options.kinds.contains(.person) {
            persons = try PersonNameScanner(model: model ?? MeCabModel(dictionary: options.dictionary))
        } else {
            persons = nil
        }
    }

    public func redact(_ text: String) throws -> Result {
        let folded = FoldedText(text)
        let kinds = options.kinds
        var spans: [RedactionSpan] = []
        if kinds.contains(.secret) { SecretScanner().scan(folded, into: &spans) }
        if kinds.contains(.urlCredentials) { URLCredentialScanner().scan(folded, into: &spans) }
        if kinds.contains(.email) { EmailScanner().scan(folded, into: &spans) }
        if kinds.contains(.ipAddress) { IPAddressScanner().scan(folded, into: &spans) }
        if kinds.contains(.postalCode) { PostalCodeScanner().scan(folded, into: &spans) }
        if kinds.contains(.phone) || kinds.contains(.cardNumber) || kinds.contains(.myNumber) {
            NumberScanner(phone: kinds.contains(.phone), cardNumber: kinds.contains(.cardNumber),
                          myNumber: kinds.contains(.myNumber)).scan(folded, into: &spans)
        }
        if let persons { try persons.scan(text, folded, into: &spans) }
        let chosen = Self.resolveOverlaps(spans)
        guard !chosen.isEmpty else { return Result(text: text, spans: []) }
        return Result(text: Self.replace(folded.scalars, chosen), spans: chosen)
    }

    /// Keeps, among overlapping spans, the one that starts first (then the longest): a URL's credentials before the
    /// e-mail-like `password@host` inside them, a card number before a phone-like prefix.
    static func resolveOverlaps(_ spans: [RedactionSpan]) -> [RedactionSpan] {
        let sorted = spans.sorted { ($0.start, -$0.length, $0.kind) < ($1.start, -$1.length, $1.kind) }
        var chosen: [RedactionSpan] = []
        for span in sorted where span.length > 0 {
            if let last = chosen.last, span.start < last.end { continue }
            chosen.append(span)
        }
        return chosen
    }

    static func replace(_ scalars: [Unicode.Scalar], _ spans: [RedactionSpan]) -> String {
        var out = String.UnicodeScalarView()
        var position = 0
        for span in spans {
            out.append(contentsOf: scalars[position..<span.start])
            out.append(contentsOf: span.kind.placeholder.unicodeScalars)
            position = span.end
        }
        out.append(contentsOf: scalars[position...])
        return String(out)
    }
}
