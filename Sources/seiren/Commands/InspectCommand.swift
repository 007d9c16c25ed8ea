import ArgumentParser
import SeirenCore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show a shard's or a dataset's counts.")
    func run() throws { throw UserError("not yet") }
}
