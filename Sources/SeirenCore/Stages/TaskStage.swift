/// One part of a stage's work: the input shards it reads and the stage output directory (documents + rejects) it
/// writes. Parts are fixed by the input, never by how many tasks or workers run them, so a stage's output (the
/// parts' outputs in part order) is the same however its work is spread.
public struct StagePart: Sendable, Equatable {
    public var index: Int
    public var inputs: [String]
    /// Where this part's output is written: a stage output directory, written whole or not at all (`StageOutput`)
    /// and replacing what an earlier run left there.
    public var output: String

    public init(index: Int, inputs: [String], output: String) {
        self.index = index
        self.inputs = inputs
        self.output = output
    }

    /// The folder name of part (or unit) `index`: five digits at least, so folders list in order.
    public static func folderName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}

/// What a stage needs from whoever runs it, and nothing about how it is run (threads in this process, worker
/// processes, cluster jobs).
public struct StageContext: Sendable {
    /// Worker threads for this task.
    public var workers: Int
    /// Fills `added` on records that lack it.
    public var added: String
    public var showsProgress: Bool
    /// The stage's own directory, for what belongs to the whole stage rather than to a part (dedup's report).
    public var stageDirectory: String
    /// The directories of the stages before this one, by name: a phase reads the files of the phases before it.
    public var earlierStages: [String: String]

    public init(workers: Int, added: String, showsProgress: Bool, stageDirectory: String,
                earlierStages: [String: String] = [:]) {
        self.workers = workers
        self.added = added
        self.showsProgress = showsProgress
        self.stageDirectory = stageDirectory
        self.earlierStages = earlierStages
    }
}

/// What a stage's units of work are. Tasks take units i, i + N, ...; the units are fixed by the input, never by
/// the task count, so a stage's output is the same however its work is spread.
public enum StageUnits: Sendable, Equatable {
    /// One unit per document part: part k reads part k of the last stage that wrote documents.
    case documentParts
    /// This many units that read the files of earlier phases, not documents: hash partitions, bands, or one unit
    /// for a step that needs everything at once.
    case partitions(Int)
}

/// A stage of the pipeline as the executors see it: a name, its settings (for fingerprints and reports) and a run
/// over one unit at a time. Stages know nothing of how they are run (datatrove's split between steps and
/// executors).
public protocol TaskStage {
    var name: String { get }
    /// Everything that changes the stage's output; a changed value reruns the stage and those after it.
    var settings: JSONValue { get }
    var units: StageUnits { get }
    /// Whether its parts are document outputs (documents + rejects): what later stages read and the run publishes.
    /// A phase that writes only intermediate files says no.
    var writesDocuments: Bool { get }
    /// Writes one unit's output folder (`part.output`), whole or not at all.
    func run(part: StagePart, context: StageContext) throws
    /// The files, relative to a unit's output, whose presence says the unit is complete (its writer renames them
    /// in last).
    var completionFiles: [String] { get }
    /// Called once every unit is written, in the process that runs the pipeline: what belongs to the whole stage
    /// (dedup's report). Cheap, and safe to call again.
    func finish(context: StageContext) throws
}

extension TaskStage {
    public var units: StageUnits { .documentParts }
    public var writesDocuments: Bool { true }
    /// A stage output's: documents and rejects, each with its manifest.
    public var completionFiles: [String] { ["documents/" + DatasetManifest.fileName, "rejects/" + DatasetManifest.fileName] }
    public func finish(context: StageContext) throws {}
}
