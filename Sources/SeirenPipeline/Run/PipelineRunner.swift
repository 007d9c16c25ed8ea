import Foundation
import SeirenCore
import SeirenDedup
import SeirenExtract
import SeirenFilter
import SeirenNormalize
import SeirenTokenizer

/// Runs a manifest's stages, each into `OUT/stages/NN-NAME/` (documents + rejects), then publishes the last
/// stage's documents as `OUT/documents/` and every stage's rejects as `OUT/rejects/`, and writes the report.
///
/// Resumable: a stage is written aside (a `StagingDirectory`, as every stage command writes) and renamed into place
/// when complete, then recorded with a fingerprint
/// (its settings, its inputs and the previous stage's fingerprint) in `OUT/state.json`. A rerun skips stages whose
/// fingerprint is unchanged, so an interrupted run continues at the first unfinished stage, and a changed setting
/// reruns that stage and those after it, never the ones before. Every stage is deterministic, so the result is
/// byte-identical to an uninterrupted run.
public struct PipelineRunner {
    public var manifest: PipelineManifest
    public var workers: Int
    public var showsProgress: Bool
    /// Called with a line of news per stage (started, skipped, finished).
    public var log: (String) -> Void

    public init(manifest: PipelineManifest, workers: Int? = nil, showsProgress: Bool = true,
                log: @escaping (String) -> Void = { _ in }) {
        self.manifest = manifest
        self.workers = max(1, workers ?? manifest.workers ?? defaultWorkerCount)
        self.showsProgress = showsProgress
        self.log = log
    }

    struct Stage {
        var name: String
        var settings: JSONValue
        /// Writes the stage's output folder, replacing what an earlier run left there once the new one is whole.
        var run: (_ inputs: [String], _ output: String) throws -> Void
    }

