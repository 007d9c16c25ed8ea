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

    @OptionGroup var input: TextLinesInput
    @OptionGroup var normalization: NormalizationOptions

    func run() throws {
        try reportingErrors {
            let normalizer = TextNormalizer(settings: try normalization.settings())
            try input.map { { try normalizer.normalize($0) } }
        }
    }
}
