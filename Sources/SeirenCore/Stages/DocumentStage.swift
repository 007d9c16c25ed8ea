import Foundation

/// What a per-document stage decides for one document.
public enum StageDecision: Sendable {
    case keep(Document)
    case reject(Document, Rejection)
}

/// Counts of a stage run, for its summary line and report.
public struct StageSummary: Sendable {
    public var documentsIn = 0
    public var documentsOut = 0
    public var rejected = 0
    /// Lines of the input that were not documents (bad JSON, invalid UTF-8, ...): also written to `rejects/`.
    public var badRecords = 0
    /// Empty or whitespace-only lines of the input: neither documents nor rejects, only counted, so that input
    /// lines = documents in + bad records + blank lines.
    public var blankLines = 0
    public var charactersIn = 0
    public var charactersOut = 0
    public var bytesIn = 0
    /// Input files that could not be read to the end (corrupt or truncated zstd): their failure is in rejects/.
    public var unreadableFiles: [String] = []
    /// Rejections per reason.
    public var reasons: [String: Int] = [:]
    public var seconds: Double = 0

    public init() {}

    public var json: JSONValue {
        .object([
            ("documents_in", .int(documentsIn)), ("documents_out", .int(documentsOut)), ("rejected", .int(rejected)),
            ("bad_records", .int(badRecords)), ("blank_lines", .int(blankLines)), ("unreadable_files", .array(unreadableFiles.map { .string($0) })), ("characters_in", .int(charactersIn)),
            ("characters_out", .int(charactersOut)), ("bytes_in", .int(bytesIn)),
            ("reasons", .object(reasons.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    /// A summary read back from its `json` (the parts of a stage, summed by `add`).
    public init(json: JSONValue) {
        documentsIn = json["documents_in"]?.intValue ?? 0
        documentsOut = json["documents_out"]?.intValue ?? 0
        rejected = json["rejected"]?.intValue ?? 0
        badRecords = json["bad_records"]?.intValue ?? 0
        blankLines = json["blank_lines"]?.intValue ?? 0
        unreadableFiles = json["unreadable_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        charactersIn = json["characters_in"]?.intValue ?? 0
        charactersOut = json["characters_out"]?.intValue ?? 0
        bytesIn = json["bytes_in"]?.intValue ?? 0
        for (reason, count) in json["reasons"]?.objectValue ?? [] { reasons[reason] = count.intValue ?? 0 }
    }

    /// Adds another part's counts (seconds are not summed: parts may run at the same time).
    public mutating func add(_ other: StageSummary) {
        documentsIn += other.documentsIn
        documentsOut += other.documentsOut
        rejected += other.rejected
        badRecords += other.badRecords
        blankLines += other.blankLines
        unreadableFiles += other.unreadableFiles
        charactersIn += other.charactersIn
        charactersOut += other.charactersOut
        bytesIn += other.bytesIn
        for (reason, count) in other.reasons { reasons[reason, default: 0] += count }
    }
}

/// Runs a per-document transformation over input files and writes a `StageOutput` (documents + rejects), in
/// parallel and deterministically: documents are processed in batches by `workers` threads and written in input
/// order. Lines that are not documents are reported through `onBadRecord` and kept in `rejects/` with a reason, so
/// documents out + rejects always equals records in.
public struct DocumentStageRunner {
    public var stage: String
    public var inputs: [String]
    public var output: StageOutput
    public var workers: Int
    public var batchSize: Int
    /// Fills `added` on input records that lack it.
    public var added: String
    public var progress: ProgressReporter?
    public var onBadRecord: (BadRecord) -> Void

    public init(stage: String, inputs: [String], output: StageOutput, workers: Int = defaultWorkerCount,
                batchSize: Int = 256, added: String, progress: ProgressReporter? = nil,
                onBadRecord: @escaping (BadRecord) -> Void = { _ in }) {
        self.stage = stage
        self.inputs = inputs
        self.output = output
        self.workers = workers
        self.batchSize = batchSize
        self.added = added
        self.progress = progress
        self.onBadRecord = onBadRecord
    }

    private enum Item {
        case document(Document)
        case bad(BadRecord)
    }

    /// Runs the stage. `makeTransform` is called once per worker thread, so a transform may own per-thread state
    /// (a MeCab tagger, scratch buffers) without locks.
    public func run(makeTransform: @escaping () throws -> (Document) throws -> StageDecision) throws -> StageSummary {
        let clock = ContinuousClock.now
        var summary = StageSummary()
        var fileIndex = 0
        var reader: DocumentReader?
        var bytesBefore = 0
        var unreadableFiles: [String] = []
        var blankLines = 0

        func nextBatch() throws -> [Item]? {
            var batch: [Item] = []
            while batch.count < batchSize {
                if reader == nil {
                    guard fileIndex < inputs.count else { break }
                    reader = try DocumentReader(path: inputs[fileIndex], added: added)
                    fileIndex += 1
                }
                guard let record = try reader!.next() else {
                    bytesBefore += reader!.bytesRead
                    blankLines += reader!.blankLines
                    reader = nil
                    continue
                }
                switch record {
                case .document(let document, _): batch.append(.document(document))
                case .bad(let bad):
                    // A damaged file: what was read stays, the damage goes to rejects, the run goes on.
                    if bad.endsFile { unreadableFiles.append(bad.location.path) }
                    batch.append(.bad(bad))
                }
            }
            return batch.isEmpty ? nil : batch
        }

        let transforms = ThreadLocalFactory(make: makeTransform)
        try orderedParallelMap(workers: workers, next: nextBatch, transform: { batch -> [(Item, StageDecision?)] in
            let transform = try transforms.get()
            return try batch.map { item in
                if case .document(let document) = item { return (item, try transform(document)) }
                return (item, nil)
            }
        }, consume: { results in
            for (item, decision) in results {
                switch (item, decision) {
                case (.document(let input), .some(let decision)):
                    summary.documentsIn += 1
                    summary.charactersIn += input.characterCount
                    switch decision {
                    case .keep(let document):
                        summary.documentsOut += 1
                        summary.charactersOut += try output.accept(document)
                    case .reject(let document, let rejection):
                        summary.rejected += 1
                        summary.reasons[rejection.reason, default: 0] += 1
                        try output.reject(document, rejection)
                    }
                case (.bad(let bad), _):
                    summary.badRecords += 1
                    summary.reasons[bad.category, default: 0] += 1
                    onBadRecord(bad)
                    try output.rejects.write(bad.asRejectedDocument(stage: stage, added: added))
                default:
                    break
                }
            }
            progress?.update(documents: summary.documentsIn + summary.badRecords,
                             bytes: bytesBefore + (reader?.bytesRead ?? 0))
        })
        summary.bytesIn = bytesBefore
        summary.unreadableFiles = unreadableFiles
        summary.blankLines = blankLines
        summary.seconds = (ContinuousClock.now - clock).seconds
        progress?.finish()
        return summary
    }
}

/// Makes one value per thread on first use (per-worker state such as taggers), with no locks on the hot path.
public final class ThreadLocalFactory<Value>: @unchecked Sendable {
    private let make: () throws -> Value
    private let key = "seiren.worker-state.\(UUID().uuidString)"

    public init(make: @escaping () throws -> Value) { self.make = make }

    public func get() throws -> Value {
        let dictionary = Thread.current.threadDictionary
        if let value = dictionary[key] as? Value { return value }
        let value = try make()
        dictionary[key] = value
        return value
    }
}


extension Duration {
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