    public func run() throws -> RunReport {
        let clock = ContinuousClock.now
        let output = manifest.output
        // The run's folder must not be read back as a source, nor hold one.
        try OutputPlacement.check(output: output, inputs: manifest.sources.flatMap(\.paths).compactMap(Self.folderRead))
        try FileSystem.createDirectory(output + "/stages")
        // One run at a time per output: a second is refused, as a second writer of any output is.
        let runLock = try OutputLock(beside: output)
        defer { runLock.release() }
        let previous = RunState.read(output)
        let added = manifest.added ?? previous?.added ?? AddedTime.default()
        var state = RunState(added: added, stages: [])
        try state.write(output)

        let (stages, rawBytes) = try plan(added: added)
        var fingerprint = Hex.sha256("seiren \(Seiren.version)\nadded \(added)")
        var inputs: [String] = []
        var records: [StageRecord] = []
        for (index, stage) in stages.enumerated() {
            let directory = output + "/stages/" + Self.directoryName(index, stage.name)
            fingerprint = Hex.sha256(fingerprint + "\n" + stage.name + "\n" + JSONWriter.string(stage.settings))
            let started = ContinuousClock.now
            if isDone(previous, at: index, stage.name, fingerprint) && FileSystem.exists(directory + "/documents/manifest.json")
                && FileSystem.exists(directory + "/rejects/manifest.json") {
                log("[\(index + 1)/\(stages.count)] \(stage.name): already done, kept")
            } else {
                log("[\(index + 1)/\(stages.count)] \(stage.name)")
                try stage.run(inputs, directory)
            }
            state.stages.append((stage.name, fingerprint))
            try state.write(output)
            var record = try StageRecord.measure(name: stage.name, directory: directory)
            record.seconds = (ContinuousClock.now - started).seconds
            records.append(record)
            log("    \(record.documentsIn) in, \(record.documentsOut) out, \(record.rejected) rejected" +
                String(format: " (%.1fs)", record.seconds))
            inputs = try DatasetLocator.files(for: directory + "/documents")
        }
        // Later stages of an earlier run that no longer exist in the plan (hidden names are the stages'
        // temporaries and locks, which their writers manage).
        for name in (try? FileSystem.contents(of: output + "/stages")) ?? [] where !name.hasPrefix(".") {
            if !stages.indices.contains(where: { Self.directoryName($0, stages[$0].name) == name }) {
                try Self.remove(output + "/stages/" + name)
            }
        }

        log("publishing \(output)/documents and \(output)/rejects")
        let tally = try publish(stages)

        var vocabulary: String?
        if let train = manifest.train {
            let directory = output + "/vocab/" + train.name
            var settings = train.settings
            settings.threads = workers
            fingerprint = Hex.sha256(fingerprint + "\ntrain\n" + JSONWriter.string(train.json))
            if isDone(previous, at: state.stages.count, "train", fingerprint) && FileSystem.exists(directory + "/" + train.name + ".model") {
                log("[train] already done, kept")
            } else {
                log("[train] \(settings.model.rawValue) vocabulary of \(settings.vocabularySize) pieces on \(output)/documents")
                try FileSystem.createDirectory(output + "/vocab")
                try Self.rebuild(directory) { partial in
                    var run = TrainingRun(settings: settings, inputs: [output + "/documents"], output: partial)
                    run.command = ["seiren", "run", manifest.file]
                    run.log = log
                    _ = try run.run()
                    // The files inside are named after the folder they were written to: rename them with it.
                    for file in try FileSystem.contents(of: partial) where file.hasPrefix(train.name + ".partial") {
                        try Self.rename(partial + "/" + file,
                                        to: partial + "/" + train.name + file.dropFirst((train.name + ".partial").count))
                    }
                }
            }
            state.stages.append(("train", fingerprint))
            try state.write(output)
            vocabulary = directory
        }
        var tokens: String?
        if let encode = manifest.encode {
            let tokenizer = encode.tokenizer ?? vocabulary!
            fingerprint = Hex.sha256(fingerprint + "\nencode\n" + JSONWriter.string(encode.json) + "\n"
                                     + (try Hex.sha256(file: try TokenizerLocator.modelPath(for: tokenizer))))
            let directory = output + "/tokens"
            if isDone(previous, at: state.stages.count, "encode", fingerprint) && FileSystem.exists(directory + "/manifest.json") {
                log("[encode] already done, kept")
            } else {
                log("[encode] \(output)/documents with \(tokenizer) into \(directory)")
                var encoder = CorpusEncoder(tokenizerPath: tokenizer, output: directory)
                encoder.name = manifest.name
                encoder.eodId = encode.eodId
                encoder.workers = workers
                encoder.overwrite = true
                _ = try encoder.run(files: try DatasetLocator.files(for: output + "/documents"),
                                    progress: ProgressReporter(label: "encode", enabled: showsProgress))
            }
            state.stages.append(("encode", fingerprint))
            try state.write(output)
            tokens = directory
        }

        var measurement: JSONValue = .null
        if let measure = manifest.measure {
            // Cheap next to training, and its numbers belong in this run's report: always measured afresh. The
            // MeCab morpheme-boundary share is left to `seiren measure`: segmenting the corpus is not cheap.
            let tokenizers = (vocabulary.map { [$0] } ?? []) + measure.tokenizers
            log("[measure] \(tokenizers.count) tokenizer(s) on \(output)/documents")
            let result = try TokenizerMeasurement.run(tokenizers: tokenizers, inputs: [output + "/documents"], workers: workers,
                                                  morphemes: false)
            measurement = MeasurementReport.json(result)
            try AtomicFileWriter.write(JSONWriter.serialize(measurement, pretty: true) + [0x0A], to: output + "/measure.json")
            try AtomicFileWriter.write(Array(MeasurementReport.svg(result).utf8), to: output + "/measure.svg")
        }
        var report = try RunReport.build(manifest: manifest, added: added, workers: workers, stages: records, tally: tally,
                                         vocabulary: vocabulary, rawBytes: rawBytes,
                                         seconds: (ContinuousClock.now - clock).seconds)
        report.tokens = tokens
        report.measurement = measurement
        try report.write(output)
        return report
    }

    private func plan(added: String) throws -> (stages: [Stage], rawBytes: Int) {
        var stages: [Stage] = []
        let manifest = self.manifest
        let workers = self.workers
        let progress = showsProgress
        var sourceFiles: [[String]] = []
        for source in manifest.sources { sourceFiles.append(try SourceFiles.expand(source.paths, source: source.name)) }
        let (inputFingerprint, rawBytes) = try SourceFiles.inventory(sourceFiles.flatMap { $0 })

        stages.append(Stage(name: "extract", settings: .object([
            ("sources", .array(manifest.sources.map(\.json))), ("inputs", .string(inputFingerprint)),
            ("code", .string(manifest.codeMode.rawValue)), ("max_file_bytes", .int(manifest.maxFileBytes)),
        ])) { _, out in
            let settings: JSONValue = .object([("stage", "extract"), ("sources", .array(manifest.sources.map(\.json)))])
            let stageOutput = try StageOutput(directory: out, settings: settings, overwrite: true)
            for (source, files) in zip(manifest.sources, sourceFiles) {
                if source.format == .jsonl {
                    try JSONLinesSource.copy(files: files, source: source, added: added, into: stageOutput)
                    continue
                }
                var extract = ExtractSettings(added: added)
                extract.format = FormatChoice(rawValue: source.format.rawValue) ?? .auto
                extract.codeMode = manifest.codeMode
                extract.source = source.name
                extract.contributor = source.contributor
                extract.license = source.license
                extract.xmlSettings = source.xmlSettings
                extract.maxFileBytes = manifest.maxFileBytes
                _ = try Extractor(settings: extract).run(paths: files, output: stageOutput, workers: workers,
                                                         showsProgress: progress)
            }
            try stageOutput.finish()
        })
        if let settings = manifest.normalize {
            let stage = NormalizeStage(normalizer: TextNormalizer(settings: settings))
            stages.append(Stage(name: "normalize", settings: settings.json) { inputs, out in
                _ = try stage.run(inputs: inputs, output: out, workers: workers, added: added, overwrite: true,
                                  progress: ProgressReporter(label: "normalize", enabled: progress))
            })
        }
        if let rules = manifest.filter {
            stages.append(Stage(name: "filter", settings: rules.json) { inputs, out in
                _ = try FilterStage.run(inputs: inputs, output: out, rules: rules, workers: workers, added: added,
                                        overwrite: true,
                                        progress: ProgressReporter(label: "filter", enabled: progress))
            })
        }
        if let settings = manifest.dedup {
            stages.append(Stage(name: "dedup", settings: settings.json) { inputs, out in
                _ = try DedupStage.run(inputs: inputs, output: out, settings: settings, workers: workers, added: added,
                                       overwrite: true,
                                       progress: ProgressReporter(label: "dedup", enabled: progress))
            })
        }
        return (stages, rawBytes)
    }

