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
    } catch {
        printError("seiren: \(error)")
        throw ExitCode.failure
    }
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

    var resolvedAdded: String { added ?? defaultAddedTimestamp() }
}

/// Options shared by every command that runs in parallel.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Output is the same for any number.")
    var workers: Int?

    var count: Int { max(1, workers ?? defaultWorkerCount) }
}

/// `added` for new documents: SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, else now.
func defaultAddedTimestamp() -> String {
    let seconds: TimeInterval
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = TimeInterval(epoch) {
        seconds = value
    } else {
        seconds = Date().timeIntervalSince1970.rounded(.down)
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
}
