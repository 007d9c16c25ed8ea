/// Reads every shard of a dataset and checks it against the manifest: present, whole (zstd and JSON), and with the
/// SHA-256, document and character counts the manifest records, and that the folder holds nothing else. What
/// `seiren inspect --verify` reports.
public struct DatasetVerification: Sendable {
    /// One line per mismatch, naming the shard; empty when everything matches.
    public var problems: [String] = []
    /// The first documents read, up to the number asked for.
    public var samples: [Document] = []

    public var isValid: Bool { problems.isEmpty }

    public init(directory: String, manifest: DatasetManifest, samples wanted: Int = 0) throws {
        for shard in manifest.shards {
            let file = directory + "/" + shard.path
            guard FileSystem.exists(file) else { problems.append("\(shard.path): missing"); continue }
            let scan = try ShardScan.scan(file, samples: max(0, wanted - samples.count))
            samples += scan.samples
            if let failure = scan.failure { problems.append(failure) }
            if scan.sha256 != shard.sha256 { problems.append("\(shard.path): sha256 \(scan.sha256) differs from the manifest's \(shard.sha256)") }
            if scan.documents != shard.documents { problems.append("\(shard.path): \(scan.documents) documents, manifest says \(shard.documents)") }
            if scan.characters != shard.characters { problems.append("\(shard.path): \(scan.characters) characters, manifest says \(shard.characters)") }
            if !scan.badRecords.isEmpty { problems.append("\(shard.path): \(scan.badRecords.count) unreadable records") }
        }
        // What the manifest does not list is no part of the dataset, yet a reader of the folder may take it for one.
        let listed = Set(manifest.shards.map(\.path) + [DatasetManifest.fileName, DatasetCard.fileName])
        for name in try FileSystem.contents(of: directory) where !listed.contains(name) {
            problems.append("\(name): in the folder but not listed in the manifest")
        }
    }
}
