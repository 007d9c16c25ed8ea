import ArgumentParser
import Foundation
import SeirenCore
import SeirenTokenizer

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode datasets into token ids: a Megatron-LM indexed dataset (TOKENS/NAME.bin + .idx) and/or zstd JSON Lines id shards, with manifest.json.")

    @Option(help: "A vocabulary folder (vocab/NAME), a SentencePiece .model file or a Hugging Face tokenizer.json.") var tokenizer: String
    @Argument(help: "Datasets, stage outputs, folders of JSON Lines or JSON Lines files; - for stdin.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output folder for NAME.bin, NAME.idx and manifest.json.") var output: String
    @Option(help: "Base name of the .bin and .idx files.") var name: String = "tokens"
    @Option(help: "End-of-document id appended to every document (default: the model's </s>; for a tokenizer.json, the end token of its template, else a special </s> or <|endoftext|>).") var eodId: Int32?
    @Option(help: "megatron (NAME.bin + NAME.idx), shards (NAME-00000.jsonl.zst...: {\"id\", \"ids\"} per line) or both.")
    var format: CorpusEncoder.Format = .megatron
    @Option(help: "Start a new id shard before one passes this many bytes of uncompressed JSON Lines.")
    var maxShardBytes: Int = 256 << 20
    @Flag(help: "Replace an existing output folder. The old one is removed only once the new one is complete.")
    var overwrite = false
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(output, what: "a folder (NAME.bin, NAME.idx and manifest.json)")
            let files = try stageInputFiles(inputs, writingTo: output)
            var encoder = CorpusEncoder(tokenizerPath: tokenizer, output: output)
            encoder.name = name
            encoder.eodId = eodId
            encoder.workers = workers.count
            encoder.overwrite = overwrite
            encoder.format = format
            encoder.maxShardBytes = maxShardBytes
            try encoder.validate()
            let log = report.badRecordLog()
            let summary = try encoder.run(files: files, progress: report.progress("encode", files: files),
                                          onBadRecord: log.report)
            log.finish(rejects: output + "/manifest.json (bad_records)")
            var line = "encode: \(summary.documents) documents, \(summary.tokens) tokens (\(summary.dtype), eod \(summary.eodId))"
            if summary.badRecords > 0 { line += ", \(summary.badRecords) bad records skipped" }
            if summary.blankLines > 0 { line += ", \(summary.blankLines) blank lines" }
            line += String(format: " in %.2fs", summary.seconds)
            report.summary([line], on: .stderr, command: "encode", json: [
                ("output", .string(output)), ("documents", .int(summary.documents)), ("tokens", .int(summary.tokens)),
                ("characters", .int(summary.characters)), ("bad_records", .int(summary.badRecords)),
                ("blank_lines", .int(summary.blankLines)),
                ("unreadable_files", .array(summary.unreadableFiles.map { .string($0) })), ("dtype", .string(summary.dtype)),
                ("eod_id", .int(summary.eodId)), ("seconds", .double(summary.seconds)),
            ])
            try failIfUnreadable(summary.unreadableFiles, recordedIn: output + "/manifest.json (unreadable_files)")
        }
    }
}
