import ArgumentParser
import SeirenCore

struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Turn JSON Lines files (plain or .zst) into capped zstd shards with a manifest."
    )
    func run() throws { throw UserError("not yet") }
}
