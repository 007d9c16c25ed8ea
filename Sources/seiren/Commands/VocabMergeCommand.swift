import ArgumentParser
import SeirenTokenizer

struct VocabMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge Unigram vocabularies in order: special pieces, reserved block, byte pieces, then each model's pieces, duplicates removed.",
        discussion: "The merged scores are the inputs' own and not comparable across models: run `seiren vocab reestimate` next. Writes NAME.model, tokenizer.json, NAME.vocab and report.json.")

    @Argument(help: "Vocabulary folders (vocab/NAME) or SentencePiece Unigram .model files, in the order their pieces take ids.")
    var vocabularies: [String]
    @Option(name: .shortAndLong, help: "Output folder vocab/NAME (files are named after its last component).") var output: String
    @Option(help: "Reserved pieces after the special ones: a count N (<reserved_0> … <reserved_N-1>) or a file with one piece per line.")
    var reserved: String?
    @Option(help: "Type of the reserved pieces: user-defined (matched in text, as LLM-jp adds pieces) or control.")
    var reservedType: VocabularyMerge.ReservedType = .userDefined
    @Option(name: .customLong("special"), help: "Special pieces in id order, the first being the unknown piece (repeatable; default: the first model's unknown and control pieces).")
    var specials: [String] = []
    @Option(help: "Rule for pieces ▁X: keep; drop (when X is also a piece); strip (▁X becomes X, LLM-jp's rule for its MeCab-trained Japanese model). Once for all vocabularies or once per vocabulary.")
    var spacePrefix: [VocabularyMerge.SpacePrefixRule] = [.keep]
    @OptionGroup var specialTokens: SpecialTokenOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(output, what: "a folder (NAME.model, tokenizer.json and the files beside them)")
            var merge = VocabularyMerge()
            if !specials.isEmpty { merge.specials = specials.map(TrainingSettings.symbol(written:)) }
            if let reserved { merge.reserved = try ReservedPieces.parse(reserved) }
            merge.reservedType = reservedType
            merge.specialTokens = specialTokens.settings
            merge.spacePrefix = spacePrefix
            let (result, _) = try merge.run(vocabularies, output: output, command: ["seiren"] + CommandLine.arguments.dropFirst())
            for warning in result.warnings { report.log("vocab merge: warning: \(warning)") }
            let taken = result.inputs.map { String($0.taken) }.joined(separator: " + ")
            report.summary(["vocab merge: \(result.proto.pieces.count) pieces (\(result.specialCount) special, \(result.reservedRange.count) reserved, \(result.byteRange.count) byte, \(taken) from the vocabularies); wrote \(output)"],
                           on: .stderr, command: "vocab merge", json: [
                ("output", .string(output)), ("pieces", .int(result.proto.pieces.count)),
                ("special", .int(result.specialCount)), ("reserved", .int(result.reservedRange.count)),
                ("byte", .int(result.byteRange.count)), ("taken", .array(result.inputs.map { .int($0.taken) })),
                ("warnings", .array(result.warnings.map { .string("\($0)") })),
            ])
        }
    }
}
