import ArgumentParser
import SeirenCore

@main
struct SeirenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seiren",
        abstract: "Seiren (精錬): curate Japanese pretraining corpora and train their subword vocabulary.",
        version: Seiren.version,
        subcommands: [
            // In the order of a document's journey, then the whole pipeline and the contributors' tool.
            ExtractCommand.self,
            NormalizeCommand.self,
            SegmentCommand.self,
            FilterCommand.self,
            DedupCommand.self,
            ShardCommand.self,
            InspectCommand.self,
            TrainCommand.self,
            VocabCommand.self,
            EncodeTextCommand.self,
            EncodeCommand.self,
            MeasureCommand.self,
            RunCommand.self,
            IngestCommand.self,
            NormalizeLinesCommand.self,
            SegmentLinesCommand.self,
            MinHashLinesCommand.self,
        ]
    )
}
