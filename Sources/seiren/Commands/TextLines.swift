import ArgumentParser
import Foundation
import SeirenCore

/// Reads the lines of a text file, maps each in parallel (batches, in order) and writes the results to stdout, one
/// line each. Lines that are not UTF-8 are refused with their line number: the tools compared never see them.
/// `makeTransform` is called once per batch on the worker that runs it (to fetch per-thread state once, not per line).
func mapTextLines(path: String, workers: Int, batchLines: Int = 4096,
                  makeTransform: @escaping () throws -> (String) throws -> String) throws {
    let reader = try LineReader(path: StandardStream.input(path))
    let stdout = FileHandle.standardOutput
    try orderedParallelMap(workers: workers, next: { () -> [String]? in
        var batch: [String] = []
        batch.reserveCapacity(batchLines)
        while batch.count < batchLines, let text = try nextTextLine(reader, path: path) { batch.append(text) }
        return batch.isEmpty ? nil : batch
    }, transform: { batch -> [UInt8] in
        var bytes: [UInt8] = []
        let transform = try makeTransform()
        for line in batch {
            bytes.append(contentsOf: try transform(line).utf8)
            bytes.append(0x0A)
        }
        return bytes
    }, consume: { bytes in
        stdout.write(Data(bytes))
    })
}

/// The next line of `reader` as text, nil at the end; a line that is not UTF-8 is refused with its number (`path`
/// names the file in the error).
func nextTextLine(_ reader: LineReader, path: String) throws -> String? {
    guard let (line, number) = try reader.next() else { return nil }
    guard let text = String(validating: line, as: UTF8.self) else {
        throw FileError(path: path, reason: "line \(number) is not valid UTF-8")
    }
    return text
}

/// The input of the `*-lines` commands: one text file, mapped line by line to stdout on `workers` threads.
struct TextLinesInput: ParsableArguments {
    @Argument(help: "A UTF-8 text file (.zst is decompressed); - for stdin.")
    var file: String

    @OptionGroup var workers: WorkerOptions

    func map(makeTransform: @escaping () throws -> (String) throws -> String) throws {
        try mapTextLines(path: file, workers: workers.count, makeTransform: makeTransform)
    }
}
