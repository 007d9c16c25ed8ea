import Foundation
import SeirenCore
import SeirenMeCab

/// What became of one input file.
public struct IngestInputRecord {
    public enum Outcome: String, Sendable {
        /// Read; its documents (after redaction) are in the dataset. Records that were not documents are counted
        /// in `rejections` with line and reason.
        case documents
        /// No reader handles this kind of file.
        case unsupported
        /// The file could not be read (documents read before the failure are kept).
        case failed
        /// Not input data: a dataset's `manifest.json` or card `README.md`, whose shards are read as inputs.
        case skipped
    }

    public var file: IngestInputs.File
    public var sha256: String
    public var bytes: Int
    public var reader: String?
    public var outcome: Outcome
    public var reason: String?
    public var documents = 0
    /// Records that were not documents; the first `maxListedRejections` are kept with line and reason.
    public var rejected = 0
    public private(set) var rejections: [IngestRejection] = []

    static let maxListedRejections = 100

    mutating func addRejection(_ rejection: IngestRejection) {
        rejected += 1
        if rejections.count < Self.maxListedRejections { rejections.append(rejection) }
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("path", .string(file.recordedName)), ("sha256", sha256.isEmpty ? .null : .string(sha256)), ("bytes", .int(bytes)),
            ("outcome", .string(outcome.rawValue)),
        ]
        if let reader { pairs.append(("reader", .string(reader))) }
        if let reason { pairs.append(("reason", .string(reason))) }
        pairs.append(("documents", .int(documents)))
        pairs.append(("rejected", .int(rejected)))
        if !rejections.isEmpty {
            pairs.append(("rejections", .array(rejections.map { r in
                .object((r.line.map { [("line", JSONValue.int($0))] } ?? []) + [("reason", .string(r.reason))])
            })))
            if rejected > rejections.count { pairs.append(("rejections_not_listed", .int(rejected - rejections.count))) }
        }
        return .object(pairs)
    }
}

/// `seiren ingest` up to the bundle: reads every input file with the first reader that accepts it, redacts each
/// document, and writes the dataset directory that goes into the bundle:
///
///     documents/             shards and manifest.json (a Seiren dataset)
///     ingest-manifest.json   every input file with its sha256 and outcome, the settings, the tool version
///     redaction-report.json  counts per kind and per file
///     redactions.jsonl       per redacted document: [field, kind, start, length] spans (never the values)
///
/// With no dataset directory (a dry run) nothing is written and `onDocument` shows what would be redacted.
public final class IngestRun {
    public let settings: IngestSettings
    public var readers: [IngestInputReader]
    public var progress: ProgressReporter?

    public struct Result {
        public var inputs: [IngestInputRecord]
        public var report: RedactionReport
        public var documents: Int { inputs.reduce(0) { $0 + $1.documents } }
    }

    public static let ingestManifestName = "ingest-manifest.json"
    public static let reportName = "redaction-report.json"
    public static let positionsName = "redactions.jsonl"

    public init(settings: IngestSettings, readers: [IngestInputReader] = [JSONLinesInputReader()],
                progress: ProgressReporter? = nil) {
        self.settings = settings
        self.readers = readers
        self.progress = progress
    }

