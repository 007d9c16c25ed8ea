/// Writes one dataset directory: shards, the dataset card `README.md` (so `datasets.load_dataset` reads the folder),
/// then `manifest.json` (last, so a directory with a manifest is complete).
public final class DatasetWriter {
    public let directory: String
    public let name: String
    public var settings: JSONValue
    private let shards: ShardWriter
    public private(set) var documents = 0

    public init(directory: String, name: String? = nil, settings: JSONValue = .object([]),
                maxShardBytes: Int = 256 << 20, level: Int32 = 3) throws {
        self.directory = directory
        self.name = name ?? DatasetWriter.defaultName(for: directory)
        self.settings = settings
        shards = try ShardWriter(directory: directory, name: self.name, maxShardBytes: maxShardBytes, level: level)
    }

    /// Writes one document; returns its length in characters.
    @discardableResult
    public func write(_ document: Document) throws -> Int {
        documents += 1
        return try shards.write(document)
    }

    @discardableResult
    public func finish() throws -> DatasetManifest {
        let manifest = DatasetManifest(name: name, settings: settings, shards: try shards.finish())
        try DatasetCard.write(manifest, directory: directory)
        try manifest.write(directory: directory)
        return manifest
    }

    /// A shard name from a directory: its last component, with anything but letters, digits, `-`, `_` and `.`
    /// replaced.
    public static func defaultName(for directory: String) -> String {
        let base = FileSystem.lastComponent(directory)
        let cleaned = String(base.unicodeScalars.map { scalar -> Character in
            let ok = (scalar.value < 128) && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == ".")
            return ok ? Character(scalar) : "_"
        })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "data" : cleaned
    }
}

/// The output of a stage: `OUT/documents/` (what passed) and `OUT/rejects/` (what was dropped, each with its
/// `metadata.seiren.rejection`). Together they account for every input document.
///
/// Written through a `StagingDirectory`: everything goes into a temporary folder beside `OUT`, under a lock, and
/// `finish()` renames it into place, so `OUT` is either the whole output or not there (or, with `overwrite`, still
/// the previous output). Every stage command opens its output here.
public final class StageOutput {
    /// Where the output ends up.
    public let directory: String
    /// Where files are written until `finish()`: reports beside `documents/` and `rejects/` go here.
    public var workingDirectory: String { staging.path }
    public let documents: DatasetWriter
    public let rejects: DatasetWriter
    private let staging: StagingDirectory

    public init(directory: String, settings: JSONValue, maxShardBytes: Int = 256 << 20, level: Int32 = 3,
                overwrite: Bool = false) throws {
        self.directory = directory
        staging = try StagingDirectory(destination: directory, overwrite: overwrite)
        // Shards are named after where the output ends up, never after the temporary folder.
        let name = DatasetWriter.defaultName(for: directory)
        documents = try DatasetWriter(directory: staging.path + "/documents", name: name, settings: settings,
                                      maxShardBytes: maxShardBytes, level: level)
        rejects = try DatasetWriter(directory: staging.path + "/rejects", name: name + "-rejects", settings: settings,
                                    maxShardBytes: maxShardBytes, level: level)
    }

    /// Keeps a document; returns its length in characters.
    @discardableResult
    public func accept(_ document: Document) throws -> Int { try documents.write(document) }

    public func reject(_ document: Document, _ rejection: Rejection) throws { try rejects.write(document.rejected(rejection)) }

    /// Writes a file beside `documents/` and `rejects/` (a stage's report), published with them by `finish()`.
    public func writeFile(_ name: String, _ bytes: [UInt8]) throws {
        try AtomicFileWriter.write(bytes, to: workingDirectory + "/" + name)
    }

    /// Writes both manifests and renames the output into place.
    @discardableResult
    public func finish() throws -> (documents: DatasetManifest, rejects: DatasetManifest) {
        let manifests = (try documents.finish(), try rejects.finish())
        try staging.commit()
        return manifests
    }
}
