import ArgumentParser
import Foundation
import SeirenCore

struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Turn JSON Lines files (plain or .zst) into capped zstd shards with a manifest.",
        discussion: """
            Each line must be a JSON object with a string `text`; `id`, `source` and `added` are filled when missing \
            (id: FILE:LINE, source: the file's name). Lines that are not documents (invalid JSON, invalid UTF-8, no \
            text) are reported with file and line and kept in OUT/rejects with the reason, so documents + rejects \
            account for every line. Exit status 2 when an input file could not be read to the end (corrupt or \
            truncated compressed data); what it held before the damage is kept.
            """
    )

    @Argument(help: "JSON Lines files (.jsonl, .jsonl.zst), dataset directories or directories of such files.")
    var inputs: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            let files = try stageInputFiles(inputs, writingTo: output.output)
            let settings: JSONValue = .object([
                ("command", "shard"), ("max_shard_bytes", .int(output.maxShardBytes)),
                ("zstd_level", .int(Int(output.zstdLevel))),
            ])
            let out = try StageOutput(directory: output.output, settings: settings,
                                      maxShardBytes: output.maxShardBytes, level: output.zstdLevel,
                                      overwrite: output.overwrite)
            let badRecords = report.badRecordLog()
            let runner = DocumentStageRunner(
                stage: "shard", inputs: files, output: out, workers: workers.count, added: output.resolvedAdded,
                progress: report.progress("shard", files: files), onBadRecord: badRecords.report)
            let summary = try runner.run { { .keep($0) } }
            let (documents, rejects) = try out.finish()
            badRecords.finish(rejects: "\(output.output)/rejects")
            report.summary([
                StageReport.summaryLine(stage: "shard", files: files.count, summary: summary),
                "  documents: \(output.output)/documents (\(documents.shards.count) shards, \(documents.documents) documents, \(documents.characters) characters)",
                "  rejects:   \(output.output)/rejects (\(rejects.documents) records)",
            ], command: "shard", json: ReportOptions.stageFields(summary, output: output.output)
                + [("files", .int(files.count)), ("shards", .int(documents.shards.count))])
            try failIfUnreadable(summary.unreadableFiles, recordedIn: output.output + "/rejects")
        }
    }
}
