import Foundation
import SeirenCore

/// Counts and findings of a dedup run (written to OUT/dedup-report.json).
public struct DedupReport: Sendable {
    public var summary = StageSummary()
    public var boilerplateLines = 0
    /// The most frequent removed lines: (documents, text).
    public var topRemovedLines: [(Int, String)] = []
    public var documentsWithLinesRemoved = 0
    public var linesRemoved = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    public var clusters = 0
    public var candidatePairs = 0
    public var settings: JSONValue = .null
    public var phaseSeconds: [(String, Double)] = []
    /// CPU time of the whole process per phase (all threads): fairer than wall time on a busy machine.
    public var phaseCPUSeconds: [(String, Double)] = []

    public var json: JSONValue {
        .object([
            ("stage", "dedup"), ("summary", summary.json), ("settings", settings),
            ("lines", .object([
                ("boilerplate_lines", .int(boilerplateLines)), ("lines_removed", .int(linesRemoved)),
                ("documents_changed", .int(documentsWithLinesRemoved)),
                ("top_removed", .array(topRemovedLines.map { .object([("documents", .int($0.0)), ("line", .string($0.1))]) })),
            ])),
            ("exact_duplicates", .int(exactDuplicates)),
            ("near_duplicates", .object([
                ("removed", .int(nearDuplicates)), ("clusters", .int(clusters)), ("candidate_pairs", .int(candidatePairs)),
            ])),
            ("phase_seconds", .object(phaseSeconds.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })),
            ("phase_cpu_seconds", .object(phaseCPUSeconds.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })),
        ])
    }
}

/// `seiren dedup`, as phases over the input shards:
/// 1. lines: each shard counts its distinct lines into a sorted run on disk; the runs are merged (boilerplate =
///    in > T documents);
/// 2. signatures: each shard's documents (boilerplate removed) get a content hash of their canonical text and a
///    MinHash signature, written to disk with its bucket key per band; id, hash and flags stay in memory;
/// 3. buckets: one band at a time, every document's bucket entry, sorted;
/// 4. clusters: candidates sharing a bucket (and, with a threshold, similar enough) are joined by union-find;
/// 5. removal: each shard is read again and every document written to documents/ or rejects/ with its reason.
/// Here the phases run in one process, shard after shard; each takes one shard's data and returns mergeable
/// results, so a cluster of machines can run them apart. Keep rule (exact and near): the smallest `id` in UTF-8
/// byte order, then the earliest in input order.
public struct DedupStage: TaskStage {
    public let dedupSettings: DedupSettings

    public init(settings: DedupSettings) { dedupSettings = settings }

    public var name: String { "dedup" }
    public var settings: JSONValue { dedupSettings.json }
    /// Duplicates are found across all documents, so one task sees every part.
    public var scope: TaskScope { .global }

    public func run(parts: [StagePart], context: StageContext) throws {
        let outputs = try parts.map {
            try StageOutput(directory: $0.output, settings: dedupSettings.json, overwrite: true)
        }
        // Each part is finished as soon as its shards are written: an open output holds its compressors' buffers
        // (megabytes), and a run has as many parts as its input has shards.
        let report = try Self.run(inputs: parts.map(\.inputs), outputs: outputs, settings: dedupSettings,
                                  workers: context.workers, added: context.added,
                                  progress: ProgressReporter(label: "dedup", enabled: context.showsProgress),
                                  written: { try outputs[$0].finish() })
        try JSONFile.write(report.json, to: context.stageDirectory + "/dedup-report.json")
    }

