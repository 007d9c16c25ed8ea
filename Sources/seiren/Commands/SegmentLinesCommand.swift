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

    @OptionGroup var input: TextLinesInput
    @OptionGroup var dictionary: DictionaryOptions

    func run() throws {
        try reportingErrors {
            let model = try dictionary.model()
            let segmenters = ThreadLocalSegmenters(model: model)
            try input.map {
                let segmenter = try segmenters.get()
                return { try segmenter.wakati($0) }
            }
        }
    }
}
