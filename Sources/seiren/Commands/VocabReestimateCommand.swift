import ArgumentParser
import Foundation
import SeirenTokenizer

struct VocabReestimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reestimate",
        abstract: "Re-estimate a Unigram model's scores with EM on raw (unsegmented) text; pieces, ids and types stay.",
        discussion: "CORPUS: .txt files (one sentence per line) or datasets (JSON Lines documents, a dataset folder or a stage output). Writes NAME.model, tokenizer.json, NAME.vocab and report.json.")

    @Argument(help: "The model: a vocabulary folder (vocab/NAME) or a SentencePiece Unigram .model.") var model: String
    @Argument(help: "Raw text: .txt files or datasets; - for JSON Lines documents on stdin.") var corpus: [String]
    @Option(name: .shortAndLong, help: "Output folder vocab/NAME (files are named after its last component).") var output: String
    @Option(help: "EM iterations over the corpus.") var iterations: Int = 2
    @Option(help: "M step: bayesian (sentencepiece's digamma update) or ml (maximum likelihood).") var update: String = "bayesian"
    @Option(help: "Hold out every n-th line to measure tokens per character before and after (0: none).") var heldOutEvery: Int = 100
    @Option(help: "Skip lines longer than this many bytes (counted in the report).") var maxSentenceBytes: Int = 1 << 16
    @OptionGroup var specialTokens: SpecialTokenOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(output, what: "a folder (NAME.model, tokenizer.json and the files beside them)")
            var run = ReestimationRun(model: model, inputs: try StandardStream.inputs(corpus), output: output)
            run.iterations = iterations
            run.update = update
            run.heldOutEvery = heldOutEvery
            run.maxSentenceBytes = maxSentenceBytes
            run.workers = workers.count
            run.specialTokens = specialTokens.settings
            run.command = ["seiren"] + CommandLine.arguments.dropFirst()
            run.log = report.log
            run.showsProgress = report.showsProgress
            let result = try run.run()
            func format(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "n/a" }
            report.summary([String(format: "vocab reestimate: %.1f MB in %.1f s; held-out tokens per character %@ → %@; wrote %@",
                                   Double(result.bytesRead) / 1e6, result.seconds, format(result.heldOutBefore),
                                   format(result.heldOutAfter), output)],
                           on: .stderr, command: "vocab reestimate", json: [
                ("output", .string(output)), ("bytes_read", .int(result.bytesRead)), ("seconds", .double(result.seconds)),
                ("held_out_tokens_per_character_before", result.heldOutBefore.map { .double($0) } ?? .null),
                ("held_out_tokens_per_character_after", result.heldOutAfter.map { .double($0) } ?? .null),
                ("unreadable_files", .array(result.unreadableFiles.map { .string($0) })),
            ])
            try failIfUnreadable(result.unreadableFiles, recordedIn: output + "/report.json (unreadable_files)")
        }
    }
}
