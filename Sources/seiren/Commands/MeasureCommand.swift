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
    @Argument(help: "Datasets, JSON Lines files (grouped by document source) or plain text files (one text per line, grouped by file name).")
    var inputs: [String]
    @Option(help: "Also write the measurement as JSON to this file.") var json: String?
    @Option(help: "Also write an SVG bar chart of tokens per character to this file.") var svg: String?
    @Flag(help: "Skip the MeCab (ipadic) segmentation behind the morpheme-boundary column (faster).") var noMorphemes = false
    @OptionGroup var workers: WorkerOptions

    func run() throws {
        try reportingErrors {
            let measurement = try TokenizerMeasurement.run(
                tokenizers: tokenizers, inputs: inputs, workers: workers.count, morphemes: !noMorphemes,
                progress: ProgressReporter(label: "measure"), onBad: { printError("seiren: \($0)") })
            print(MeasurementReport.table(measurement), terminator: "")
            if let json {
                try JSONFile.write(MeasurementReport.json(measurement), to: json)
            }
            if let svg { try AtomicFileWriter.write(Array(MeasurementReport.svg(measurement).utf8), to: svg) }
            if measurement.skipped > 0 { printError("measure: \(measurement.skipped) records or lines skipped") }
            try failIfUnreadable(measurement.unreadableFiles)
        }
    }
}
