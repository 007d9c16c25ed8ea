import Crypto
import SeirenZstd

/// One finished shard, as listed in a manifest.
public struct ShardInfo: Equatable, Sendable {
    /// File name, relative to the dataset directory.
    public var path: String
    public var sha256: String
    /// Size of the compressed file.
    public var bytes: Int
    public var uncompressedBytes: Int
    public var documents: Int
    /// Unicode code points of all `text` fields.
    public var characters: Int

    public init(path: String, sha256: String, bytes: Int, uncompressedBytes: Int, documents: Int, characters: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.uncompressedBytes = uncompressedBytes
        self.documents = documents
        self.characters = characters
    }
}

/// Writes documents as `NAME-00000.jsonl.zst`, `NAME-00001.jsonl.zst`, ... in `directory`, starting a new shard
/// before one would pass `maxShardBytes` of uncompressed JSON Lines (a document is never split). Each shard is
/// written to a temporary file and renamed into place when complete, so a shard on disk is always whole.
public final class ShardWriter {
    /// The zstd levels a user may ask for (every command and the manifest check against this).
    public static let zstdLevels: ClosedRange<Int> = 1...19
    public let directory: String
    public let name: String
    public let maxShardBytes: Int
    public let level: Int32
    public private(set) var shards: [ShardInfo] = []

    private var current: OpenShard?
    private var line = JSONWriter(capacity: 1 << 16)

    private final class OpenShard {
        let path: String
        let file: AtomicFileWriter
        let compressor: ZstdCompressor
        var hasher = SHA256()
        var uncompressedBytes = 0
        var documents = 0
        var characters = 0

        init(path: String, level: Int32) throws {
            self.path = path
            file = try AtomicFileWriter(path: path)
            compressor = try ZstdCompressor(level: level)
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            try compressor.compress(bytes) { output in
                hasher.update(bufferPointer: output)
                try file.write(output)
            }
        }
    }

    public init(directory: String, name: String, maxShardBytes: Int = 256 << 20, level: Int32 = 3) throws {
        self.directory = directory
        self.name = name
        self.maxShardBytes = maxShardBytes
        self.level = level
        try FileSystem.createDirectory(directory)
    }

    /// Writes one document; returns its length in characters (counted here anyway, so callers need not count
    /// again).
    @discardableResult
    public func write(_ document: Document) throws -> Int {
        line.bytes.removeAll(keepingCapacity: true)
        document.jsonLine(into: &line)
        let characters = document.characterCount
        try line.bytes.withUnsafeBytes { try append($0, characters: characters) }
        return characters
    }

    /// Writes one JSON line that is not a document (e.g. a document's token ids), newline included; `characters`
    /// is what the shard's count adds up (whatever the caller counts: characters, tokens).
    public func write(line bytes: [UInt8], characters: Int) throws {
        try bytes.withUnsafeBytes { try append($0, characters: characters) }
    }

    /// Adds one line to the open shard, first closing it when the line would take it past `maxShardBytes` (a
    /// shard always takes its first line, however long).
    private func append(_ bytes: UnsafeRawBufferPointer, characters: Int) throws {
        if let shard = current, shard.documents > 0, shard.uncompressedBytes + bytes.count > maxShardBytes {
            try close(shard)
        }
        let shard = try current ?? open()
        try shard.write(bytes)
        shard.uncompressedBytes += bytes.count
        shard.documents += 1
        shard.characters += characters
    }

    /// Closes the open shard and returns every shard written.
    @discardableResult
    public func finish() throws -> [ShardInfo] {
        if let shard = current { try close(shard) }
        return shards
    }

    /// `NAME-00007.jsonl.zst` for index 7.
    public static func fileName(name: String, index: Int) -> String {
        let digits = String(index)
        return name + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".jsonl.zst"
    }

    private func open() throws -> OpenShard {
        let file = ShardWriter.fileName(name: name, index: shards.count)
        let shard = try OpenShard(path: directory + "/" + file, level: level)
        current = shard
        return shard
    }

    private func close(_ shard: OpenShard) throws {
        try shard.compressor.finish { output in
            shard.hasher.update(bufferPointer: output)
            try shard.file.write(output)
        }
        try shard.file.commit()
        let digest = Hex.string(shard.hasher.finalize())
        shards.append(ShardInfo(path: FileSystem.lastComponent(shard.path), sha256: digest, bytes: shard.file.bytesWritten,
                                uncompressedBytes: shard.uncompressedBytes, documents: shard.documents,
                                characters: shard.characters))
        current = nil
    }
}
