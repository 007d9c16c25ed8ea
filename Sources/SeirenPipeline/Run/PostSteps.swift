import Foundation
import SeirenCore
import SeirenTokenizer

/// The steps after publishing, each on `OUT/documents`: train a vocabulary, encode the documents as token ids, and
/// measure tokenizers. Train and encode resume by one rule (`step`): their fingerprints continue the stages' chain,
/// and a step whose fingerprint is recorded and whose output is complete is kept. Measuring is cheap next to
/// training and its numbers belong in this run's report, so it always runs.
struct PostSteps {
    let runner: PipelineRunner
    let graph: TaskGraph
    let previous: RunState?
    var state: RunState
    private var fingerprint: String

    private(set) var vocabulary: String?
    private(set) var tokens: String?
    private(set) var measurement: JSONValue = .null
    /// Seconds per step, in order (a kept step's are its check's).
    private(set) var seconds: [(String, Double)] = []

    init(runner: PipelineRunner, graph: TaskGraph, previous: RunState?, state: RunState) {
        self.runner = runner
        self.graph = graph
        self.previous = previous
        self.state = state
        fingerprint = graph.lastFingerprint
    }

    private var manifest: PipelineManifest { runner.manifest }
    private var documents: String { manifest.output + "/documents" }

    mutating func run() throws {
        // Locals: the steps' bodies must not capture `self`, which `step` mutates.
        let (manifest, runner, documents, graph) = (self.manifest, self.runner, self.documents, self.graph)
        if let train = manifest.train {
            let directory = manifest.output + "/vocab/" + train.name
            var settings = train.settings
            settings.threads = runner.workers
            try FileSystem.createDirectory(manifest.output + "/vocab")
            try step("train", settings: JSONWriter.string(train.json), directory: directory,
                     completeFile: train.name + ".model",
                     news: "\(settings.model.rawValue) vocabulary of \(settings.vocabularySize) pieces on \(documents)") {
                try PipelineRunner.rebuild(directory) { partial in
                    var run = TrainingRun(settings: settings, inputs: [documents], output: partial)
                    run.name = train.name
                    run.command = ["seiren", "run", manifest.file]
                    run.log = runner.log
                    _ = try run.run()
                }
            }
            vocabulary = directory
        }
        if let encode = manifest.encode {
            let tokenizer = encode.tokenizer ?? vocabulary!
            let model = try Hex.sha256(file: try TokenizerLocator.modelPath(for: tokenizer))
            let directory = manifest.output + "/tokens"
            try step("encode", settings: JSONWriter.string(encode.json) + "\n" + model, directory: directory,
                     completeFile: DatasetManifest.fileName, news: "\(documents) with \(tokenizer) into \(directory)") {
                // Tasks encode the last stage's parts (the trained tokenizer exists now, so the graph has the
                // stage); the merge writes the folder whole or not at all.
                let graph = try TaskGraph(manifest: manifest, added: graph.added)
                guard let stage = graph.encode else {
                    throw FileError(path: tokenizer, reason: "holds no tokenizer model to encode with")
                }
                try graph.prepare(stage)
                let count = stage.taskCount(requested: runner.executor.tasks)
                try runner.executor.run(graph.pendingTasks(of: stage, count: count), of: stage, taskCount: count, graph: graph)
                var encoder = CorpusEncoder(tokenizerPath: tokenizer, output: directory)
                encoder.overwrite = true
                encoder.name = manifest.name
                _ = try encoder.merge(parts: graph.partOutputs(of: stage), partName: EncodeStage.partName,
                                      inputs: try DatasetLocator.files(for: documents))
            }
            tokens = directory
        }
        if let measure = manifest.measure {
            let started = ContinuousClock.now
            defer { seconds.append(("measure", (ContinuousClock.now - started).seconds)) }
            // The MeCab morpheme-boundary share is left to `seiren measure`: segmenting the corpus is not cheap.
            let tokenizers = (vocabulary.map { [$0] } ?? []) + measure.tokenizers
            runner.log("[measure] \(tokenizers.count) tokenizer(s) on \(documents)")
            let result = try TokenizerMeasurement.run(tokenizers: tokenizers, inputs: [documents],
                                                      workers: runner.workers, morphemes: false)
            measurement = MeasurementReport.json(result)
            try JSONFile.write(measurement, to: manifest.output + "/measure.json")
            try AtomicFileWriter.write(Array(MeasurementReport.svg(result).utf8), to: manifest.output + "/measure.svg")
        }
    }

    /// One resumable step: kept when the previous run recorded the same fingerprint at this place and
    /// `directory/completeFile` exists, else `body` writes `directory` afresh (whole or not at all). Either way the
    /// step is recorded in `OUT/state.json`.
    private mutating func step(_ name: String, settings: String, directory: String, completeFile: String, news: String,
                               _ body: () throws -> Void) throws {
        let started = ContinuousClock.now
        defer { seconds.append((name, (ContinuousClock.now - started).seconds)) }
        fingerprint = Hex.sha256(fingerprint + "\n" + name + "\n" + settings)
        if runner.isDone(previous, at: state.stages.count, name, fingerprint)
            && FileSystem.exists(directory + "/" + completeFile) {
            runner.log("[\(name)] already done, kept")
        } else {
            runner.log("[\(name)] \(news)")
            try body()
        }
        state.stages.append((name, fingerprint))
        try state.write(manifest.output)
    }
}
