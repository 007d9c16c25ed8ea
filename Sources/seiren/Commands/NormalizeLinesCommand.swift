import ArgumentParser
import SeirenNormalize

/// A plain-text door into the normalizer for agreement checks and benchmarks: each line of FILE is normalized on its
/// own and written to stdout, one output line per input line.
struct NormalizeLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize-lines",
        abstract: "Normalize each line of a text file (plain or .zst) to stdout (for agreement checks and benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "A UTF-8 text file (.zst is decompressed); - for stdin.")
    var file: String

    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var workers: WorkerOptions

    func run() throws {
        try reportingErrors {
            let normalizer = TextNormalizer(settings: try normalization.settings())
            try mapTextLines(path: file, workers: workers.count) { try normalizer.normalize($0) }
        }
    }
}
