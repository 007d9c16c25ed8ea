/// Where a record came from: file and 1-based line.
public struct RecordLocation: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
    public var description: String { "\(path):\(line)" }
}

/// A line that is not a usable document: where it is, why, and its raw bytes (so it can be kept aside, not lost).
public struct BadRecord: Error, CustomStringConvertible {
    public var location: RecordLocation
    public var reason: String
    public var raw: [UInt8]
    public var description: String { "\(location): \(reason)" }

    public init(location: RecordLocation, reason: String, raw: [UInt8]) {
        self.location = location
        self.reason = reason
        self.raw = raw
    }

    /// A short, countable name for the kind of problem (the reason without its specifics).
    public var category: String {
        if reason.hasPrefix("invalid UTF-8") { return "invalid UTF-8" }
        if reason.hasPrefix("invalid JSON") { return "invalid JSON" }
        if reason.hasPrefix("not a document") { return "not a document" }
        if reason.hasPrefix("line longer") { return "line too long" }
        return "unreadable file"
    }

    /// A stand-in document for `rejects/`: the raw line as text when it is UTF-8 (else with U+FFFD), and the
    /// exact bytes in base64 under `metadata.seiren.raw_base64` when it is not.
    public func asRejectedDocument(stage: String, added: String) -> Document {
        let valid = UTF8Validation.isValid(raw)
        var document = Document(id: location.description, text: String(decoding: raw, as: UTF8.self),
                                source: location.path, added: added)
        if !valid { document.annotate("raw_base64", .string(Base64.encode(raw))) }
        return document.rejected(Rejection(stage: stage, reason: reason,
                                           details: [("file", .string(location.path)), ("line", .int(location.line))]))
    }
}

/// Reads documents from JSON Lines files (plain or `.zst`), one record at a time. Lines that are not JSON objects
/// with a string `text`, or not UTF-8, come back as `.bad` with file, line and reason; reading goes on after them.
/// Blank lines are skipped.
public final class DocumentReader {
    public enum Record {
        case document(Document, RecordLocation)
        case bad(BadRecord)
    }

    public let path: String
    private let lines: LineReader
    private let added: String
    private let sourceName: String

    /// The number of the last line read.
    public var lineNumber: Int { lines.lineNumber }

    /// `added` fills documents that have no `added` field; a missing `id` becomes `FILE:LINE` and a missing
    /// `source` the file's name.
    public init(path: String, added: String, maxLineBytes: Int = 1 << 30) throws {
        self.path = path
        self.added = added
        lines = try LineReader(path: path, maxLineBytes: maxLineBytes)
        var name = FileSystem.lastComponent(path)
        for suffix in [".zst", ".jsonl", ".json", ".ndjson"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        sourceName = name
    }

    /// Decompressed bytes read so far (for progress).
    public var bytesRead: Int { lines.bytesRead }

    public func next() throws -> Record? {
        while true {
            let item: (line: ArraySlice<UInt8>, number: Int)?
            do {
                item = try lines.next()
            } catch let tooLong as LineReader.LineTooLong {
                return .bad(BadRecord(location: RecordLocation(path: path, line: tooLong.line),
                                      reason: "line longer than \(tooLong.limit) bytes (not read)", raw: []))
            }
            guard let (line, number) = item else { return nil }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let location = RecordLocation(path: path, line: number)
            do {
                let json = try line.withUnsafeBufferPointer { try JSONParser.parse($0) }
                let document = try Document(json: json, fallbackID: "\(sourceName):\(number)",
                                            fallbackSource: sourceName, fallbackAdded: added)
                return .document(document, location)
            } catch let error as JSONParseError {
                let reason = error.reason == "invalid UTF-8" ? "invalid UTF-8 at byte \(error.offset)" : "invalid JSON: \(error)"
                return .bad(BadRecord(location: location, reason: reason, raw: Array(line)))
            } catch let error as Document.FormatError {
                return .bad(BadRecord(location: location, reason: "not a document: \(error.reason)", raw: Array(line)))
            }
        }
    }
}

/// Finds the shard files behind a path a user gives: a dataset directory (its manifest's shards, in order), a
/// stage output (`PATH/documents`), a directory of JSON Lines files, or a single file.
public enum DatasetLocator {
    public static func files(for path: String) throws -> [String] {
        guard FileSystem.exists(path) else { throw FileError(path: path, reason: "no such file or directory") }
        guard FileSystem.isDirectory(path) else { return [path] }
        if FileSystem.exists(path + "/" + DatasetManifest.fileName) {
            return try DatasetManifest.read(directory: path).shards.map { path + "/" + $0.path }
        }
        if FileSystem.exists(path + "/documents/" + DatasetManifest.fileName) {
            return try files(for: path + "/documents")
        }
        let found = try FileSystem.files(under: path).filter { file in
            [".jsonl", ".jsonl.zst", ".ndjson", ".json", ".json.zst", ".ndjson.zst"].contains { file.hasSuffix($0) }
        }
        guard !found.isEmpty else {
            throw ShardError.notADataset(path: path, reason: "no manifest.json and no .jsonl or .jsonl.zst files")
        }
        return found
    }
}