    /// One input, one output: `seiren dedup`.
    public static func run(inputs: [String], output: String, settings: DedupSettings, workers: Int, added: String,
                           maxShardBytes: Int = 256 << 20, zstdLevel: Int32 = 3, overwrite: Bool = false,
                           progress: ProgressReporter? = nil,
                           onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> DedupReport {
        try settings.validate()
        // Opened first, so a taken or existing output is refused before the phases' work.
        let stageOutput = try StageOutput(directory: output, settings: settings.json, maxShardBytes: maxShardBytes,
                                          level: zstdLevel, overwrite: overwrite)
        let report = try run(inputs: [inputs], outputs: [stageOutput], settings: settings, workers: workers,
                             added: added, progress: progress, onBadRecord: onBadRecord)
        try stageOutput.writeFile("dedup-report.json", JSONFile.bytes(report.json))
        try stageOutput.finish()
        return report
    }

    /// Finds duplicates across all the shards of `inputs` and writes the shards of `inputs[k]` into `outputs[k]`,
    /// then calls `written(k)`; the caller writes the report and finishes the outputs. Scratch files go inside the first output's temporary folder
    /// and are removed before it is finished.
    static func run(inputs shardsPerOutput: [[String]], outputs: [StageOutput], settings: DedupSettings, workers: Int,
                    added: String, progress: ProgressReporter?, written: (Int) throws -> Void = { _ in },
                    onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> DedupReport {
        try settings.validate()
        let inputs = shardsPerOutput.flatMap { $0 }
        let scratch = (outputs.first?.workingDirectory ?? NSTemporaryDirectory()) + "/.dedup-scratch-\(Posix.processID)"
        let start = ContinuousClock.now
        var report = DedupReport()
        report.settings = settings.json
        var phaseStart = ContinuousClock.now
        var phaseCPUStart = processCPUSeconds()
        func endPhase(_ name: String) {
            report.phaseSeconds.append((name, (ContinuousClock.now - phaseStart).seconds))
            let cpu = processCPUSeconds()
            report.phaseCPUSeconds.append((name, cpu - phaseCPUStart))
            phaseStart = .now
            phaseCPUStart = cpu
        }

        // Phase 1: lines, shard by shard, each shard's counts a sorted run on disk; the runs merged.
        var boilerplate: [UInt64: Int32] = [:]
        if settings.lines {
            var runs = try LineCountRuns(directory: scratch + "/lines")
            for shard in inputs {
                try runs.append(try LinePhase.run(shard: shard, threshold: settings.lineThreshold, workers: workers,
                                                  added: added, progress: { progress?.update(documents: 0, bytes: $0) }))
            }
            boilerplate = try runs.boilerplate(threshold: settings.lineThreshold)
            report.boilerplateLines = boilerplate.count
            endPhase("lines")
        }

        // Phase 2: signatures, shard by shard, written to disk; the shards' first document indices address the
        // later phases.
        let banding = LSHBanding(bands: settings.bands, rows: settings.rows)
        let signatureFiles = settings.minhash
            ? try SignatureFiles(directory: scratch + "/signatures", hashes: settings.hashes,
                                 banding: banding) : nil
        defer { signatureFiles?.remove() }
        var fingerprints = ShardFingerprints(hashes: 0)
        var firstDocuments: [Int] = []
        for shard in inputs {
            firstDocuments.append(fingerprints.count)
            let before = fingerprints.count
            var shardFingerprints = try SignaturePhase.run(
                shard: shard, boilerplate: boilerplate, settings: settings, workers: workers, added: added,
                progress: { documents, bytes in progress?.update(documents: before + documents, bytes: bytes) })
            try signatureFiles?.append(shardFingerprints.signatures)
            shardFingerprints.signatures = SignatureStore(hashes: 0)
            fingerprints.append(contentsOf: shardFingerprints)
        }
        try signatureFiles?.finishWriting()
        let ids = fingerprints.ids
        var decisions: [DedupDecision] = fingerprints.boilerplateOnly.map { $0 ? .boilerplateOnly : .keep }
        endPhase("signatures")

        if settings.exact {
            ExactPhase.run(ids: ids, contentHashes: fingerprints.contentHashes, decisions: &decisions)
            fingerprints.contentHashes = []
            endPhase("exact")
        }

        // Phases 3 and 4: buckets band by band (every document's entries of one band, sorted), then clusters.
        if let signatureFiles {
            let banded = ids.indices.filter { signatureFiles.hasSignature[$0] && decisions[$0] == .keep }
            var clustering = ClusterPhase(documents: ids.count, threshold: settings.threshold,
                                          jaccard: signatureFiles.estimatedJaccard)
            for band in 0..<settings.bands {
                var entries = banding.entries(keys: try signatureFiles.keys(band: band), documents: banded, band: band)
                entries.sort()
                try clustering.add(sortedBand: entries)
            }
            endPhase("buckets")
            let clusters = try clustering.finish(banded: banded, ids: ids, decisions: &decisions)
            report.clusters = clusters.clusters
            report.candidatePairs = clusters.candidatePairs
            endPhase("clusters")
        }
        fingerprints = ShardFingerprints(hashes: 0)

        // Phase 5: removal, shard by shard, each output's shards into it.
        var removedLineText: [UInt64: String] = [:]
        signatureFiles?.remove()
        try? FileManager.default.removeItem(atPath: scratch)
        var shardIndex = 0
        for (outputIndex, (shards, stageOutput)) in zip(shardsPerOutput, outputs).enumerated() {
            for shard in shards {
                try RemovalPhase.run(shard: shard, firstDocument: firstDocuments[shardIndex], decisions: decisions,
                                     ids: ids, boilerplate: boilerplate, output: stageOutput, report: &report,
                                     removedLineText: &removedLineText, workers: workers, added: added,
                                     progress: { documents, bytes in progress?.update(documents: documents, bytes: bytes) },
                                     onBadRecord: onBadRecord)
                shardIndex += 1
            }
            try written(outputIndex)
        }
        progress?.finish()
        endPhase("removal")
        report.topRemovedLines = boilerplate.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(20).map { (Int($0.value), removedLineText[$0.key] ?? "") }
        report.summary.seconds = (ContinuousClock.now - start).seconds
        return report
    }
}

/// CPU time used by this process so far, all threads.
public func processCPUSeconds() -> Double { Posix.processCPUSeconds() }

