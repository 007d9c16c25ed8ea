import ArgumentParser
import Foundation
import SeirenCore

/// A user-facing failure: printed as one line (`seiren: ...`), exit code 1, no stack trace.
struct UserError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Runs a command body; expected failures (bad input, missing files, invalid settings) become one-line messages
/// on stderr and exit code 1 instead of crashes.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as SettingError {
        // A setting the settings type refused, named by its option.
        printError("seiren: \(error.commandLineDescription)")
        throw ExitCode.failure
    } catch {
        printError("seiren: \(error)")
        throw ExitCode.failure
    }
}

/// The exit statuses every command shares: 0 when everything was read and written; 1 when the command failed and
/// wrote no output (bad arguments, a refused output, an input that is not a dataset); `unreadableInput` when it
/// completed but part of its input could not be read.
enum ExitStatus {
    /// Completed, but part of the input could not be read (a file not readable to the end: corrupt or truncated
    /// compressed data, a read error). What was readable is processed and kept; the damage is in rejects.
    static let unreadableInput = ExitCode(2)
}

/// The end of a command whose input had `unreadable` files: one line per file on stderr, saying where the damage
/// is recorded (`recordedIn`, e.g. the rejects folder), then exit status 2.
func failIfUnreadable(_ unreadable: [String], recordedIn record: String? = nil) throws {
    guard !unreadable.isEmpty else { return }
    for file in unreadable {
        printError("seiren: \(file): could not be read to the end; what it held before the damage was used"
                   + (record.map { ", and the damage is recorded in \($0)" } ?? ""))
    }
    throw ExitStatus.unreadableInput
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Options shared by every command that writes a dataset.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output directory: documents go to OUT/documents, rejected ones to OUT/rejects.")
    var output: String

    @Option(help: "Start a new shard before one passes this many bytes of uncompressed JSON Lines.")
    var maxShardBytes: Int = 256 << 20

    @Option(help: "zstd compression level (1-19).")
    var zstdLevel: Int32 = 3

    @Option(help: "Value of `added` for documents that have none (ISO 8601). Defaults to SOURCE_DATE_EPOCH when set, else the current time in whole seconds. Fix it to make reruns byte-identical.")
    var added: String?

    @Flag(help: "Replace an existing output. The old one is removed only once the new one is complete.")
    var overwrite = false

    var resolvedAdded: String { added ?? AddedTime.default() }

    func validate() throws {
        try StandardStream.refuseStdout(output, what: "a folder (documents/ and rejects/)")
        try validateOutputSettings(maxShardBytes: maxShardBytes, zstdLevel: zstdLevel, added: added)
    }
}

/// The checks of the output settings every command that writes shards shares (`ingest` has its own options).
func validateOutputSettings(maxShardBytes: Int, zstdLevel: Int32, added: String?) throws {
    guard maxShardBytes > 0 else {
        throw ValidationError("--max-shard-bytes must be a positive number of bytes (got \(maxShardBytes))")
    }
    guard ShardWriter.zstdLevels.contains(Int(zstdLevel)) else {
        throw ValidationError("--zstd-level must be from \(ShardWriter.zstdLevels.lowerBound) to \(ShardWriter.zstdLevels.upperBound) (got \(zstdLevel))")
    }
    if let added, !AddedTime.isValid(added) {
        throw ValidationError("--added '\(added)' is not an ISO 8601 time such as 2024-01-01T00:00:00Z")
    }
}

/// Options shared by every command that runs in parallel.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Output is the same for any number.")
    var workers: Int?

    var count: Int { max(1, workers ?? defaultWorkerCount) }
}

/// The input files of a stage command writing to `output`: each argument (dataset, stage output, directory of JSON
/// Lines files, or a file) through `DatasetLocator`, once the output is known not to overlap them.
/// `-` is the standard input.
func stageInputFiles(_ arguments: [String], writingTo output: String) throws -> [String] {
    let paths = try StandardStream.inputs(arguments)
    try OutputPlacement.check(output: output, inputs: paths)
    return try paths.flatMap { try DatasetLocator.files(for: $0) }
}

/// Progress for a stage reading `files`. It counts decompressed bytes, so a total is only known for plain inputs.
/// The standard input counts as compressed: its size is not known.
func stageProgress(_ label: String, files: [String], enabled: Bool = true) -> ProgressReporter {
    let compressed = files.contains { file in
        file == StandardStream.inputPath || InputCompression.readSuffixes.contains { file.hasSuffix($0) }
    }
    let totalBytes = compressed ? nil
        : files.compactMap { FileSystem.fileSize($0) }.reduce(0, +)
    return ProgressReporter(label: label, totalBytes: totalBytes, enabled: enabled)
}

/// Prints a stage's bad records (input lines that are not documents) on stderr: the first `limit`, then at the end
/// how many more there were, so a broken input does not flood the terminal. All of them are kept in rejects/.
final class BadRecordLog {
    let limit: Int
    /// Not even the closing line is printed (--quiet: the summary counts them).
    let quiet: Bool
    private(set) var count = 0

    init(limit: Int = 20, quiet: Bool = false) {
        self.limit = limit
        self.quiet = quiet
    }

    func report(_ bad: BadRecord) {
        count += 1
        if count <= limit { printError("seiren: \(bad)") }
    }

    /// The closing line for the records past the limit; `rejects` is where they all are.
    func finish(rejects: String) {
        if count > limit && !quiet { printError("seiren: ... and \(count - limit) more bad records (all in \(rejects))") }
    }
}

/// Human-readable one-line summaries of stage runs.
enum StageReport {
    static func summaryLine(stage: String, files: Int, summary: StageSummary) -> String {
        var line = "\(stage): \(files) files, \(summary.documentsIn) documents in, \(summary.documentsOut) out"
        if summary.rejected > 0 { line += ", \(summary.rejected) rejected" }
        if summary.badRecords > 0 { line += ", \(summary.badRecords) bad records" }
        if summary.blankLines > 0 { line += ", \(summary.blankLines) blank lines" }
        line += ", \(summary.charactersOut) characters"
        if summary.seconds > 0 {
            line += String(format: " in %.2fs (%.1f MB/s)", summary.seconds, Double(summary.bytesIn) / 1e6 / summary.seconds)
        }
        return line
    }

    /// The stderr summary of the text stages (normalize, segment): counts, characters in and out, reasons.
    static func textStageLine(stage: String, summary: StageSummary) -> String {
        var line = "\(stage): \(summary.documentsIn) documents in, \(summary.documentsOut) out, \(summary.rejected) rejected"
        if summary.badRecords > 0 { line += ", \(summary.badRecords) bad records" }
        if summary.blankLines > 0 { line += ", \(summary.blankLines) blank lines" }
        line += ", \(summary.charactersIn) → \(summary.charactersOut) characters"
        line += String(format: " in %.1fs", summary.seconds)
        if !summary.reasons.isEmpty {
            line += " (" + summary.reasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        return line
    }
}
