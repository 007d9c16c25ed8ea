import Foundation
import SeirenCore

/// Counts of an extraction run, for its summary.
public struct ExtractSummary: Sendable {
    public var filesIn = 0
    /// DITA maps read to order topics (they yield no document of their own).
    public var mapFiles = 0
    public var filesWithDocuments = 0
    public var documentsOut = 0
    public var charactersOut = 0
    public var bytesIn = 0
    public var filesRejected = 0
    /// Files recovered from well-formedness errors (kept, with libxml2's diagnostics in metadata).
    public var filesRecovered = 0
    public var rejectReasons: [String: Int] = [:]
    public var seconds: Double = 0

    public init() {}

    /// The summary printed at the end of a run.
    public var lines: [String] {
        var lines = [
            "extract: \(filesIn) files in (\(bytesIn) bytes), \(documentsOut) documents out "
                + "(\(charactersOut) characters) from \(filesWithDocuments) files"
                + (mapFiles > 0 ? ", \(mapFiles) DITA maps" : ""),
            "extract: \(filesRejected) files rejected" + (filesRecovered > 0 ? ", \(filesRecovered) recovered from XML errors" : ""),
        ]
        for (reason, count) in rejectReasons.sorted(by: { $0.key < $1.key }) {
            lines.append("extract:   \(reason): \(count)")
        }
        lines.append(String(format: "extract: %.1f s, %.1f MB/s", seconds, seconds > 0 ? Double(bytesIn) / 1e6 / seconds : 0))
        return lines
    }

