import ArgumentParser
import SeirenSegment

/// A plain-text door into the segmenter for agreement checks and benchmarks: each line of FILE in wakati form on
/// stdout, one output line per input line, like `mecab -Owakati` (without its trailing space).
struct SegmentLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment-lines",
        abstract: "Segment each line of a text file (plain or .zst) to stdout in wakati form (for agreement checks and benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "A UTF-8 text file (.zst is decompressed); - for stdin.")
    var file: String

    @OptionGroup var dictionary: DictionaryOptions
    @OptionGroup var workers: WorkerOptions

    func run() throws {
        try reportingErrors {
            let model = try dictionary.model()
            let segmenters = ThreadLocalSegmenters(model: model)
            try mapTextLines(path: file, workers: workers.count) { try segmenters.get().wakati($0) }
        }
    }
}
