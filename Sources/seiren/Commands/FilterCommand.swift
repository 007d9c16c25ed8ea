import ArgumentParser
import SeirenCore
import SeirenFilter

struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Keep documents that pass quality rules; reject the others with the rule, value and threshold.",
        discussion: "Rules come from a JSON rules file (--rules) or a preset (--preset swallow|manuals); see docs/filter.md."
    )

    @Argument(help: "Input dataset, stage output, directory of JSON Lines files, or a file; - for stdin.")
    var input: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "Rules file: JSON list of {\"rule\": NAME, \"params\": {...}}.")
    var rules: String?

    @Option(help: "Built-in rule set: swallow or manuals (default: swallow).")
    var preset: String?

    @Option(help: "Also write every input document's statistics as JSON Lines to this file (to choose thresholds); - for stdout (the summary then goes to stderr).")
    var statistics: String?

    func run() throws {
        try reportingErrors {
            if rules != nil && preset != nil { throw UserError("give --rules or --preset, not both") }
            let ruleSet = try rules.map { try RuleSet(file: $0) } ?? RuleSet.preset(preset ?? "swallow")
            // --statistics reads the input a first time: then stdin is copied aside.
            if report.json && statistics == StandardStream.dash {
                throw UserError("--json and --statistics - both write to stdout; write the statistics to a file")
            }
            let result = try StandardStream.withRereadableInputs(statistics == nil ? [] : [input]) { copied in
                try run(arguments: statistics == nil ? [input] : copied, rules: ruleSet)
            }
            let s = result.summary
            // The summary keeps out of the statistics when they go to stdout.
            report.summary(
                ["filter: \(s.documentsIn) documents in, \(s.documentsOut) kept, \(s.rejected) rejected, \(s.badRecords) bad records, \(s.blankLines) blank lines (\(String(format: "%.1f", s.seconds)) s)"]
                    + s.reasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).map { "  \($0.key): \($0.value)" }
                    + ["report: \(output.output)/filter-report.json"],
                on: statistics == StandardStream.dash ? .stderr : .stdout, command: "filter",
                json: ReportOptions.stageFields(s, output: output.output) + [("report", .string(output.output + "/filter-report.json"))])
            try failIfUnreadable(s.unreadableFiles, recordedIn: output.output + "/rejects")
        }
    }

    private func run(arguments: [String], rules: RuleSet) throws -> FilterReport {
        let inputs = try stageInputFiles(arguments, writingTo: output.output)
        let added = output.resolvedAdded
        if let statistics {
            try StandardStream.withOutputFile(statistics) { try StatisticsDump.write(inputs: inputs, to: $0, added: added) }
        }
        let badRecords = report.badRecordLog()
        let result = try FilterStage.run(
            inputs: inputs, output: output.output, rules: rules, workers: workers.count, added: added,
            maxShardBytes: output.maxShardBytes, zstdLevel: output.zstdLevel, overwrite: output.overwrite,
            progress: report.progress("filter", files: inputs), onBadRecord: badRecords.report)
        badRecords.finish(rejects: "\(output.output)/rejects")
        return result
    }
}
