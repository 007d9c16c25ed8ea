import Foundation
import SeirenCore
import SeirenICU

/// One `seiren train`: read the corpus, train, export, measure, report.
public struct TrainingRun {
    public var settings: TrainingSettings
    public var inputs: [String]
    public var output: String
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
            "settings": settingsJSON(),
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
        let files = try VocabularyExport.write(proto, report: report, to: output, specialTokens: settings.specialTokens)
        return Result(proto: proto, files: files, report: report, statistics: stats, tokensPerCharacter: tokensPerCharacter,
                      unreadableFiles: summary.unreadableFiles)
    }

    func settingsJSON() -> JSONValue {
        [
            "model": .string(settings.model.rawValue),
            "vocab_size": .int(settings.vocabularySize),
            "character_coverage": .double(settings.characterCoverage),
            "byte_fallback": .bool(settings.byteFallback),
            "max_piece_length": .int(settings.maxPieceLength),
            "split_digits": .bool(settings.splitDigits),
            "user_defined_symbols": .array(settings.userDefinedSymbols.map { .string($0) }),
            "control_symbols": .array(settings.controlSymbols.map { .string($0) }),
            "unk": ["piece": .string(settings.unkPiece), "id": .int(settings.unkId)],
            "bos": ["piece": .string(settings.bosPiece), "id": .int(settings.bosId)],
            "eos": ["piece": .string(settings.eosPiece), "id": .int(settings.eosId)],
            "pad": ["piece": .string(settings.padPiece), "id": .int(settings.padId)],
            "normalization": .string(settings.normalization.rawValue),
            "pre_tokenizer": .string(settings.preTokenizer.rawValue),
            "add_dummy_prefix": .bool(settings.addDummyPrefix),
            "remove_extra_whitespaces": .bool(settings.removeExtraWhitespaces),
            "allow_whitespace_only_pieces": .bool(settings.allowWhitespaceOnlyPieces),
            "max_sentence_bytes": .int(settings.maxSentenceBytes),
            "max_sentences": .int(settings.maxSentences),
            "held_out_every": .int(settings.heldOutEvery),
            "threads": .int(settings.threads),
            "hugging_face": settings.specialTokens.json,
        ]
    }
}

