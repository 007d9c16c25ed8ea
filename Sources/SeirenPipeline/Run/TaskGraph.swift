import Foundation
import SeirenCore
import SeirenDedup
import SeirenFilter
import SeirenNormalize
import SeirenTokenizer

/// A stage placed in a run: where it writes, what its output depends on (the fingerprint chain) and its parts.
///
/// ```
/// OUT/stages/NN-NAME/fingerprint           the settings chain this folder was made for
/// OUT/stages/NN-NAME/parts/PPPPP/          part P's output (documents + rejects, or a dedup phase's files),
///                                          renamed in when complete
/// OUT/stages/NN-NAME/tasks/T-of-N.json     task T of N finished (its parts, seconds, CPU seconds, peak memory)
/// ```
public struct PlannedStage {
    public let index: Int
    let stage: TaskStage
    public let directory: String
    public let fingerprint: String
    /// Its units: the document parts, or a dedup phase's partitions.
    public let partCount: Int

    public var name: String { stage.name }

    func partOutput(_ part: Int) -> String { directory + "/parts/" + StagePart.folderName(part) }

    func isPartDone(_ part: Int) -> Bool {
        stage.completionFiles.allSatisfy { FileSystem.exists(partOutput(part) + "/" + $0) }
    }

    /// Whether its parts are document outputs (not a phase's intermediate files).
    public var writesDocuments: Bool { stage.writesDocuments }

    /// How many tasks the stage runs as when `requested` are asked for: no task is left without a part.
    public func taskCount(requested: Int) -> Int { max(1, min(requested, partCount)) }

    /// The parts of task `task` of `count`: `task`, `task + count`, ....
    public func parts(ofTask task: Int, of count: Int) -> [Int] {
        Array(stride(from: task, to: partCount, by: max(1, count)))
    }

    func taskMarker(_ task: Int, of count: Int) -> String { directory + "/tasks/\(task)-of-\(count).json" }

}

/// The stages of a manifest as a graph of tasks over parts. Part k of a stage reads part k of the last stage before
/// it that wrote documents (extract's parts come from the sources); dedup's phases over partitions read the files
/// of the phases before them. A stage's output, its parts in order, is the same however many tasks or processes
/// wrote it. Built the same way by the coordinating process and by every task process.
public struct TaskGraph {
    public let manifest: PipelineManifest
    public let added: String
    public let stages: [PlannedStage]
    /// Encoding as tasks over the last stage's parts, run after publishing and training; nil when the manifest does
    /// not encode or its tokenizer does not exist yet (it is trained in this run).
    public let encode: PlannedStage?
    /// Bytes of the sources, for the report.
    public let rawBytes: Int
    private let extract: ExtractStage

    public init(manifest: PipelineManifest, added: String) throws {
        self.manifest = manifest
        self.added = added
        var sourceFiles: [[String]] = []
        for source in manifest.sources { sourceFiles.append(try SourceFiles.expand(source.paths, source: source.name)) }
        let (inputFingerprint, rawBytes) = try SourceFiles.inventory(sourceFiles.flatMap { $0 })
        self.rawBytes = rawBytes
        extract = try ExtractStage(manifest: manifest, sourceFiles: sourceFiles, inputFingerprint: inputFingerprint,
                                   added: added)

        var list: [TaskStage] = [extract]
        if let settings = manifest.normalize { list.append(NormalizeStage(normalizer: TextNormalizer(settings: settings))) }
        if let rules = manifest.filter { list.append(FilterStage(rules: rules)) }
        if let settings = manifest.dedup { list += DedupStage.phases(settings: settings, parts: extract.work.count) }

        var fingerprint = Self.startFingerprint(added: added)
        var stages: [PlannedStage] = []
        for (index, stage) in list.enumerated() {
            fingerprint = Hex.sha256(fingerprint + "\n" + stage.name + "\n" + JSONWriter.string(stage.settings))
            stages.append(PlannedStage(index: index, stage: stage,
                                       directory: manifest.output + "/stages/" + Self.directoryName(index, stage.name),
                                       fingerprint: fingerprint, partCount: Self.unitCount(stage, parts: extract.work.count)))
        }
        self.stages = stages
        encode = try Self.encodeStage(manifest: manifest, after: stages, start: Self.startFingerprint(added: added),
                                      partCount: extract.work.count)
    }

    private static func encodeStage(manifest: PipelineManifest, after stages: [PlannedStage], start: String,
                                    partCount: Int) throws -> PlannedStage? {
        guard let spec = manifest.encode, let tokenizer = spec.tokenizer ?? manifest.train.map({ manifest.output + "/vocab/" + $0.name }),
              (try? TokenizerLocator.modelPath(for: tokenizer)).map(FileSystem.exists) == true else { return nil }
        let stage = try EncodeStage(tokenizer: tokenizer, eodId: spec.eodId, manifestSettings: spec.json)
        let fingerprint = Hex.sha256((stages.last?.fingerprint ?? start) + "\n" + stage.name + "\n" + JSONWriter.string(stage.settings))
        return PlannedStage(index: stages.count, stage: stage,
                            directory: manifest.output + "/stages/" + directoryName(stages.count, stage.name),
                            fingerprint: fingerprint, partCount: partCount)
    }

    private static func unitCount(_ stage: TaskStage, parts: Int) -> Int {
        switch stage.units {
        case .documentParts: return parts
        case .partitions(let count): return count
        }
    }

