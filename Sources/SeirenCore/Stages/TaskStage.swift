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

    public init(workers: Int, added: String, showsProgress: Bool, stageDirectory: String) {
        self.workers = workers
        self.added = added
        self.showsProgress = showsProgress
        self.stageDirectory = stageDirectory
    }
}

/// How a stage's parts may be split into tasks.
public enum TaskScope: Sendable {
    /// Each part needs only its own input: any grouping of parts into tasks gives the same output.
    case perPart
    /// The stage needs every part at once (dedup compares all documents): one task runs all parts.
    case global
}

/// A stage of the pipeline as the executors see it: a name, its settings (for fingerprints and reports) and a run
/// over parts. Stages know nothing of how they are run (datatrove's split between steps and executors).
public protocol TaskStage {
    var name: String { get }
    /// Everything that changes the stage's output; a changed value reruns the stage and those after it.
    var settings: JSONValue { get }
    var scope: TaskScope { get }
    /// Writes each part's output directory. A `.perPart` stage is given one part at a time; a `.global` one all.
    func run(parts: [StagePart], context: StageContext) throws
    /// The files, relative to a part's output, whose presence says the part is complete (its writer renames them
    /// in last).
    var completionFiles: [String] { get }
}

extension TaskStage {
    /// A stage output's: documents and rejects, each with its manifest.
    public var completionFiles: [String] { ["documents/" + DatasetManifest.fileName, "rejects/" + DatasetManifest.fileName] }
}
