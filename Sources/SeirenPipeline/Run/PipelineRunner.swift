import Foundation
import SeirenCore
import SeirenDedup
import SeirenExtract
import SeirenFilter
import SeirenNormalize
import SeirenTokenizer

/// Runs a manifest's stages as a graph of tasks over parts (`TaskGraph`), each stage into `OUT/stages/NN-NAME/`,
/// then publishes the last stage's documents as `OUT/documents/` and every stage's rejects as `OUT/rejects/`, runs
/// the steps after publishing (train, encode, measure) and writes the report.
///
/// Resumable at two grains. A stage is recorded with a fingerprint (its settings, its inputs and the previous
/// stage's fingerprint) in `OUT/state.json` when all its parts are written; a rerun skips stages whose fingerprint
/// is unchanged, and a changed setting reruns that stage and those after it. Inside an unfinished stage each part
/// is written aside and renamed in, so a rerun after a crash or `kill -9` runs only the tasks whose parts are
/// missing. Every stage is deterministic and parts do not depend on the task count, so the result is
/// byte-identical to an uninterrupted run with any executor.
public struct PipelineRunner {
    public var manifest: PipelineManifest
    public var workers: Int
    public var showsProgress: Bool
    /// Where tasks run: this process (default) or worker processes.
    public var executor: TaskExecutor
    /// Called with a line of news per stage (started, skipped, finished).
    public var log: (String) -> Void

    public init(manifest: PipelineManifest, workers: Int? = nil, showsProgress: Bool = true,
                executor: TaskExecutor? = nil, log: @escaping (String) -> Void = { _ in }) {
        self.manifest = manifest
        self.workers = max(1, workers ?? manifest.workers ?? defaultWorkerCount)
        self.showsProgress = showsProgress
        self.executor = executor ?? InProcessExecutor(workers: self.workers, showsProgress: showsProgress)
        self.log = log
    }

    /// The graph of a run that has started (its `added` is fixed in `OUT/state.json`), for a task process.
    public static func graphOfStartedRun(_ manifest: PipelineManifest) throws -> TaskGraph {
        guard let state = RunState.read(manifest.output) else {
            throw FileError(path: RunState.path(manifest.output), reason: "no run has started here: run the manifest without --task first")
        }
        return try TaskGraph(manifest: manifest, added: state.added)
    }

    public func run() throws -> RunReport {
        let clock = ContinuousClock.now
        let output = manifest.output
        // The run's folder must not be read back as a source, nor hold one.
        try OutputPlacement.check(output: output, inputs: manifest.sources.flatMap(\.paths).compactMap(Self.folderRead))
        // One run at a time per output: a second is refused, as a second writer of any output is.
        let lock = try RunLock(output: output)
        defer { withExtendedLifetime(lock) {} }
        try FileSystem.createDirectory(output + "/stages")
        let previous = RunState.read(output)
        let added = manifest.added ?? previous?.added ?? AddedTime.default()
        var state = RunState(added: added, stages: [])
        try state.write(output)

        let graph = try TaskGraph(manifest: manifest, added: added)
        var records: [StageRecord] = []
        // A phase's time and peak go to the document stage it leads to (dedup's phases to dedup).
        var phaseSeconds = 0.0, phasePeak = 0
        for stage in graph.stages {
            let started = ContinuousClock.now
            let label = "[\(stage.index + 1)/\(graph.stages.count)] \(stage.name)"
            if isDone(previous, at: stage.index, stage.name, stage.fingerprint) && graph.isComplete(stage) {
                log("\(label): already done, kept")
            } else {
                try graph.prepare(stage)
                let count = stage.taskCount(requested: executor.tasks)
                let pending = graph.pendingTasks(of: stage, count: count)
                log("\(label): \(stage.partCount) part(s) in \(count) task(s)"
                    + (pending.count < count ? ", \(count - pending.count) already done" : ""))
                try executor.run(pending, of: stage, taskCount: count, graph: graph)
            }
            try graph.finish(stage, workers: workers)
            state.stages.append((stage.name, stage.fingerprint))
            try state.write(output)
            guard stage.writesDocuments else {
                phaseSeconds += (ContinuousClock.now - started).seconds
                phasePeak = max(phasePeak, StageRecord.taskPeakMemory(directory: stage.directory))
                continue
            }
            var record = try StageRecord.measure(name: stage.name, parts: graph.partOutputs(of: stage),
                                                 directory: stage.directory)
            record.seconds = (ContinuousClock.now - started).seconds + phaseSeconds
            record.taskPeakMemory = max(record.taskPeakMemory, phasePeak)
            (phaseSeconds, phasePeak) = (0, 0)
            records.append(record)
            log("    \(record.documentsIn) in, \(record.documentsOut) out, \(record.rejected) rejected" +
                String(format: " (%.1fs)", record.seconds))
        }
        // Later stages of an earlier run that no longer exist in the plan (hidden names are temporaries and locks,
        // which their writers manage).
        let names = Set((graph.stages + [graph.encode].compactMap { $0 }).map { FileSystem.lastComponent($0.directory) })
        for name in (try? FileSystem.contents(of: output + "/stages")) ?? [] where !names.contains(name) && !name.hasPrefix(".") {
            try FileSystem.removeTree(output + "/stages/" + name)
        }

        log("publishing \(output)/documents and \(output)/rejects")
        let publishing = ContinuousClock.now
        let tally = try publish(graph)
        let publishSeconds = (ContinuousClock.now - publishing).seconds

        var steps = PostSteps(runner: self, graph: graph, previous: previous, state: state)
        try steps.run()
        var report = try RunReport.build(manifest: manifest, added: added, workers: workers, stages: records, tally: tally,
                                         vocabulary: steps.vocabulary, rawBytes: graph.rawBytes,
                                         seconds: (ContinuousClock.now - clock).seconds)
        report.tokens = steps.tokens
        report.measurement = steps.measurement
        report.stepSeconds = [("publish", publishSeconds)] + steps.seconds
        try report.write(output)
        return report
    }

