import Foundation
import SeirenCore

/// Feeds training text into a `TrainingCorpus`: plain text files (`.txt`, one sentence per line) or datasets
/// (JSON Lines documents, plain or zstd; each document's text is split into lines). Bad records and invalid
/// UTF-8 lines are counted and skipped, never fatal.
public struct CorpusReader {
    public struct Summary: Sendable, Equatable {
        public var files: [String] = []
        public var documents = 0
        public var badRecords = 0
        public var bytes = 0
        /// Input files that could not be read to the end; the text before the damage was read.
        public var unreadableFiles: [String] = []
    }

    public init() {}

    public static func isPlainText(_ path: String) -> Bool {
        path.hasSuffix(".txt") || path.hasSuffix(".text") || path.hasSuffix(".txt.zst")
    }

    public func read(_ paths: [String], into corpus: TrainingCorpus, progress: ProgressReporter? = nil,
                     warn: (String) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        for path in paths {
            let files = Self.isPlainText(path) ? [path] : try DatasetLocator.files(for: path)
            for file in files {
                summary.files.append(file)
                if Self.isPlainText(file) {
                    // Lines are read in batches, prepared (checked and normalized) on the configured threads and
                    // added in order, so the corpus is the same for any thread count.
                    let reader = try LineReader(path: file)
                    var finished = false
                    try orderedParallelMap(workers: corpus.settings.threads, next: { () -> [ArraySlice<UInt8>]? in
                        var batch: [ArraySlice<UInt8>] = []
                        var size = 0
                        while !finished && batch.count < 4096 && size < 1 << 20 {
                            let item: (line: ArraySlice<UInt8>, number: Int)?
                            do {
                                item = try reader.next()
                            } catch let error as LineReader.LineTooLong {
                                warn(error.endsFile ? "\(error)" : "\(error) (skipped)")
                                continue
                            }
                            guard let (line, _) = item else {
                                finished = true
                                break
                            }
                            batch.append(line)
                            size += line.count
                        }
                        return batch.isEmpty ? nil : batch
                    }, transform: { batch in batch.map { ($0.count, corpus.prepare($0)) } }, consume: { prepared in
                        for (bytes, line) in prepared {
                            corpus.add(line)
                            summary.bytes += bytes + 1
                        }
                        progress?.update(documents: corpus.statistics.lines, bytes: summary.bytes)
                    })
                } else {
                    // Documents likewise: batches of records, each document's lines prepared on the threads,
                    // added (and bad records reported) in input order.
                    let reader = try DocumentReader(path: file, added: "1970-01-01T00:00:00Z")
                    var finished = false
                    try orderedParallelMap(workers: corpus.settings.threads, next: { () -> [DocumentReader.Record]? in
                        var batch: [DocumentReader.Record] = []
                        var size = 0
                        while !finished && batch.count < 256 && size < 1 << 20 {
                            guard let record = try reader.next() else {
                                finished = true
                                break
                            }
                            if case .document(let document, _) = record { size += document.text.utf8.count }
                            batch.append(record)
                        }
                        return batch.isEmpty ? nil : batch
                    }, transform: { batch in
                        batch.map { record -> DocumentLines in
                            switch record {
                            case .document(let document, _):
                                let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false)
                                return .document(bytes: document.text.utf8.count,
                                                 lines: lines.map { corpus.prepare(String($0)) })
                            case .bad(let bad):
                                return .bad(bad)
                            }
                        }
                    }, consume: { prepared in
                        for item in prepared {
                            switch item {
                            case .document(let bytes, let lines):
                                summary.documents += 1
                                summary.bytes += bytes
                                for line in lines { corpus.add(line) }
                            case .bad(let bad):
                                summary.badRecords += 1
                                if bad.endsFile { summary.unreadableFiles.append(bad.location.path) }
                                warn(bad.endsFile ? "\(bad)" : "\(bad) (skipped)")
                            }
                        }
                        progress?.update(documents: summary.documents, bytes: summary.bytes)
                    })
                }
            }
        }
        return summary
    }
}

/// A record of a dataset with its lines prepared for the corpus.
private enum DocumentLines {
    case document(bytes: Int, lines: [TrainingCorpus.PreparedLine])
    case bad(BadRecord)
}

extension TrainingCorpus {
    /// Reads `inputs` into the corpus with a progress line labelled `command: reading`, then logs the lines that
    /// were skipped (invalid UTF-8, too long) under `command`.
    func read(_ inputs: [String], command: String, log: (String) -> Void, showsProgress: Bool = true) throws
        -> CorpusReader.Summary {
        let progress = ProgressReporter(label: command + ": reading", enabled: showsProgress)
        let summary = try CorpusReader().read(inputs, into: self, progress: progress, warn: log)
        progress.finish()
        let read = statistics
        if read.skippedInvalidUTF8 > 0 { log("\(command): skipped \(read.skippedInvalidUTF8) lines of invalid UTF-8") }
        if read.skippedTooLong > 0 {
            log("\(command): skipped \(read.skippedTooLong) lines longer than \(settings.maxSentenceBytes) bytes")
        }
        return summary
    }
}

/// Tokens per character of held-out lines with Seiren's encoder: what train and reestimate report.
struct HeldOutMeasurement {
    var tokens = 0
    var characters = 0
    var tokensPerCharacter: Double? { characters > 0 ? Double(tokens) / Double(characters) : nil }

    init(_ tokenizer: SentencePieceTokenizer, lines: [String]) {
        for line in lines {
            tokens += tokenizer.encode(line).count
            characters += line.unicodeScalars.count
        }
    }
}
