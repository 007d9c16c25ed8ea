import Foundation
import SeirenCore
import SeirenICU

/// One `seiren train`: read the corpus, train, export, measure, report.
public struct TrainingRun {
    public var settings: TrainingSettings
    public var inputs: [String]
    public var output: String
    /// The vocabulary's name (NAME.model, NAME.vocab); nil: the output folder's name.
    public var name: String?
    public var command: [String] = []
    public var log: (String) -> Void = { _ in }
    /// The progress line while the corpus is read (off: `--quiet`).
    public var showsProgress = true

    public init(settings: TrainingSettings, inputs: [String], output: String) {
        self.settings = settings
        self.inputs = inputs
        self.output = output
    }

    public struct Result {
        public var proto: SentencePieceModelProto
        public var files: [String]
        public var report: JSONValue
        public var statistics: TrainingCorpus.Statistics
        public var tokensPerCharacter: Double?
        /// Input files that could not be read to the end (trained on what came before the damage).
        public var unreadableFiles: [String] = []
    }

    public func run() throws -> Result {
        let name = try self.name ?? VocabularyExport.name(ofFolder: output)
        let started = Date()
        let corpus = try TrainingCorpus(settings: settings)
        let summary = try corpus.read(inputs, command: "train", log: log, showsProgress: showsProgress)
        let readSeconds = Date().timeIntervalSince(started)
        let proto = try VocabularyTrainer(settings: settings, progress: { log("train: " + $0) }).train(corpus)
        let trainSeconds = Date().timeIntervalSince(started)

        // Tokens per character on the held-out lines, with Seiren's encoder of the exported model.
        let heldOut = HeldOutMeasurement(try SentencePieceTokenizer(proto: proto), lines: corpus.heldOut)
        let tokensPerCharacter = heldOut.tokensPerCharacter
        let stats = corpus.statistics
        let report: JSONValue = [
            "tool": "seiren",
            "version": .string(Seiren.version),
            "command": .array(command.map { .string($0) }),
            "settings": settings.json,
            "corpus": [
                "inputs": .array(inputs.map { .string($0) }),
                "files": .int(summary.files.count),
                "documents": .int(summary.documents),
                "bad_records": .int(summary.badRecords),
                "unreadable_files": .array(summary.unreadableFiles.map { .string($0) }),
                "lines": .int(stats.lines),
                "training_sentences": .int(stats.trainingSentences),
                "distinct_sentences": .int(stats.distinctSentences),
                "sentences_sampled_out": .int(stats.sentencesSampledOut),
                "distinct_units": .int(stats.distinctUnits),
                "training_characters": .int(stats.trainingCharacters),
                "required_characters": .int(stats.requiredCharacters),
                "rare_characters": .int(stats.rareCharacters),
                "skipped_empty": .int(stats.skippedEmpty),
                "skipped_too_long": .int(stats.skippedTooLong),
                "skipped_invalid_utf8": .int(stats.skippedInvalidUTF8),
                "held_out_lines": .int(stats.heldOutLines),
            ],
            "training_seconds": .double((trainSeconds * 1000).rounded() / 1000),
            "reading_seconds": .double((readSeconds * 1000).rounded() / 1000),
            "peak_memory_bytes": .int(PeakMemory.bytes()),
            "held_out": [
                "lines": .int(corpus.heldOut.count),
                "characters": .int(heldOut.characters),
                "tokens": .int(heldOut.tokens),
                "tokens_per_character": tokensPerCharacter.map { .double(($0 * 10000).rounded() / 10000) } ?? nil,
            ],
        ]
        let files = try VocabularyExport.write(proto, name: name, report: report, to: output, specialTokens: settings.specialTokens)
        return Result(proto: proto, files: files, report: report, statistics: stats, tokensPerCharacter: tokensPerCharacter,
                      unreadableFiles: summary.unreadableFiles)
    }
}