    /// The stage a task process is asked to run (`--task STAGE:...`): a document stage, or encoding after them.
    public func stage(at index: Int) -> PlannedStage? {
        stages.indices.contains(index) ? stages[index] : index == stages.count ? encode : nil
    }

    static func startFingerprint(added: String) -> String { Hex.sha256("seiren \(Seiren.version)\nadded \(added)") }

    static func directoryName(_ index: Int, _ name: String) -> String {
        (index + 1 < 10 ? "0" : "") + "\(index + 1)-\(name)"
    }

    /// The stages whose parts are documents: what the run reports per stage and publishes.
    public var documentStages: [PlannedStage] { stages.filter(\.writesDocuments) }

    /// The fingerprint after the last stage: what the steps after publishing build on.
    public var lastFingerprint: String { stages.last?.fingerprint ?? Self.startFingerprint(added: added) }

    /// The files a part of `stage` reads: the part's documents of the last stage before it that wrote documents, or
    /// its sources. A phase over partitions reads earlier phases' files, not documents: none.
    public func inputs(ofPart part: Int, in stage: PlannedStage) throws -> [String] {
        guard stage.stage.units == .documentParts else { return [] }
        guard let before = stages[..<min(stage.index, stages.count)].last(where: \.writesDocuments) else {
            return extract.inputs(ofPart: part)
        }
        return try DatasetLocator.files(for: before.partOutput(part) + "/documents")
    }

    /// What `stage`'s units are given besides their part: its folder and the folders of the stages before it.
    func context(of stage: PlannedStage, workers: Int, showsProgress: Bool) -> StageContext {
        var earlier: [String: String] = [:]
        for before in stages[..<min(stage.index, stages.count)] { earlier[before.name] = before.directory }
        return StageContext(workers: workers, added: added, showsProgress: showsProgress, stageDirectory: stage.directory,
                            earlierStages: earlier)
    }

    /// Whether every part of `stage` is written.
    public func isComplete(_ stage: PlannedStage) -> Bool { (0..<stage.partCount).allSatisfy(stage.isPartDone) }

    /// Makes `stage`'s folder ready for its tasks: kept when it was made for the same fingerprint (its finished
    /// parts are kept: a rerun does only the rest), else removed and made anew.
    public func prepare(_ stage: PlannedStage) throws {
        if isPrepared(stage) { return }
        try FileSystem.removeTree(stage.directory)
        for folder in [stage.directory, stage.directory + "/parts", stage.directory + "/tasks"] {
            try FileSystem.createDirectory(folder)
        }
        try AtomicFileWriter.write(Array((stage.fingerprint + "\n").utf8), to: stage.directory + "/fingerprint")
    }

    /// Whether `stage`'s folder was made for its fingerprint (its parts belong to these settings).
    public func isPrepared(_ stage: PlannedStage) -> Bool {
        guard let written = try? FileReader.readAll(stage.directory + "/fingerprint") else { return false }
        return String(decoding: written, as: UTF8.self) == stage.fingerprint + "\n"
    }

    /// Whether task `task` of `count` of `stage` has written all its parts.
    public func isTaskDone(_ stage: PlannedStage, task: Int, of count: Int) -> Bool {
        isPrepared(stage) && stage.parts(ofTask: task, of: count).allSatisfy(stage.isPartDone)
    }

    /// The tasks of `stage` (of `count`) that still have a part to write.
    public func pendingTasks(of stage: PlannedStage, count: Int) -> [Int] {
        (0..<count).filter { task in stage.parts(ofTask: task, of: count).contains { !stage.isPartDone($0) } }
    }

    /// Runs task `task` of `count` of `stage`: each of its parts not yet written is written (whole or not at all:
    /// stage outputs are written aside and renamed in), then the task's marker is written.
    public func runTask(_ stage: PlannedStage, task: Int, of count: Int, workers: Int, showsProgress: Bool) throws {
        let started = ContinuousClock.now, startedCPU = Posix.processCPUSeconds()
        guard isPrepared(stage) else {
            throw FileError(path: stage.directory, reason: "was not prepared for these settings: run the manifest again without --task")
        }
        let mine = stage.parts(ofTask: task, of: count)
        let context = context(of: stage, workers: workers, showsProgress: showsProgress)
        for index in mine where !stage.isPartDone(index) {
            let part = StagePart(index: index, inputs: try inputs(ofPart: index, in: stage), output: stage.partOutput(index))
            try stage.stage.run(part: part, context: context)
        }
        let marker: JSONValue = .object([
            ("stage", .string(stage.name)), ("task", .int(task)), ("tasks", .int(count)),
            ("parts", .array(mine.map { .int($0) })), ("seconds", .double(((ContinuousClock.now - started).seconds * 1000).rounded() / 1000)),
            ("cpu_seconds", .double(((Posix.processCPUSeconds() - startedCPU) * 1000).rounded() / 1000)),
            // The process's peak: the task's own when it ran as a process of its own (the local and cluster executors).
            ("peak_memory_bytes", .int(PeakMemory.bytes())),
        ])
        try JSONFile.write(marker, to: stage.taskMarker(task, of: count))
    }

    /// What belongs to `stage` as a whole, once every part is written (`TaskStage.finish`).
    public func finish(_ stage: PlannedStage, workers: Int) throws {
        try stage.stage.finish(context: context(of: stage, workers: workers, showsProgress: false))
    }

    /// The part output folders of `stage`, in part order.
    public func partOutputs(of stage: PlannedStage) -> [String] { (0..<stage.partCount).map(stage.partOutput) }
}
