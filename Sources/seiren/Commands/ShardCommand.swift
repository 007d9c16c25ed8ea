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
            account for every line. Exit code 2 when an input file could not be read to the end (corrupt or \
            truncated zstd); what it held before the damage is kept.
            """
    )

    @Argument(help: "JSON Lines files (.jsonl, .jsonl.zst), dataset directories or directories of such files.")
    var inputs: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions

    func run() throws {
        try reportingErrors {
            let files = try inputs.flatMap { try DatasetLocator.files(for: $0) }
            let settings: JSONValue = .object([
                ("command", "shard"), ("max_shard_bytes", .int(output.maxShardBytes)),
                ("zstd_level", .int(Int(output.zstdLevel))),
            ])
            let out = try StageOutput(directory: output.output, settings: settings,
                                      maxShardBytes: output.maxShardBytes, level: output.zstdLevel)
            let totalBytes = files.reduce(0) { $0 + (FileSystem.fileSize($1) ?? 0) }
            var reported = 0
            let runner = DocumentStageRunner(
                stage: "shard", inputs: files, output: out, workers: workers.count, added: output.resolvedAdded,
                progress: ProgressReporter(label: "shard", totalBytes: files.allSatisfy { !$0.hasSuffix(".zst") } ? totalBytes : nil),
                onBadRecord: { bad in
                    reported += 1
                    if reported <= 20 { printError("seiren: \(bad)") }
                })
            let summary = try runner.run { { .keep($0) } }
            let (documents, rejects) = try out.finish()
            if reported > 20 { printError("seiren: ... and \(reported - 20) more bad records (all in \(output.output)/rejects)") }
            print(StageReport.summaryLine(stage: "shard", files: files.count, summary: summary))
            print("  documents: \(output.output)/documents (\(documents.shards.count) shards, \(documents.documents) documents, \(documents.characters) characters)")
            print("  rejects:   \(output.output)/rejects (\(rejects.documents) records)")
            for file in summary.unreadableFiles { printError("seiren: \(file): could not be read to the end (see rejects)") }
            if !summary.unreadableFiles.isEmpty { throw ExitCode(2) }
        }
    }
}

/// Human-readable one-line summaries of stage runs.
enum StageReport {
    static func summaryLine(stage: String, files: Int, summary: StageSummary) -> String {
        var line = "\(stage): \(files) files, \(summary.documentsIn) documents in, \(summary.documentsOut) out"
        if summary.rejected > 0 { line += ", \(summary.rejected) rejected" }
        if summary.badRecords > 0 { line += ", \(summary.badRecords) bad records" }
        line += ", \(summary.charactersOut) characters"
        if summary.seconds > 0 {
            line += String(format: " in %.2fs (%.1f MB/s)", summary.seconds, Double(summary.bytesIn) / 1e6 / summary.seconds)
        }
        return line
    }
}
