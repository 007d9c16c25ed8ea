import SeirenCore

/// What `seiren dedup` does. Phases run in this order on the text they leave: boilerplate lines, exact
/// duplicates, near duplicates.
public struct DedupSettings: Sendable {
    public var exact = true
    public var lines = false
    public var minhash = true
    /// Lines in more than this many documents are boilerplate.
    public var lineThreshold = 10
    public var ngram = 5
    public var hashes = 128
    public var bands = 16
    public var rows = 8
    /// Candidates from a shared bucket join a cluster only when their estimated Jaccard is at least this
    /// (0 joins every candidate pair, as a plain LSH query does).
    public var threshold = 0.7
    public var seed: UInt64 = 1

    public init() {}

    /// The ranges, one set for the command line and the manifest.
    public func validate() throws {
        guard exact || lines || minhash else { throw SettingError("", "nothing to do: enable {exact}, {lines} or {minhash}") }
        try SettingError.check("line_threshold", lineThreshold, in: 1...Int(Int32.max))
        try SettingError.check("ngram", ngram, in: 1...64)
        try SettingError.check("hashes", hashes, in: 1...4096)
        try SettingError.check("bands", bands, in: 1...4096)
        try SettingError.check("rows", rows, in: 1...4096)
        guard bands * rows <= hashes else {
            throw SettingError("", "{bands} × {rows} (\(bands * rows)) is more than {hashes} (\(hashes))")
        }
        try SettingError.check("threshold", threshold, in: 0...1)
    }

    public var json: JSONValue {
        .object([
            ("stage", "dedup"), ("exact", .bool(exact)), ("lines", .bool(lines)), ("minhash", .bool(minhash)),
            ("line_threshold", .int(lineThreshold)), ("ngram", .int(ngram)), ("hashes", .int(hashes)),
            ("bands", .int(bands)), ("rows", .int(rows)), ("threshold", .double(threshold)), ("seed", .number(String(seed))),
        ])
    }
}
