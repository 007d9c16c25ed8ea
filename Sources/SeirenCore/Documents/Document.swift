/// One document, in the Dolma layout: `id`, `text`, `source`, `added`, `created` (optional) and `metadata`.
/// Top-level fields Seiren does not know (Dolma's `attributes`, say) are kept in `extra` and written back unchanged.
public struct Document: Equatable, Sendable {
    public var id: String
    public var text: String
    public var source: String
    /// When the document entered the corpus (ISO 8601). Set from the run's settings, never from the clock per
    /// document, so reruns give the same bytes.
    public var added: String
    public var created: String?
    /// Always a JSON object. Seiren's own annotations live under the `seiren` key.
    public var metadata: JSONValue
    public var extra: [(String, JSONValue)]

    public init(id: String, text: String, source: String, added: String, created: String? = nil,
                metadata: JSONValue = .object([]), extra: [(String, JSONValue)] = []) {
        self.id = id
        self.text = text
        self.source = source
        self.added = added
        self.created = created
        self.metadata = metadata
        self.extra = extra
    }

    public static func == (lhs: Document, rhs: Document) -> Bool {
        lhs.id == rhs.id && lhs.text == rhs.text && lhs.source == rhs.source && lhs.added == rhs.added
            && lhs.created == rhs.created && lhs.metadata == rhs.metadata
            && JSONValue.object(lhs.extra) == JSONValue.object(rhs.extra)
    }

    /// Length of `text` in Unicode code points (what Python's `len` counts).
    public var characterCount: Int { text.scalarCount }

    // MARK: JSON

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(id)), ("text", .string(text)), ("source", .string(source)), ("added", .string(added)),
        ]
        if let created { pairs.append(("created", .string(created))) }
        pairs.append(("metadata", metadata))
        pairs.append(contentsOf: extra)
        return .object(pairs)
    }

    /// One JSON Lines record: the document as compact raw-UTF-8 JSON followed by a newline.
    public func jsonLine(into writer: inout JSONWriter) {
        writer.write(json)
        writer.bytes.append(0x0A)
    }

    /// What makes a JSON value unusable as a document.
    public struct FormatError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads a document from a JSON object. `text` is required; a missing (or null) `id`, `source` or `added` takes
    /// the given fallback. An `id` written as a number is kept as its digits. A known field of the wrong type (a
    /// `metadata` that is not an object, an `added` that is not a string, ...) is an error, not an extra field: the
    /// record would otherwise be written back with that key twice.
    public init(json: JSONValue, fallbackID: @autoclosure () -> String, fallbackSource: @autoclosure () -> String,
                fallbackAdded: @autoclosure () -> String) throws {
        guard case .object(let pairs) = json else { throw FormatError(reason: "not a JSON object") }
        var id: String?
        var text: String?
        var source: String?
        var added: String?
        var created: String?
        var metadata: JSONValue = .object([])
        var extra: [(String, JSONValue)] = []
        for (key, value) in pairs {
            switch (key, value) {
            case ("id", .string(let s)), ("id", .number(let s)): id = s
            case ("text", .string(let s)): text = s
            case ("source", .string(let s)): source = s
            case ("added", .string(let s)): added = s
            case ("created", .string(let s)): created = s
            case ("metadata", .object): metadata = value
            case ("id", .null), ("source", .null), ("added", .null), ("created", .null), ("metadata", .null): break
            case ("id", _): throw FormatError(reason: "field 'id' is not a string or a number")
            case ("metadata", _): throw FormatError(reason: "field 'metadata' is not an object")
            case ("text", _), ("source", _), ("added", _), ("created", _):
                throw FormatError(reason: "field '\(key)' is not a string")
            default: extra.append((key, value))
            }
        }
        guard let text else { throw FormatError(reason: "no 'text' field") }
        self.init(id: id ?? fallbackID(), text: text, source: source ?? fallbackSource(), added: added ?? fallbackAdded(),
                  created: created, metadata: metadata, extra: extra)
    }

    // MARK: Seiren annotations

    /// The value under `metadata.seiren.KEY`.
    public func annotation(_ key: String) -> JSONValue? { metadata["seiren"]?[key] }

    /// Sets `metadata.seiren.KEY`.
    public mutating func annotate(_ key: String, _ value: JSONValue) {
        var seiren = metadata["seiren"] ?? .object([])
        if case .object = seiren {} else { seiren = .object([]) }
        seiren.set(key, value)
        if case .object = metadata {} else { metadata = .object([]) }
        metadata.set("seiren", seiren)
    }

    /// The rejection recorded on this document, if a stage rejected it.
    public var rejection: Rejection? { annotation("rejection").flatMap(Rejection.init(json:)) }
}

/// Why a stage dropped a document: `{stage, reason, ...details}` (details such as `rule`, `value`, `threshold`,
/// `kept_id`). Rejected documents are written to `rejects/` with this under `metadata.seiren.rejection`.
public struct Rejection: Equatable, Sendable {
    public var stage: String
    public var reason: String
    public var details: [(String, JSONValue)]

    public init(stage: String, reason: String, details: [(String, JSONValue)] = []) {
        self.stage = stage
        self.reason = reason
        self.details = details
    }

    public static func == (lhs: Rejection, rhs: Rejection) -> Bool {
        lhs.stage == rhs.stage && lhs.reason == rhs.reason && JSONValue.object(lhs.details) == JSONValue.object(rhs.details)
    }

    public var json: JSONValue { .object([("stage", .string(stage)), ("reason", .string(reason))] + details) }

    public init?(json: JSONValue) {
        guard let stage = json["stage"]?.stringValue, let reason = json["reason"]?.stringValue,
              let pairs = json.objectValue else { return nil }
        self.init(stage: stage, reason: reason, details: pairs.filter { $0.0 != "stage" && $0.0 != "reason" })
    }
}

extension Document {
    /// A copy of this document marked as rejected.
    public func rejected(_ rejection: Rejection) -> Document {
        var copy = self
        copy.annotate("rejection", rejection.json)
        return copy
    }
}

extension String {
    /// The number of Unicode scalars, counted from UTF-8 lead bytes (much faster than decoding every scalar).
    public var scalarCount: Int {
        if let count = utf8.withContiguousStorageIfAvailable({ UTF8Validation.scalarCount($0) }) { return count }
        return unicodeScalars.count
    }
}
