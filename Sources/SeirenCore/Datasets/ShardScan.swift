/// What a full read of one shard file finds: counts recomputed from the data itself, and its checksum.
public struct ShardScan: Sendable {
    public var path: String
    public var sha256: String
    public var bytes: Int
    public var uncompressedBytes: Int
    public var documents = 0
    public var characters = 0
    public var badRecords: [String] = []
    /// The error that stopped the read (corrupt or truncated zstd), if any.
    public var failure: String?
    public var samples: [Document] = []

    /// Reads `path` to the end, keeping the first `samples` documents.
    public static func scan(_ path: String, samples sampleCount: Int = 0, added: String = "") throws -> ShardScan {
        let reader = try DocumentReader(path: path, added: added)
        var scan = ShardScan(path: path, sha256: try Hex.sha256(file: path), bytes: FileSystem.fileSize(path) ?? 0,
                             uncompressedBytes: 0)
        do {
            while let record = try reader.next() {
                switch record {
                case .document(let document, _):
                    scan.documents += 1
                    scan.characters += document.characterCount
                    if scan.samples.count < sampleCount { scan.samples.append(document) }
                case .bad(let bad) where bad.endsFile:
                    scan.failure = bad.description
                case .bad(let bad):
                    scan.badRecords.append(bad.description)
                }
            }
        } catch {
            scan.failure = "\(error)"
        }
        scan.uncompressedBytes = reader.bytesRead
        return scan
    }
}
