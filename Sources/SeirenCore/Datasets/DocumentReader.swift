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
    /// The file could not be read past this point (corrupt or truncated compressed data, a read error): the
    /// records before it were read, the rest of the file is lost. What makes a command exit with status 2
    /// (completed, but some input was unreadable).
    public var endsFile: Bool
    public var description: String { "\(location): \(reason)" }

    public init(location: RecordLocation, reason: String, raw: [UInt8], endsFile: Bool = false) {
        self.location = location
        self.reason = reason
        self.raw = raw
        self.endsFile = endsFile
    }

    /// A short, countable name for the kind of problem (the reason without its specifics).
    public var category: String {
        if reason.hasPrefix("line longer") { return "line too long" }
        if endsFile { return "unreadable file" }
        if reason.hasPrefix("invalid UTF-8") { return "invalid UTF-8" }
        if reason.hasPrefix("invalid JSON") { return "invalid JSON" }
        if reason.hasPrefix("not a document") { return "not a document" }
        return "unreadable file"
    }

    /// A stand-in document for `rejects/`: the raw line as text when it is UTF-8 (else with U+FFFD), and the
    /// exact bytes in base64 under `metadata.seiren.raw_base64` when it is not.
    public func asRejectedDocument(stage: String, added: String) -> Document {
        let valid = UTF8Validation.isValid(raw)
        var document = Document(id: location.description, text: String(decoding: raw, as: UTF8.self),
                                source: location.path, added: added)
        if !valid { document.annotate("raw_base64", .string(Base64.encode(raw))) }
        var details: [(String, JSONValue)] = [("file", .string(location.path)), ("line", .int(location.line))]
        if endsFile { details.append(("ends_file", true)) }
        return document.rejected(Rejection(stage: stage, reason: reason, details: details))
    }
}

/// Reads documents from JSON Lines files (plain, or compressed as `InputCompression` reads), one record at a time. Lines that are not JSON objects
/// with a string `text`, or not UTF-8, come back as `.bad` with file, line and reason; reading goes on after them.
/// A file that cannot be read to the end (corrupt or truncated compressed data, a read error) ends with one `.bad`
/// record marked `endsFile`, after the documents read before the damage: every reader keeps what was readable and
/// sees the damage the same way. Blank lines (empty, or only spaces, tabs and carriage returns) are no documents
/// and no rejects: they are counted in `blankLines`.
public final class DocumentReader {
    public enum Record {
        case document(Document, RecordLocation)
        case bad(BadRecord)
    }

    public let path: String
    private let lines: LineReader
    private let added: String
    private let sourceName: String
    private var damaged = false
    /// Lines read so far that were empty or held only whitespace.
    public private(set) var blankLines = 0

    /// The number of the last line read.
    public var lineNumber: Int { lines.lineNumber }

