import ArgumentParser
import SeirenCore
import SeirenSegment

/// `--dictionary`: shared by `segment` and `segment-lines`.
struct DictionaryOptions: ParsableArguments {
    @Option(help: "MeCab dictionary: ipadic (the apt ipadic-utf8 one), unidic, or a folder. Never the system default.")
    var dictionary: String = "ipadic"

    func model() throws -> SegmenterModel { try SegmenterModel(dictionary: .named(dictionary)) }
}

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Segment document text into words with MeCab (wakati text or tokens with POS, reading, base form).",
        discussion: "The text is kept; wakati mode adds the top-level field `segmented`, tokens mode the field `tokens` (columns surface, pos, reading, base, offset). See docs/segment.md."
    )

    @Argument(help: "Input datasets: a dataset or stage-output directory, a directory of JSON Lines files, or files.")
    var inputs: [String]

    @OptionGroup var dictionary: DictionaryOptions

    @Option(help: "wakati (space-separated surfaces) or tokens (structured).")
    var mode: SegmentMode = .wakati

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            let stage = SegmentStage(model: try dictionary.model(), mode: mode)
            try runTextStage(stage, label: "segment", inputs: inputs, output: output, workers: workers, report: report)
        }
    }
}
