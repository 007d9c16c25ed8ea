import Foundation

/// A kind of personal or secret data the redactor removes. Each kind can be switched on or off and is replaced by
/// its own placeholder, so a reader of the corpus still sees that something was there and what it was.
public enum RedactionKind: String, CaseIterable, Comparable, Sendable {
    case email
    case phone
    case postalCode = "postal_code"
    case myNumber = "my_number"
    case cardNumber = "card_number"
    case ipAddress = "ip_address"
    case urlCredentials = "url_credentials"
    case secret
    case person

    /// The text that replaces a redacted span, e.g. `<EMAIL>`.
    public var placeholder: String { "<" + rawValue.uppercased() + ">" }

    /// The kinds on by default: all but person names, whose dictionary-based detection is too rough to be on
    /// without a decision (see docs/ingest.md).
    public static let defaults: Set<RedactionKind> = Set(allCases.filter { $0 != .person })

    /// The kinds of a comma-separated list of names (`email, phone`); spaces and empty items are ignored. Throws
    /// on the first unknown name, listing the known ones.
    public static func kinds(inList list: String) throws -> Set<RedactionKind> {
        var kinds: Set<RedactionKind> = []
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let kind = RedactionKind(rawValue: name) else { throw UnknownKind(name: name) }
            kinds.insert(kind)
        }
        return kinds
    }

    public struct UnknownKind: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown kind '\(name)' (kinds: \(RedactionKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    public static func < (lhs: RedactionKind, rhs: RedactionKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One redacted span of a text, in Unicode scalar offsets of the original text (what `Document.characterCount`
/// counts). The redacted value itself is never kept.
public struct RedactionSpan: Equatable, Sendable {
    public var kind: RedactionKind
    public var start: Int
    public var end: Int

    public init(kind: RedactionKind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
}