    /// `OUT/documents`: the last stage's documents in the final shard size; `OUT/rejects`: every stage's rejects, in
    /// stage order. Each is written beside its place and renamed in, like the stages. Returns what the report counts
    /// of them.
    private func publish(_ stages: [Stage]) throws -> RunReport.OutputTally {
        let output = manifest.output
        let settings: JSONValue = .object([
            ("manifest", .string(manifest.name)), ("stages", .array(stages.map { .string($0.name) })),
            ("max_shard_bytes", .int(manifest.maxShardBytes)), ("zstd_level", .int(Int(manifest.zstdLevel))),
        ])
        let last = output + "/stages/" + Self.directoryName(stages.count - 1, stages[stages.count - 1].name)
        var tally = RunReport.OutputTally()
        try copy(from: [last + "/documents"], to: output + "/documents", name: manifest.name, settings: settings) {
            tally.keep($0)
        }
        let rejectDirectories = stages.indices.map { output + "/stages/" + Self.directoryName($0, stages[$0].name) + "/rejects" }
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

    private func isDone(_ previous: RunState?, at index: Int, _ name: String, _ fingerprint: String) -> Bool {
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

    static func directoryName(_ index: Int, _ name: String) -> String {
        (index + 1 < 10 ? "0" : "") + "\(index + 1)-\(name)"
    }

    /// Writes `directory` afresh: what is there and any `.partial` an interrupted run left are removed, `body`
    /// writes `directory.partial`, which is then renamed into place. Kept for training alone, whose files are named
    /// after the folder they are written to (a `StagingDirectory`'s name is random).
    static func rebuild(_ directory: String, _ body: (_ partial: String) throws -> Void) throws {
        try remove(directory)
        try remove(directory + ".partial")
        try body(directory + ".partial")
        try rename(directory + ".partial", to: directory)
    }

    static func remove(_ path: String) throws {
        if FileSystem.exists(path) { try FileManager.default.removeItem(atPath: path) }
    }

    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw FileError(path: to, reason: "cannot move \(from) into place: \(String(cString: strerror(errno)))")
        }
    }
}

/// Documents of a `jsonl` source, passed through: `source` becomes the manifest's source name (a different one is
/// kept as `metadata.original_source`), the source's license and contributor are added to their metadata when
/// given, and lines that are not documents go to rejects with their reason.
enum JSONLinesSource {
    static func copy(files: [String], source: SourceSpec, added: String, into output: StageOutput) throws {
        func rejected(_ bad: BadRecord) -> Document {
            var document = bad.asRejectedDocument(stage: "extract", added: added)
            document.source = source.name
            return document
        }
        for path in files {
            for file in try DatasetLocator.files(for: path) {
                let reader = try DocumentReader(path: file, added: added)
                while let record = try reader.next() {
                    switch record {
                    case .document(var document, _):
                        // The manifest names the source; a different one in the record is kept in metadata.
                        if document.source != source.name {
                            document.metadata.set("original_source", .string(document.source))
                            document.source = source.name
                        }
                        if let license = source.license, document.metadata["license"] == nil {
                            document.metadata.set("license", .string(license))
                        }
                        if let contributor = source.contributor, document.metadata["contributor"] == nil {
                            document.metadata.set("contributor", .string(contributor))
                        }
                        try output.accept(document)
                    case .bad(let bad):
                        try output.rejects.write(rejected(bad))
                    }
                }
            }
        }
    }
}
