import SeirenCore

/// One redaction in a document: which field (`text`, or a metadata path such as `metadata.author`), the kind, and
/// where, in Unicode scalar offsets of the original field value.
public struct FieldRedaction: Equatable, Sendable {
    public var field: String
    public var span: RedactionSpan

    public var json: JSONValue {
        .array([.string(field), .string(span.kind.rawValue), .int(span.start), .int(span.length)])
    }
}

extension Redactor {
    /// Redacts a document's text, its `id` and `source` (made from file names, which carry phone numbers and
    /// names: `連絡先_03-1234-5678.xml`) and every string in its metadata and extra fields (authors, URLs and notes
    /// travel there too).
    public func redact(document: Document) throws -> (Document, [FieldRedaction]) {
        var out = document
        var found: [FieldRedaction] = []
        for (field, value) in [("id", document.id), ("source", document.source)] {
            let result = try redact(value)
            found += result.spans.map { FieldRedaction(field: field, span: $0) }
            if field == "id" { out.id = result.text } else { out.source = result.text }
        }
        let text = try redact(document.text)
        out.text = text.text
        found += text.spans.map { FieldRedaction(field: "text", span: $0) }
        out.metadata = try redact(json: document.metadata, path: "metadata", into: &found)
        out.extra = try document.extra.map { key, value in (key, try redact(json: value, path: key, into: &found)) }
        return (out, found)
    }

    private func redact(json: JSONValue, path: String, into found: inout [FieldRedaction]) throws -> JSONValue {
        switch json {
        case .string(let s):
            let result = try redact(s)
            found += result.spans.map { FieldRedaction(field: path, span: $0) }
            return .string(result.text)
        case .array(let items):
            return .array(try items.enumerated().map { try redact(json: $1, path: "\(path)[\($0)]", into: &found) })
        case .object(let pairs):
            return .object(try pairs.map { key, value in (key, try redact(json: value, path: path + "." + key, into: &found)) })
        default:
            return json
        }
    }
}