    public var json: JSONValue {
        .object([
            ("files_in", .int(filesIn)), ("map_files", .int(mapFiles)), ("files_with_documents", .int(filesWithDocuments)),
            ("documents_out", .int(documentsOut)), ("characters_out", .int(charactersOut)), ("bytes_in", .int(bytesIn)),
            ("files_rejected", .int(filesRejected)), ("files_recovered", .int(filesRecovered)),
            ("reasons", .object(rejectReasons.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }
}

/// `seiren extract`: reads manuals (files or directories) and writes one Dolma document per file, page or DITA
/// topic to `OUT/documents`, and one reject per unusable file to `OUT/rejects`. Files are extracted in parallel;
/// output is in plan order, so it is the same for any number of workers.
public struct Extractor {
    public var settings: ExtractSettings

    public init(settings: ExtractSettings) { self.settings = settings }

    /// Extracts one file on its own (no DITA map, no conref targets): what `run` does for each file.
    public func extract(file path: String) -> FileOutcome {
        let file = InputFile(path: path, relativePath: FileSystem.lastComponent(path), source: settings.source ?? "input")
        return FileExtractor(settings: settings).extract(WorkItem(file: file, map: nil))
    }

    public func run(paths: [String], output: StageOutput, workers: Int, showsProgress: Bool = true) throws
        -> ExtractSummary {
        if settings.format == .jsonl {
            let clock = ContinuousClock.now
            var summary = ExtractSummary()
            for path in paths {
                for file in try DatasetLocator.files(for: path) { try copy(jsonLines: file, into: output, summary: &summary) }
            }
            summary.seconds = (ContinuousClock.now - clock).seconds
            return summary
        }
        let plan = try self.plan(paths: paths)
        return try run(plan: plan, items: 0..<plan.itemCount, includesMaps: true, output: output, workers: workers,
                       showsProgress: showsProgress)
    }

    /// Copies the documents of one JSON Lines file (format `jsonl`) into `output`: markup and JSON Lines inputs are
    /// both opened here, whoever asks (`seiren extract`, the pipeline's extract stage).
    public func copy(jsonLines file: String, into output: StageOutput, summary: inout ExtractSummary) throws {
        try JSONLinesCopy.copy(file: file, settings: settings, into: output, summary: &summary)
    }

    /// The files of `paths`, expanded and ordered once (DITA maps read), so a caller can split the work into parts.
    public func plan(paths: [String]) throws -> ExtractionPlan {
        ExtractionPlan(plan: try InputPlan(
            paths: paths, source: settings.source, readsMaps: settings.format == .auto || settings.format == .dita,
            currentDirectoryName: FileSystem.lastComponent(FileManager.default.currentDirectoryPath)))
    }

    /// Extracts the plan's files in `items`; with `includesMaps`, also accounts for its DITA maps (once per plan:
    /// the part that holds the first items). The parts of a plan, in order, write what the whole plan would.
    public func run(plan extraction: ExtractionPlan, items: Range<Int>, includesMaps: Bool, output: StageOutput,
                    workers: Int, showsProgress: Bool = true) throws -> ExtractSummary {
        let clock = ContinuousClock.now
        let plan = extraction.plan
        let progress = ProgressReporter(label: "extract", totalBytes: plan.totalBytes, enabled: showsProgress)
        var summary = ExtractSummary()
        summary.filesIn = items.count
        if includesMaps {
            summary.mapFiles = plan.maps.count
            summary.filesIn += plan.maps.count + plan.badMaps.count + plan.refused.count
            for map in plan.maps { summary.bytesIn += FileSystem.fileSize(map.path) ?? 0 }
        }

        func record(_ rejected: Document, _ rejection: Rejection) throws {
            summary.filesRejected += 1
            summary.rejectReasons[rejection.reason, default: 0] += 1
            try output.reject(rejected, rejection)
        }
        for (map, problem) in includesMaps ? plan.badMaps : [] {
            summary.bytesIn += FileSystem.fileSize(map.path) ?? 0
            let document = Document(id: map.id, text: "", source: map.source, added: settings.added,
                                    metadata: .object([("path", .string(map.relativePath)), ("format", .string("dita")),
                                                       ("reason", .string(problem.reason))]))
            try record(document, Rejection(stage: "extract", reason: problem.reason,
                                           details: [("detail", .string("DITA map: \(problem.detail)"))]))
        }

        for (file, problem) in includesMaps ? plan.refused : [] {
            let document = Document(id: file.id, text: "", source: file.source, added: settings.added,
                                    metadata: .object([("path", .string(file.relativePath)),
                                                       ("reason", .string(problem.reason))]))
            try record(document, Rejection(stage: "extract", reason: problem.reason,
                                           details: [("detail", .string(problem.detail))]))
        }

        var extractor = FileExtractor(settings: settings)
        extractor.knownFiles = Set(plan.items.map { PathNormalizer.normalize($0.file.path) })
        var next = items.lowerBound
        try orderedParallelMap(workers: workers, next: { () -> WorkItem? in
            guard next < items.upperBound else { return nil }
            defer { next += 1 }
            return plan.items[next]
        }, transform: { item -> (FileOutcome, Int) in
            (extractor.extract(item), FileSystem.fileSize(item.file.path) ?? 0)
        }, consume: { outcome, bytes in
            summary.bytesIn += bytes
            switch outcome {
            case .documents(let documents):
                summary.filesWithDocuments += 1
                if documents.first?.metadata["recovered"]?.boolValue == true { summary.filesRecovered += 1 }
                for document in documents {
                    summary.documentsOut += 1
                    summary.charactersOut += try output.accept(document)
                }
            case .rejected(let document, let rejection):
                try record(document, rejection)
            }
            progress.update(documents: summary.documentsOut, bytes: summary.bytesIn)
        })
        progress.finish()
        summary.seconds = (ContinuousClock.now - clock).seconds
        return summary
    }
}

/// The files of an extraction, in the order their documents are written.
public struct ExtractionPlan {
    let plan: InputPlan

    public var itemCount: Int { plan.items.count }

    /// Consecutive ranges of files holding about `maxBytes` of input each (a larger file is a range of its own); one
    /// empty range when there is no file, so the maps and the rejects of unreadable maps still have a part.
    public func parts(maxBytes: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (index, item) in plan.items.enumerated() {
            let size = FileSystem.fileSize(item.file.path) ?? 0
            if index > start && bytes + size > maxBytes {
                ranges.append(start..<index)
                start = index
                bytes = 0
            }
            bytes += size
        }
        ranges.append(start..<plan.items.count)
        return ranges
    }
}
