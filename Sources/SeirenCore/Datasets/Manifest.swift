/// The version of this build of Seiren, written into every manifest and report.
public enum Seiren {
    public static let version = "0.1.0"
    public static let manifestFormat = "seiren-dataset"
}

/// `manifest.json` of a dataset directory: its shards with their checksums and counts, and the settings and tool
/// version that produced them. Holds no clock time, so reruns produce the same file.
public struct DatasetManifest: Equatable, Sendable {
    public var name: String
    public var toolVersion: String
    /// What made the dataset: the command or stage and its settings.
    public var settings: JSONValue
    public var shards: [ShardInfo]

    public init(name: String, settings: JSONValue, shards: [ShardInfo], toolVersion: String = Seiren.version) {
        self.name = name
        self.settings = settings
        self.shards = shards
        self.toolVersion = toolVersion
    }

    public var documents: Int { shards.reduce(0) { $0 + $1.documents } }
    public var characters: Int { shards.reduce(0) { $0 + $1.characters } }
    public var bytes: Int { shards.reduce(0) { $0 + $1.bytes } }
    public var uncompressedBytes: Int { shards.reduce(0) { $0 + $1.uncompressedBytes } }

    public static let fileName = "manifest.json"

    public var json: JSONValue {
        .object([
            ("format", .string(Seiren.manifestFormat)),
            ("format_version", 1),
            ("name", .string(name)),
            ("tool", .object([("name", "seiren"), ("version", .string(toolVersion))])),
            ("settings", settings),
            ("totals", .object([
                ("shards", .int(shards.count)), ("documents", .int(documents)), ("characters", .int(characters)),
                ("bytes", .int(bytes)), ("uncompressed_bytes", .int(uncompressedBytes)),
            ])),
            ("shards", .array(shards.map { shard in
                .object([
                    ("path", .string(shard.path)), ("sha256", .string(shard.sha256)), ("bytes", .int(shard.bytes)),
                    ("uncompressed_bytes", .int(shard.uncompressedBytes)), ("documents", .int(shard.documents)),
                    ("characters", .int(shard.characters)),
                ])
            })),
        ])
    }

    public init(json: JSONValue, path: String) throws {
        func bad(_ reason: String) -> ShardError { .notADataset(path: path, reason: "invalid manifest: \(reason)") }
        guard json["format"]?.stringValue == Seiren.manifestFormat else { throw bad("'format' is not \(Seiren.manifestFormat)") }
        guard let shardList = json["shards"]?.arrayValue else { throw bad("no 'shards' list") }
        var shards: [ShardInfo] = []
        for (i, item) in shardList.enumerated() {
            guard let file = item["path"]?.stringValue, let sha = item["sha256"]?.stringValue,
                  let bytes = item["bytes"]?.intValue, let documents = item["documents"]?.intValue,
                  let characters = item["characters"]?.intValue else { throw bad("shard \(i) lacks path/sha256/bytes/documents/characters") }
            guard !file.contains("/") else { throw bad("shard path '\(file)' leaves the dataset directory") }
            shards.append(ShardInfo(path: file, sha256: sha, bytes: bytes,
                                    uncompressedBytes: item["uncompressed_bytes"]?.intValue ?? 0,
                                    documents: documents, characters: characters))
        }
        self.init(name: json["name"]?.stringValue ?? "", settings: json["settings"] ?? .object([]), shards: shards,
                  toolVersion: json["tool"]?["version"]?.stringValue ?? "")
    }

    public static func read(directory: String) throws -> DatasetManifest {
        let path = directory + "/" + fileName
        let bytes = try FileReader.readAll(path)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw ShardError.notADataset(path: path, reason: "manifest is not valid JSON (\(error))")
        }
        return try DatasetManifest(json: json, path: path)
    }

    public func write(directory: String) throws {
        try JSONFile.write(json, to: directory + "/" + Self.fileName)
    }
}
