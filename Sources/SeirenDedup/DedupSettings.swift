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

    public func validate() throws {
        struct Invalid: Error, CustomStringConvertible { var description: String }
        guard exact || lines || minhash else { throw Invalid(description: "nothing to do: enable --exact, --lines or --minhash") }
        guard ngram >= 1 else { throw Invalid(description: "--ngram must be at least 1") }
        guard hashes >= 1, bands >= 1, rows >= 1 else { throw Invalid(description: "--hashes, --bands and --rows must be positive") }
        guard bands * rows <= hashes else {
            throw Invalid(description: "--bands × --rows (\(bands * rows)) is more than --hashes (\(hashes))")
        }
        guard lineThreshold >= 1 else { throw Invalid(description: "--line-threshold must be at least 1") }
        guard threshold >= 0 && threshold <= 1 else { throw Invalid(description: "--threshold must be in 0...1") }
    }

    public var json: JSONValue {
        .object([
            ("stage", "dedup"), ("exact", .bool(exact)), ("lines", .bool(lines)), ("minhash", .bool(minhash)),
            ("line_threshold", .int(lineThreshold)), ("ngram", .int(ngram)), ("hashes", .int(hashes)),
            ("bands", .int(bands)), ("rows", .int(rows)), ("threshold", .double(threshold)), ("seed", .number(String(seed))),
        ])
    }
}
