import ArgumentParser
import Foundation
import SeirenCore
import SeirenTokenizer

struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Compare tokenizers on the same text: tokens per character, characters and bytes per token, unknown and byte-fallback rates, share of tokens crossing a MeCab morpheme boundary, per source.")

    @Option(name: .customLong("tokenizer"), help: "A vocabulary folder (vocab/NAME), a SentencePiece .model file or a Hugging Face tokenizer.json (repeatable).")
    var tokenizers: [String]
    @Argument(help: "Datasets, JSON Lines files (grouped by document source) or plain text files (one text per line, grouped by file name); - for JSON Lines documents on stdin.")
    var inputs: [String]
    @Option(help: "Also write the measurement as JSON to this file (- for stdout, instead of the table).") var json: String?
    @Option(help: "Also write an SVG bar chart of tokens per character to this file (- for stdout, instead of the table).") var svg: String?
    @Flag(help: "Skip the MeCab (ipadic) segmentation behind the morpheme-boundary column (faster).") var noMorphemes = false
    @OptionGroup var workers: WorkerOptions
    /// `--json` is this command's own (a file, or - for the JSON on stdout in place of the table), so of the shared
    /// report options it takes --quiet only.
    @OptionGroup var quiet: QuietOption

    func run() throws {
        try reportingErrors {
            if json == StandardStream.dash && svg == StandardStream.dash {
                throw UserError("--json - and --svg - both ask for stdout; write one of them to a file")
            }
            let measurement = try TokenizerMeasurement.run(
                tokenizers: tokenizers, inputs: try StandardStream.inputs(inputs), workers: workers.count, morphemes: !noMorphemes,
                progress: ProgressReporter(label: "measure", enabled: !quiet.quiet),
                onBad: { if !quiet.quiet { printError("seiren: \($0)") } })
            if json != StandardStream.dash && svg != StandardStream.dash {
                print(MeasurementReport.table(measurement), terminator: "")
            }
            if let json {
                try StandardStream.withOutputFile(json) {
                    try JSONFile.write(MeasurementReport.json(measurement), to: $0)
                }
            }
            if let svg {
                try StandardStream.withOutputFile(svg) { try AtomicFileWriter.write(Array(MeasurementReport.svg(measurement).utf8), to: $0) }
            }
            if measurement.skipped > 0 { printError("measure: \(measurement.skipped) records or lines skipped") }
            try failIfUnreadable(measurement.unreadableFiles)
        }
    }
}
