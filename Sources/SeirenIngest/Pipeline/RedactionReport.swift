import SeirenCore

/// Counts of redactions per kind, per input file and in total. The per-document positions go to
/// `redactions.jsonl` as they are found; this keeps only counts, so it stays small.
public struct RedactionReport {
    public struct FileCounts {
        public var name: String
        public var documents = 0
        public var documentsRedacted = 0
        public var counts: [RedactionKind: Int] = [:]
    }

    public private(set) var files: [FileCounts] = []
    public private(set) var totals: [RedactionKind: Int] = [:]
    public private(set) var documents = 0
    public private(set) var documentsRedacted = 0
    public let kinds: Set<RedactionKind>

    public init(kinds: Set<RedactionKind>) { self.kinds = kinds }

    mutating func startFile(_ name: String) { files.append(FileCounts(name: name)) }

    mutating func add(_ redactions: [FieldRedaction]) {
        documents += 1
        files[files.count - 1].documents += 1
        guard !redactions.isEmpty else { return }
        documentsRedacted += 1
        files[files.count - 1].documentsRedacted += 1
        for r in redactions {
            totals[r.span.kind, default: 0] += 1
            files[files.count - 1].counts[r.span.kind, default: 0] += 1
        }
    }

    public var total: Int { totals.values.reduce(0, +) }

    static func countsJSON(_ counts: [RedactionKind: Int]) -> JSONValue {
        .object(counts.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })
    }

    public var json: JSONValue {
        .object([
            ("format", "seiren-redaction-report"), ("format_version", 1),
            ("kinds", .array(kinds.sorted().map { .string($0.rawValue) })),
            ("placeholders", .object(kinds.sorted().map { ($0.rawValue, .string($0.placeholder)) })),
            ("documents", .int(documents)), ("documents_redacted", .int(documentsRedacted)),
            ("totals", Self.countsJSON(totals)),
            ("positions", .string("redactions.jsonl: one line per redacted document, spans as [field, kind, start, length] in Unicode code points of the original value")),
            ("files", .array(files.filter { $0.documents > 0 }.map { file in
                .object([
                    ("path", .string(file.name)), ("documents", .int(file.documents)),
                    ("documents_redacted", .int(file.documentsRedacted)), ("counts", Self.countsJSON(file.counts)),
                ])
            })),
        ])
    }
}
