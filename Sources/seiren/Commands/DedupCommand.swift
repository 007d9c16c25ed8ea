import ArgumentParser
import SeirenCore
import SeirenDedup

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove exact duplicates, boilerplate lines and near duplicates (MinHash LSH over character n-grams).",
        discussion: "With none of --exact, --lines, --minhash, runs --exact and --minhash. See docs/dedup.md."
    )

    @Argument(help: "Input dataset, stage output, directory of JSON Lines files, or a file; - for stdin.")
    var input: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    @Flag(help: "Reject documents whose canonical text (NFKC, whitespace collapsed) equals another's.")
    var exact = false
    @Flag(help: "Remove lines found in more than --line-threshold documents.")
    var lines = false
    @Flag(help: "Reject near duplicates found by MinHash LSH.")
    var minhash = false

    @Option(help: "Lines in more than this many documents are boilerplate.")
    var lineThreshold = 10
    @Option(help: "Character n-gram length for MinHash.")
    var ngram = 5
    @Option(help: "Number of MinHash values per document.")
    var hashes = 128
    @Option(help: "LSH bands.")
    var bands = 16
    @Option(help: "LSH rows per band (bands × rows ≤ hashes).")
    var rows = 8
    @Option(help: "Least estimated Jaccard for bucket candidates to join a cluster (0: every candidate).")
    var threshold = 0.7
    @Option(help: "Seed of the MinHash permutations.")
    var seed: UInt64 = 1

    func run() throws {
        try reportingErrors {
            var settings = DedupSettings()
            let none = !exact && !lines && !minhash
            settings.exact = exact || none
            settings.minhash = minhash || none
            settings.lines = lines
            settings.lineThreshold = lineThreshold
            settings.ngram = ngram
            settings.hashes = hashes
            settings.bands = bands
            settings.rows = rows
            settings.threshold = threshold
            settings.seed = seed
            try settings.validate()
            // Dedup reads its input once per phase: stdin is copied aside first.
            let result = try StandardStream.withRereadableInputs([input]) { try run(arguments: $0, settings: settings) }
            let s = result.summary
            var lines = ["dedup: \(s.documentsIn) documents in, \(s.documentsOut) kept, \(s.rejected) rejected, \(s.badRecords) bad records, \(s.blankLines) blank lines (\(String(format: "%.2f", s.seconds)) s)"]
            if settings.lines {
                lines.append("  lines: \(result.boilerplateLines) boilerplate lines, \(result.linesRemoved) removed from \(result.documentsWithLinesRemoved) documents")
                for (documents, line) in result.topRemovedLines.prefix(5) { lines.append("    \(documents)× \(line.prefix(60))") }
            }
            for (reason, count) in s.reasons.sorted(by: { $0.key < $1.key }) { lines.append("  \(reason): \(count)") }
            if settings.minhash { lines.append("  near-duplicate clusters: \(result.clusters)") }
            lines.append("report: \(output.output)/dedup-report.json")
            report.summary(lines, command: "dedup", json: ReportOptions.stageFields(s, output: output.output) + [
                ("near_duplicate_clusters", .int(result.clusters)), ("boilerplate_lines", .int(result.boilerplateLines)),
                ("lines_removed", .int(result.linesRemoved)), ("report", .string(output.output + "/dedup-report.json")),
            ])
            try failIfUnreadable(s.unreadableFiles, recordedIn: output.output + "/rejects")
        }
    }

    private func run(arguments: [String], settings: DedupSettings) throws -> DedupReport {
        let inputs = try stageInputFiles(arguments, writingTo: output.output)
        let badRecords = report.badRecordLog()
        let result = try DedupStage.run(
            inputs: inputs, output: output.output, settings: settings, workers: workers.count,
            added: output.resolvedAdded, maxShardBytes: output.maxShardBytes, zstdLevel: output.zstdLevel,
            overwrite: output.overwrite,
            progress: report.progress("dedup"), onBadRecord: badRecords.report)
        badRecords.finish(rejects: "\(output.output)/rejects")
        return result
    }
}