    /// `OUT/documents`: the last stage's documents in the final shard size; `OUT/rejects`: every stage's rejects, in
    /// stage order. Each is written beside its place and renamed in, like the stages. Returns what the report counts
    /// of them.
    private func publish(_ graph: TaskGraph) throws -> RunReport.OutputTally {
        let output = manifest.output
        let settings: JSONValue = .object([
            ("manifest", .string(manifest.name)), ("stages", .array(graph.documentStages.map { .string($0.name) })),
            ("max_shard_bytes", .int(manifest.maxShardBytes)), ("zstd_level", .int(Int(manifest.zstdLevel))),
        ])
        var tally = RunReport.OutputTally()
        let last = graph.partOutputs(of: graph.documentStages[graph.documentStages.count - 1])
        try copy(from: last.map { $0 + "/documents" }, to: output + "/documents", name: manifest.name, settings: settings) {
            tally.keep($0)
        }
        let rejectDirectories = graph.documentStages.flatMap { graph.partOutputs(of: $0).map { $0 + "/rejects" } }
        try copy(from: rejectDirectories, to: output + "/rejects", name: manifest.name + "-rejects", settings: settings) {
            tally.reject($0)
        }
        return tally
    }

    private func copy(from datasets: [String], to directory: String, name: String, settings: JSONValue,
                      each: (Document) -> Void) throws {
        let staging = try StagingDirectory(destination: directory, overwrite: true)
        let writer = try DatasetWriter(directory: staging.path, name: name, settings: settings,
                                       maxShardBytes: manifest.maxShardBytes, level: manifest.zstdLevel)
        for dataset in datasets {
            for file in try DatasetLocator.files(for: dataset) {
                let reader = try DocumentReader(path: file, added: "")
                while let record = try reader.next() {
                    guard case .document(let document, _) = record else {
                        throw ShardError.corrupt(path: file, reason: "a stage wrote an unreadable record")
                    }
                    try writer.write(document)
                    each(document)
                }
            }
        }
        try writer.finish()
        try staging.commit()
    }

    func isDone(_ previous: RunState?, at index: Int, _ name: String, _ fingerprint: String) -> Bool {
        guard let previous, previous.stages.count > index else { return false }
        return previous.stages[index].name == name && previous.stages[index].fingerprint == fingerprint
    }

    /// What a source path reads as a whole: the path itself, or for a glob with `**` the folder before it
    /// (`docs/**/*.xml` → `docs`); nil for a one-level glob (`*.page`), which never reaches into a folder.
    static func folderRead(_ path: String) -> String? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let glob = components.firstIndex(where: { $0.contains("*") || $0.contains("?") }) else { return path }
        guard components[glob...].contains("**") else { return nil }
        let prefix = components[..<glob].joined(separator: "/")
        return prefix.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : prefix
    }

    /// Writes `directory` afresh: what is there and any `.partial` an interrupted run left are removed, `body`
    /// writes `directory.partial`, which is then renamed into place.
    static func rebuild(_ directory: String, _ body: (_ partial: String) throws -> Void) throws {
        try FileSystem.removeTree(directory)
        try FileSystem.removeTree(directory + ".partial")
        try body(directory + ".partial")
        try FileSystem.rename(directory + ".partial", to: directory)
    }
}
