import SeirenCore

/// A record of an input file that did not become a document: where and why (never its content, which may hold
/// personal data that was not redacted).
public struct IngestRejection: Equatable, Sendable {
    public var line: Int?
    public var reason: String

    public init(line: Int?, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// Turns one kind of input file into documents. `seiren ingest` asks its readers in order and uses the first that
/// accepts a file; a file no reader accepts is listed as unsupported. This is where the extract and normalize
/// stages plug in: a reader for XML manuals that extracts and normalizes goes in front of the JSON Lines one.
public protocol IngestInputReader {
    /// A short name for the manifest ("jsonl", "xml", ...).
    var name: String { get }
    func accepts(_ path: String) -> Bool
    /// Reads `path`, calling `document` for each document and `reject` for each record that is not one. Throws
    /// when the file as a whole cannot be read (it is then listed as failed).
    func read(_ path: String, added: String, document: (Document) throws -> Void,
              reject: (IngestRejection) throws -> Void) throws
}

/// Reads documents that are already JSON Lines (plain or compressed): a dataset's shards or any Dolma-style file.
public struct JSONLinesInputReader: IngestInputReader {
    public init() {}

    public var name: String { "jsonl" }

    public func accepts(_ path: String) -> Bool {
        DatasetLocator.isJSONLines(path)
    }

    public func read(_ path: String, added: String, document: (Document) throws -> Void,
                     reject: (IngestRejection) throws -> Void) throws {
        let reader = try DocumentReader(path: path, added: added)
        while let record = try reader.next() {
            switch record {
            case .document(let doc, _): try document(doc)
            case .bad(let bad) where bad.endsFile: throw bad  // The file is listed as failed, with the damage.
            case .bad(let bad): try reject(IngestRejection(line: bad.location.line, reason: bad.reason))
            }
        }
    }
}

/// The files behind the inputs a user names: a file is itself; a directory is every regular file under it
/// (dot-files excluded), in bytewise order, never leaving the named inputs: a symbolic link whose real path is
/// outside them, a link loop or a dangling link is listed with a refusal and never read. Each comes with the name
/// recorded in the manifest: the path from the input's own name down, so no absolute path of the contributor's
/// machine leaves it.
public enum IngestInputs {
    public struct File: Equatable, Sendable {
        public var path: String
        public var recordedName: String
        /// Why the file is not read (it leads outside the inputs, loops or dangles); nil for a file to read.
        public var refusal: String? = nil
    }

    public static func expand(_ inputs: [String]) throws -> [File] {
        var files: [File] = []
        let roots = InputRoots(inputs)
        for input in inputs {
            let trimmed = input.count > 1 && input.hasSuffix("/") ? String(input.dropLast()) : input
            guard FileSystem.exists(trimmed) else { throw FileError(path: input, reason: "no such file or directory") }
            let base = FileSystem.lastComponent(trimmed)
            if FileSystem.isDirectory(trimmed) {
                for listed in try InputTree.files(under: trimmed, roots: roots) {
                    files.append(File(path: listed.path, recordedName: base + "/" + listed.path.dropFirst(trimmed.count + 1),
                                      refusal: listed.refusal))
                }
            } else {
                files.append(File(path: trimmed, recordedName: base))
            }
        }
        return files
    }
}
