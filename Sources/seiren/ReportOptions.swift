import ArgumentParser
import Foundation
import SeirenCore

/// `--quiet`: a command prints its summary only.
struct QuietOption: ParsableArguments {
    @Flag(help: "Print the summary only: no progress lines and no warnings per record (errors still go to stderr).")
    var quiet = false
}

/// `--quiet` and `--json`, shared by every stage command: how much it says while it runs, and whether its summary is
/// text (as always) or one JSON object on stdout for a script to read (then nothing else is on stdout, and stderr
/// has only errors). What the command writes does not change.
struct ReportOptions: ParsableArguments {
    @OptionGroup var quietOption: QuietOption

    @Flag(help: "Print the summary as one JSON object on stdout, instead of text (implies --quiet).")
    var json = false

    /// Progress lines and warnings per record are shown.
    var showsProgress: Bool { !quietOption.quiet && !json }

    /// Progress of a stage reading `files` (see `stageProgress`), silent unless `showsProgress`.
    func progress(_ label: String, files: [String]? = nil) -> ProgressReporter {
        files.map { stageProgress(label, files: $0, enabled: showsProgress) }
            ?? ProgressReporter(label: label, enabled: showsProgress)
    }

    /// The log of bad records: the first 20 on stderr, or none with --quiet or --json (they are all in rejects/).
    func badRecordLog() -> BadRecordLog { BadRecordLog(limit: showsProgress ? 20 : 0, quiet: !showsProgress) }

    /// A line of progress (a stage's log while it runs) on stderr, unless quiet.
    func log(_ line: String) {
        if showsProgress { printError(line) }
    }

    /// The JSON fields of a document stage's summary: its output folder, then the counts of `StageSummary.json`.
    static func stageFields(_ summary: StageSummary, output: String) -> [(String, JSONValue)] {
        [("output", .string(output))] + (summary.json.objectValue ?? []) + [("seconds", .double(summary.seconds))]
    }

    /// Where a command has always printed its text summary.
    enum Stream { case stdout, stderr }

    /// Prints a command's summary: `text` on `stream`, or with --json the object of `command` and `fields` on stdout.
    func summary(_ text: @autoclosure () -> [String], on stream: Stream = .stdout, command: String,
                 json fields: @autoclosure () -> [(String, JSONValue)]) {
        if json {
            print(JSONWriter.string(.object([("command", .string(command))] + fields()), pretty: true))
            return
        }
        for line in text() {
            switch stream {
            case .stdout: print(line)
            case .stderr: printError(line)
            }
        }
    }
}
