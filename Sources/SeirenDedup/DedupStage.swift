import Foundation
import SeirenCore

/// Dedup as phases (`DedupPhase`), each a stage of the task graph with units of its own, their intermediate
/// results files in the phases' unit folders:
/// 1. lines (per part): each line's document count, partitioned by line hash;
/// 2. boilerplate (per line partition): the counts merged; the lines in more than the threshold's documents;
/// 3. signatures (per part): content hashes partitioned by hash, bucket keys per band, sorted; signatures and ids;
/// 4. exact (per hash partition): equal content hashes; all but the kept document are duplicates;
/// 5. pairs (per band): documents sharing a bucket, similar enough, paired;
/// 6. clusters (one unit): union-find over the pairs; each cluster's kept document;
/// 7. removal (per part): each document written to documents/ or rejects/ with its reason.
/// Keep rule (exact and near): the smallest `id` in UTF-8 byte order, then the earliest in input order. No phase
/// holds anything per document of the whole input but a bit (the exact duplicates the pairs phase leaves out).
public struct DedupStage: TaskStage {
    public let phase: DedupPhase
    public let dedupSettings: DedupSettings
    /// The document parts of the input.
    public let parts: Int

    /// The phases `settings` needs, as stages over `parts` document parts.
    public static func phases(settings: DedupSettings, parts: Int) -> [DedupStage] {
        DedupPhase.needed(by: settings).map { DedupStage(phase: $0, dedupSettings: settings, parts: parts) }
    }

    public var name: String { Self.name(of: phase) }
    static func name(of phase: DedupPhase) -> String { phase == .removal ? "dedup" : "dedup-" + phase.rawValue }
    public var settings: JSONValue { dedupSettings.json }
    public var units: StageUnits {
        phase.isPerPart ? .documentParts : .partitions(DedupWorkspace.units(of: phase, settings: dedupSettings, parts: parts))
    }
    public var writesDocuments: Bool { phase == .removal }
    public var completionFiles: [String] {
        phase == .removal ? ["documents/" + DatasetManifest.fileName, "rejects/" + DatasetManifest.fileName, DedupPartReport.fileName]
            : [DedupUnit.summaryName]
    }

    /// The phases' folders in a run: each phase stage's parts.
    private func workspace(_ context: StageContext) -> DedupWorkspace {
        var folders: [DedupPhase: String] = [:]
        for phase in DedupPhase.needed(by: dedupSettings) {
            let name = Self.name(of: phase)
            folders[phase] = (name == self.name ? context.stageDirectory : context.earlierStages[name] ?? "") + "/parts"
        }
        return DedupWorkspace(settings: dedupSettings, parts: parts, folders: folders)
    }

    public func run(part: StagePart, context: StageContext) throws {
        let workspace = workspace(context)
        let progress = ProgressReporter(label: name, enabled: context.showsProgress)
        try Self.run(phase, unit: part.index, inputs: part.inputs, workspace: workspace, workers: context.workers,
                     added: context.added, progress: progress) { report in
            let output = try StageOutput(directory: part.output, settings: dedupSettings.json, overwrite: true)
            let partReport = try report(output)
            try output.writeFile(DedupPartReport.fileName, JSONFile.bytes(partReport.json))
            try output.finish()
        }
        progress.finish()
    }

    /// The removal stage writes `dedup-report.json` from its parts' reports and the phases' units and tasks.
    public func finish(context: StageContext) throws {
        guard phase == .removal else { return }
        let workspace = workspace(context)
        let parts = try (0..<parts).map { part in
            DedupPartReport(json: try JSONParser.parse(try FileReader.readAll(
                context.stageDirectory + "/parts/" + StagePart.folderName(part) + "/" + DedupPartReport.fileName)))
        }
        var report = try DedupReport.build(parts: parts, workspace: workspace, boilerplate: try workspace.boilerplate())
        for phase in DedupPhase.needed(by: dedupSettings) {
            let directory = (phase == .removal ? context.stageDirectory : context.earlierStages[Self.name(of: phase)] ?? "") + "/tasks"
            var seconds = 0.0, cpu = 0.0
            for file in (try? FileSystem.contents(of: directory)) ?? [] where file.hasSuffix(".json") {
                let marker = try? JSONParser.parse(try FileReader.readAll(directory + "/" + file))
                seconds += marker?["seconds"]?.doubleValue ?? 0
                cpu += marker?["cpu_seconds"]?.doubleValue ?? 0
            }
            report.phaseSeconds.append((phase.rawValue, seconds))
            report.phaseCPUSeconds.append((phase.rawValue, cpu))
        }
        try JSONFile.write(report.json, to: context.stageDirectory + "/dedup-report.json")
    }

