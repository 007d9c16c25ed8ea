import SeirenCore

/// Who may see a contribution. `private` and `consortium` bundles are always encrypted; `public` ones may be
/// signed only.
public enum Visibility: String, CaseIterable, Sendable {
    case `private`
    case consortium
    case `public`
}

/// Everything that decides what `seiren ingest` produces, recorded in the ingest manifest.
public struct IngestSettings {
    public var contributor: String
    public var license: String
    public var visibility: Visibility
    public var redaction: Redactor.Options
    /// `added` for documents that have none.
    public var added: String
    public var maxShardBytes: Int
    public var zstdLevel: Int32
    public var workers: Int

    public init(contributor: String, license: String, visibility: Visibility,
                redaction: Redactor.Options = Redactor.Options(), added: String, maxShardBytes: Int = 256 << 20,
                zstdLevel: Int32 = 3, workers: Int = defaultWorkerCount) {
        self.contributor = contributor
        self.license = license
        self.visibility = visibility
        self.redaction = redaction
        self.added = added
        self.maxShardBytes = maxShardBytes
        self.zstdLevel = zstdLevel
        self.workers = workers
    }

    public var json: JSONValue {
        var redactionPairs: [(String, JSONValue)] = [
            ("kinds", .array(redaction.kinds.sorted().map { .string($0.rawValue) })),
        ]
        if redaction.kinds.contains(.person) {
            redactionPairs.append(("person_dictionary", .string(FileSystem.lastComponent(redaction.dictionary))))
        }
        return .object([
            ("stage", "ingest"),
            ("contributor", .string(contributor)), ("license", .string(license)),
            ("visibility", .string(visibility.rawValue)),
            ("redaction", .object(redactionPairs)),
            ("added", .string(added)),
            ("max_shard_bytes", .int(maxShardBytes)), ("zstd_level", .int(zstdLevel)),
        ])
    }
}