    /// `added` fills documents that have no `added` field; a missing `id` becomes `FILE:LINE` and a missing
    /// `source` the file's name.
    public init(path: String, added: String, maxLineBytes: Int = 1 << 30) throws {
        self.path = path
        self.added = added
        lines = try LineReader(path: path, maxLineBytes: maxLineBytes)
        var name = FileSystem.lastComponent(path)
        for suffix in InputCompression.readSuffixes + [".jsonl", ".json", ".ndjson"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        sourceName = name
    }

    /// Decompressed bytes read so far (for progress).
    public var bytesRead: Int { lines.bytesRead }

    public func next() throws -> Record? {
        while !damaged {
            let item: (line: ArraySlice<UInt8>, number: Int)?
            do {
                item = try lines.next()
            } catch let tooLong as LineReader.LineTooLong {
                if tooLong.endsFile {
                    damaged = true
                    return .bad(BadRecord(location: RecordLocation(path: path, line: tooLong.line),
                                          reason: "line longer than \(tooLong.limit) bytes (not read), and longer than twice that: the rest of the file is not read",
                                          raw: [], endsFile: true))
                }
                return .bad(BadRecord(location: RecordLocation(path: path, line: tooLong.line),
                                      reason: "line longer than \(tooLong.limit) bytes (not read)", raw: []))
            } catch let error as ShardError {
                return endOfReadable(error.description)
            } catch let error as FileError {
                return endOfReadable(error.description)
            }
            guard let (line, number) = item else { return nil }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                blankLines += 1
                continue
            }
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
        return nil
    }

    /// The record that ends a damaged file; reading stops there.
    private func endOfReadable(_ reason: String) -> Record {
        damaged = true
        return .bad(BadRecord(location: RecordLocation(path: path, line: lines.lineNumber + 1), reason: reason, raw: [],
                              endsFile: true))
    }
}

/// Finds the shard files behind a path a user gives: a dataset directory (its manifest's shards, in order), a
/// stage output (`PATH/documents`), a directory of JSON Lines files, or a single file.
///
/// A dataset that is not whole is refused, naming the folder, rather than read in part: the temporary folder of an
/// interrupted run, a manifest whose shards are missing or of another size, a stage output without
/// `documents/manifest.json`, and
/// Seiren shards (`NAME-00000.jsonl.zst`) in a folder without a manifest (what an interrupted run of an older
/// version left).
public enum DatasetLocator {
    public static func files(for path: String) throws -> [String] {
        guard FileSystem.exists(path) else { throw FileError(path: path, reason: "no such file or directory") }
        guard FileSystem.isDirectory(path) else { return [path] }
        if StagingDirectory.isIncomplete(path) {
            throw ShardError.notADataset(path: path, reason: "the unfinished output of an interrupted seiren run, not a dataset (the next run into the same output removes it)")
        }
        if FileSystem.exists(path + "/" + DatasetManifest.fileName) {
            let shards = try DatasetManifest.read(directory: path).shards
            // Cheap checks only (a full one is `inspect --verify`): every shard there, at the size listed.
            for shard in shards {
                guard let size = FileSystem.fileSize(path + "/" + shard.path) else {
                    throw ShardError.notADataset(path: path, reason: "incomplete dataset: the manifest lists \(shard.path), which is missing")
                }
                guard size == shard.bytes else {
                    throw ShardError.notADataset(path: path, reason: "incomplete dataset: \(shard.path) has \(size) bytes, the manifest says \(shard.bytes)")
                }
            }
            return shards.map { path + "/" + $0.path }
        }
        if FileSystem.exists(path + "/documents/" + DatasetManifest.fileName) {
            return try files(for: path + "/documents")
        }
        if FileSystem.isDirectory(path + "/documents") || FileSystem.isDirectory(path + "/rejects") {
            throw ShardError.notADataset(path: path, reason: "a stage output without documents/manifest.json: incomplete (an interrupted run?); run the stage that wrote it again")
        }
        // Never read outside the folder the user named: a link leading out of it (or a loop, or a dangling link)
        // among the JSON Lines files stops the run with its reason before anything is read.
        let listed = try InputTree.files(under: path, roots: InputRoots([path])).filter { isJSONLines($0.path) }
        if let refused = listed.first(where: { $0.refusal != nil }) {
            throw ShardError.notADataset(path: path, reason: "\(refused.path): \(refused.refusal!); not read (move the file into the folder, or name it as an input itself)")
        }
        let found = listed.map(\.path)
        if let orphan = found.first(where: isUnlistedShard) {
            throw ShardError.notADataset(path: path, reason: "\(orphan) is a seiren shard in a folder without manifest.json: an incomplete dataset (an interrupted run?); run the command that wrote it again")
        }
        guard !found.isEmpty else {
            throw ShardError.notADataset(path: path, reason: "no manifest.json and no JSON Lines files (.jsonl, .ndjson or .json, plain or .zst, .gz, .xz, .bz2)")
        }
        return found
    }

    /// A JSON Lines file by its name: `.jsonl`, `.ndjson` or `.json`, plain or with a compression's ending.
    public static func isJSONLines(_ path: String) -> Bool {
        [".jsonl", ".ndjson", ".json"].contains { kind in
            path.hasSuffix(kind) || InputCompression.readSuffixes.contains { path.hasSuffix(kind + $0) }
        }
    }

    /// A file named as `ShardWriter` names shards (`NAME-00000.jsonl.zst`) in a folder that has no manifest.
    private static func isUnlistedShard(_ file: String) -> Bool {
        let name = FileSystem.lastComponent(file)
        guard name.hasSuffix(".jsonl.zst") else { return false }
        let stem = name.dropLast(".jsonl.zst".count)
        let digits = stem.suffix(5)
        guard stem.count > 6, stem.dropLast(5).hasSuffix("-"), digits.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        let folder = String(file.dropLast(name.count))
        return !FileSystem.exists(folder + DatasetManifest.fileName)
    }
}