    /// Runs unit `unit` of `phase`. The removal phase calls `remove` with the part's writer: given the part's
    /// output, it writes the part there and returns its counts.
    static func run(_ phase: DedupPhase, unit: Int, inputs: [String], workspace: DedupWorkspace, workers: Int, added: String,
                    progress: ProgressReporter?, onBadRecord: @escaping (BadRecord) -> Void = { _ in },
                    remove: ((StageOutput) throws -> DedupPartReport) throws -> Void = { _ in }) throws {
        switch phase {
        case .lines:
            try LinePhase.run(part: unit, inputs: inputs, workspace: workspace, workers: workers, added: added,
                              progress: { progress?.update(documents: 0, bytes: $0) })
        case .boilerplate:
            try BoilerplatePhase.run(partition: unit, workspace: workspace)
        case .signatures:
            try SignaturePhase.run(part: unit, inputs: inputs, boilerplate: try workspace.boilerplate(), workspace: workspace,
                                   workers: workers, added: added,
                                   progress: { progress?.update(documents: $0, bytes: $1) })
        case .exact:
            try ExactPhase.run(partition: unit, workspace: workspace)
        case .pairs:
            try PairPhase.run(band: unit, workspace: workspace)
        case .clusters:
            try ClusterPhase.run(workspace: workspace)
        case .removal:
            let boilerplate = try workspace.boilerplate()
            try remove { output in
                try RemovalPhase.run(part: unit, inputs: inputs, workspace: workspace, boilerplate: boilerplate, output: output,
                                     workers: workers, added: added,
                                     progress: { progress?.update(documents: $0, bytes: $1) }, onBadRecord: onBadRecord)
            }
        }
    }

    /// `seiren dedup`: the same phases in this process, each input file a part, every part's documents into one
    /// output. The phases' folders are made inside the output's temporary folder and removed before it is
    /// finished.
    public static func run(inputs: [String], output: String, settings: DedupSettings, workers: Int, added: String,
                           maxShardBytes: Int = 256 << 20, zstdLevel: Int32 = 3, overwrite: Bool = false,
                           progress: ProgressReporter? = nil,
                           onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> DedupReport {
        try settings.validate()
        // Opened first, so a taken or existing output is refused before the phases' work.
        let stageOutput = try StageOutput(directory: output, settings: settings.json, maxShardBytes: maxShardBytes,
                                          level: zstdLevel, overwrite: overwrite)
        let scratch = stageOutput.workingDirectory + "/.dedup-phases"
        var folders: [DedupPhase: String] = [:]
        for phase in DedupPhase.needed(by: settings) {
            folders[phase] = scratch + "/" + phase.rawValue
            try FileSystem.createDirectory(folders[phase]!)
        }
        let workspace = DedupWorkspace(settings: settings, parts: inputs.count, folders: folders)
        let start = ContinuousClock.now
        var parts: [DedupPartReport] = []
        var phaseTimes: [(String, Double, Double)] = []
        for phase in DedupPhase.needed(by: settings) {
            let phaseStart = ContinuousClock.now, cpuStart = Posix.processCPUSeconds()
            for unit in 0..<DedupWorkspace.units(of: phase, settings: settings, parts: inputs.count) {
                try run(phase, unit: unit, inputs: unit < inputs.count ? [inputs[unit]] : [], workspace: workspace,
                        workers: workers, added: added, progress: progress, onBadRecord: onBadRecord) { remove in
                    parts.append(try remove(stageOutput))
                }
            }
            phaseTimes.append((phase.rawValue, (ContinuousClock.now - phaseStart).seconds, Posix.processCPUSeconds() - cpuStart))
        }
        progress?.finish()
        var report = try DedupReport.build(parts: parts, workspace: workspace, boilerplate: try workspace.boilerplate())
        report.phaseSeconds = phaseTimes.map { ($0.0, $0.1) }
        report.phaseCPUSeconds = phaseTimes.map { ($0.0, $0.2) }
        report.summary.seconds = (ContinuousClock.now - start).seconds
        try FileSystem.removeTree(scratch)
        try stageOutput.writeFile("dedup-report.json", JSONFile.bytes(report.json))
        try stageOutput.finish()
        return report
    }
}