    public func run(inputs: [String], dataset: String?,
                    onDocument: ((_ id: String, _ file: String, _ redactions: [FieldRedaction]) -> Void)? = nil) throws -> Result {
        let model: MeCabModel? = settings.redaction.kinds.contains(.person)
            ? try MeCabModel(dictionary: settings.redaction.dictionary) : nil
        let options = settings.redaction
        let redactors = ThreadLocalFactory { try Redactor(options: options, model: model) }
        // File names go into the manifest, the report and redactions.jsonl: they are redacted like any string.
        let nameRedactor = try redactors.get()
        let files = try IngestInputs.expand(inputs).map { file in
            var named = file
            named.recordedName = try nameRedactor.redact(file.recordedName).text
            return named
        }

        var writer: DatasetWriter?
        var positions: AtomicFileWriter?
        if let dataset {
            try FileSystem.createDirectory(dataset)
            writer = try DatasetWriter(directory: dataset + "/documents",
                                       name: DatasetWriter.defaultName(for: settings.contributor),
                                       settings: settings.json, maxShardBytes: settings.maxShardBytes,
                                       level: settings.zstdLevel)
            positions = try AtomicFileWriter(path: dataset + "/" + Self.positionsName)
        }

        var report = RedactionReport(kinds: settings.redaction.kinds)
        var records: [IngestInputRecord] = []
        var batch: [Document] = []
        var bytesDone = 0
        var documentsDone = 0

        func flush(_ file: IngestInputs.File) throws {
            guard !batch.isEmpty else { return }
            let results = try redactInParallel(batch, redactors: redactors)
            batch.removeAll(keepingCapacity: true)
            for (document, redactions) in results {
                var out = document
                out.annotate("contributor", .string(settings.contributor))
                out.annotate("license", .string(settings.license))
                out.annotate("visibility", .string(settings.visibility.rawValue))
                if !redactions.isEmpty {
                    var counts: [RedactionKind: Int] = [:]
                    for r in redactions { counts[r.span.kind, default: 0] += 1 }
                    out.annotate("redactions", RedactionReport.countsJSON(counts))
                    if let positions {
                        var line = JSONWriter()
                        line.write(.object([
                            ("id", .string(out.id)), ("file", .string(file.recordedName)),
                            ("counts", RedactionReport.countsJSON(counts)),
                            ("spans", .array(redactions.map(\.json))),
                        ]))
                        line.bytes.append(0x0A)
                        try positions.write(line.bytes)
                    }
                }
                report.add(redactions)
                onDocument?(out.id, file.recordedName, redactions)
                try writer?.write(out)
                documentsDone += 1
            }
            progress?.update(documents: documentsDone, bytes: bytesDone)
        }

        for file in files {
            if let refusal = file.refusal {
                // Never opened: not even its digest is read from outside the inputs.
                var record = IngestInputRecord(file: file, sha256: "", bytes: 0, reader: nil, outcome: .skipped)
                record.reason = refusal
                records.append(record)
                continue
            }
            let size = FileSystem.fileSize(file.path) ?? 0
            var record = IngestInputRecord(file: file, sha256: try Hex.sha256(file: file.path), bytes: size,
                                           reader: nil, outcome: .documents)
            report.startFile(file.recordedName)
            if FileSystem.lastComponent(file.path) == DatasetManifest.fileName, Self.isDatasetManifest(file.path) {
                record.outcome = .skipped
                record.reason = "dataset manifest (its shards are read as inputs)"
            } else if FileSystem.lastComponent(file.path) == DatasetCard.fileName, Self.isDatasetCard(file.path) {
                record.outcome = .skipped
                record.reason = "dataset card (its shards are read as inputs)"
            } else if Self.isInStageRejects(file.path) {
                record.outcome = .skipped
                record.reason = "rejected by an earlier stage (a stage output's rejects/)"
            } else if let reader = readers.first(where: { $0.accepts(file.path) }) {
                record.reader = reader.name
                do {
                    try reader.read(file.path, added: settings.added, document: { document in
                        batch.append(document)
                        record.documents += 1
                        if batch.count >= 256 { try flush(file) }
                    }, reject: { record.addRejection($0) })
                    try flush(file)
                } catch let error as FileError where error.path != file.path {
                    throw error  // an output failure, not this input's
                } catch let error as BundleError {
                    throw error
                } catch {
                    try flush(file)
                    record.outcome = .failed
                    record.reason = "\(error)"
                }
            } else {
                record.outcome = .unsupported
                record.reason = "no reader for this kind of file"
            }
            bytesDone += size
            records.append(record)
        }
        progress?.finish()

        if let dataset, let writer, let positions {
            try writer.finish()
            try positions.commit()
            try JSONFile.write(Self.manifestJSON(records: records, report: report, settings: settings), to: dataset + "/" + Self.ingestManifestName)
            try JSONFile.write(report.json, to: dataset + "/" + Self.reportName)
        }
        return Result(inputs: records, report: report)
    }

    /// The batch's documents redacted on `settings.workers` threads, in input order; the first failure in input
    /// order is thrown.
    private func redactInParallel(_ documents: [Document], redactors: ThreadLocalFactory<Redactor>) throws
        -> [(Document, [FieldRedaction])] {
        var results: [(Document, [FieldRedaction])] = []
        results.reserveCapacity(documents.count)
        var next = 0
        try orderedParallelMap(workers: min(settings.workers, documents.count), next: { () -> Document? in
            guard next < documents.count else { return nil }
            defer { next += 1 }
            return documents[next]
        }, transform: { document in
            try redactors.get().redact(document: document)
        }, consume: { results.append($0) })
        return results
    }

    /// Whether the file is in the `rejects/` dataset of a stage output (documents an earlier stage dropped).
    static func isInStageRejects(_ path: String) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return false }
        let directory = String(path[..<slash])
        guard FileSystem.lastComponent(directory) == "rejects" else { return false }
        return isDatasetManifest(directory + "/" + DatasetManifest.fileName)
    }

    /// A `README.md` beside a dataset's manifest: the card DatasetWriter writes, not a document.
    static func isDatasetCard(_ path: String) -> Bool {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return isDatasetManifest(directory + "/" + DatasetManifest.fileName)
    }

    static func isDatasetManifest(_ path: String) -> Bool {
        guard let bytes = try? FileReader.readAll(path), let json = try? JSONParser.parse(bytes) else { return false }
        return json["format"]?.stringValue == Seiren.manifestFormat
    }

    static func manifestJSON(records: [IngestInputRecord], report: RedactionReport, settings: IngestSettings) -> JSONValue {
        func count(_ outcome: IngestInputRecord.Outcome) -> JSONValue { .int(records.filter { $0.outcome == outcome }.count) }
        return .object([
            ("format", "seiren-ingest-manifest"), ("format_version", 1),
            ("tool", .object([("name", "seiren"), ("version", .string(Seiren.version))])),
            ("settings", settings.json),
            ("dataset", "documents/manifest.json"),
            ("totals", .object([
                ("files", .int(records.count)), ("documents", .int(records.reduce(0) { $0 + $1.documents })),
                ("rejected_records", .int(records.reduce(0) { $0 + $1.rejected })),
                ("read", count(.documents)), ("unsupported", count(.unsupported)), ("failed", count(.failed)),
                ("skipped", count(.skipped)), ("redactions", .int(report.total)),
            ])),
            ("inputs", .array(records.map(\.json))),
        ])
    }
}
