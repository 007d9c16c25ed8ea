import ArgumentParser
import SeirenCore

@main
struct SeirenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seiren",
        abstract: "Seiren (精錬): curate Japanese pretraining corpora and train their subword vocabulary.",
        version: Seiren.version,
        subcommands: [
            ShardCommand.self,
            InspectCommand.self,
            TrainCommand.self,
            EncodeTextCommand.self,
        ]
    )
}
