import ArgumentParser

struct VocabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Build a vocabulary from trained ones, as Japanese LLM teams do: merge per-language models, then re-estimate the scores on raw text.",
        discussion: "See docs/vocab.md for the whole workflow.",
        subcommands: [VocabMergeCommand.self, VocabReestimateCommand.self])
}
