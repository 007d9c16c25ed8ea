import ArgumentParser
import Foundation
import SeirenTokenizer

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a subword vocabulary and export it as NAME.model, tokenizer.json, NAME.vocab and report.json.",
        discussion: "CORPUS: .txt files (one sentence per line) or datasets (JSON Lines documents, a dataset folder or a stage output). Every --held-out-every-th line is held out to measure tokens per character.")

    @Option(help: "Model type.") var model: TrainingSettings.ModelKind = .unigram
    @Option(help: "Vocabulary size, special and byte pieces included.") var vocabSize: Int
    @Argument(help: "Training text: .txt files or datasets; - for JSON Lines documents on stdin.") var corpus: [String]
    @Option(name: .shortAndLong, help: "Output folder vocab/NAME (files are named after its last component).") var output: String
    @Option(help: "Share of characters (by frequency) that must be pieces; the rest use byte fallback or <unk>.") var characterCoverage: Double = 0.9995
    @Flag(inversion: .prefixedNo, help: "Add the 256 byte pieces <0x00>..<0xFF> for characters outside the vocabulary.") var byteFallback = true
    @Option(help: "Maximum piece length in characters (Japanese 8 is common; English/code 16).") var maxPieceLength: Int = 16
    @Flag(help: "Digits are always single pieces.") var splitDigits = false
    @Option(name: .customLong("user-defined-symbol"), help: "A symbol that is always one piece (repeatable; \\n and \\t are understood).") var userDefinedSymbols: [String] = []
    @Option(name: .customLong("control-symbol"), help: "A control piece with no surface (repeatable).") var controlSymbols: [String] = []
    @Option(help: "Id of <unk>.") var unkId: Int = 0
    @Option(help: "Id of <s> (-1: none).") var bosId: Int = 1
    @Option(help: "Id of </s> (-1: none).") var eosId: Int = 2
    @Option(help: "Id of <pad> (-1: none).") var padId: Int = -1
    @Option(help: "Normalization written into the model (nfkc: NFKC as a precompiled charsmap; see docs/tokenizer.md).") var normalization: TrainingSettings.Normalization = .identity
    @Option(help: "none (pieces may span words), whitespace (sentencepiece's default) or mecab (no piece crosses a morpheme boundary).") var preTokenizer: TrainingSettings.PreTokenizer = .whitespace
    @Option(help: "MeCab dictionary folder for --pre-tokenizer mecab.") var mecabDictionary: String = TrainingSettings().mecabDictionary
    @Flag(inversion: .prefixedNo, help: "Prepend ▁ to every sentence, as sentencepiece does.") var addDummyPrefix = true
    @Flag(inversion: .prefixedNo, help: "Remove leading, trailing and repeated spaces, as sentencepiece does by default (off: documents round-trip, indentation included).") var removeExtraWhitespaces = false
    @Flag(help: "Runs of spaces may be pieces of their own (sentencepiece's allow_whitespace_only_pieces): indentation costs fewer tokens.") var allowWhitespaceOnlyPieces = false
    @Option(help: "Skip sentences longer than this many bytes (sentencepiece: 4192).") var maxSentenceBytes: Int = 4192
    @Option(help: "Hold out every n-th line to measure tokens per character (0: none).") var heldOutEvery: Int = 100
    @Option(help: "Seed pieces before EM (Unigram).") var seedPieces: Int = 1_000_000
    @Option(help: "Train on at most this many distinct sentences, chosen by hash (0: all); bounds memory whatever the corpus size.") var maxSentences: Int = TrainingSettings().maxSentences
    @OptionGroup var specialTokens: SpecialTokenOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(output, what: "a folder (NAME.model, tokenizer.json and the files beside them)")
            var settings = TrainingSettings()
            settings.model = model
            settings.vocabularySize = vocabSize
            settings.characterCoverage = characterCoverage
            settings.byteFallback = byteFallback
            settings.maxPieceLength = maxPieceLength
            settings.splitDigits = splitDigits
            settings.userDefinedSymbols = userDefinedSymbols.map(TrainingSettings.symbol(written:))
            settings.controlSymbols = controlSymbols
            settings.unkId = unkId
            settings.bosId = bosId
            settings.eosId = eosId
            settings.padId = padId
            settings.normalization = normalization
            settings.preTokenizer = preTokenizer
            settings.mecabDictionary = mecabDictionary
            settings.addDummyPrefix = addDummyPrefix
            settings.removeExtraWhitespaces = removeExtraWhitespaces
            settings.allowWhitespaceOnlyPieces = allowWhitespaceOnlyPieces
            settings.maxSentenceBytes = maxSentenceBytes
            settings.heldOutEvery = heldOutEvery
            settings.seedPieceCount = seedPieces
            settings.maxSentences = maxSentences
            settings.threads = workers.count
            settings.specialTokens = specialTokens.settings
            try settings.validate()
            var run = TrainingRun(settings: settings, inputs: try StandardStream.inputs(corpus), output: output)
            run.command = ["seiren"] + CommandLine.arguments.dropFirst()
            run.log = report.log
            run.showsProgress = report.showsProgress
            let result = try run.run()
            let tpc = result.tokensPerCharacter.map { String(format: "%.4f", $0) } ?? "n/a"
            let seconds = result.report["training_seconds"]?.doubleValue ?? 0
            report.summary(["train: \(result.proto.pieces.count) pieces from \(result.statistics.trainingSentences) sentences in \(String(format: "%.1f", seconds)) s; held-out tokens per character \(tpc); wrote \(output)"],
                           on: .stderr, command: "train", json: [
                ("output", .string(output)), ("pieces", .int(result.proto.pieces.count)),
                ("training_sentences", .int(result.statistics.trainingSentences)),
                ("held_out_tokens_per_character", result.tokensPerCharacter.map { .double($0) } ?? .null),
                ("seconds", .double(seconds)), ("unreadable_files", .array(result.unreadableFiles.map { .string($0) })),
            ])
            try failIfUnreadable(result.unreadableFiles, recordedIn: output + "/report.json (unreadable_files)")
        }
    }
}
