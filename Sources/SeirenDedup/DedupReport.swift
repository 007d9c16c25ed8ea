import SeirenCore

/// Counts and findings of a dedup run (written to OUT/dedup-report.json).
public struct DedupReport: Sendable {
    public var summary = StageSummary()
    public var boilerplateLines = 0
    /// The most frequent removed lines: (documents, text).
    public var topRemovedLines: [(Int, String)] = []
    public var documentsWithLinesRemoved = 0
    public var linesRemoved = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    public var clusters = 0
    public var candidatePairs = 0
    public var settings: JSONValue = .null
    /// Per phase, the seconds its units took (summed over tasks that ran at the same time).
    public var phaseSeconds: [(String, Double)] = []
    /// CPU time per phase (all threads): fairer than wall time on a busy machine.
    public var phaseCPUSeconds: [(String, Double)] = []

    public var json: JSONValue {
        .object([
            ("stage", "dedup"), ("summary", summary.json), ("settings", settings),
            ("lines", .object([
                ("boilerplate_lines", .int(boilerplateLines)), ("lines_removed", .int(linesRemoved)),
                ("documents_changed", .int(documentsWithLinesRemoved)),
                ("top_removed", .array(topRemovedLines.map { .object([("documents", .int($0.0)), ("line", .string($0.1))]) })),
            ])),
            ("exact_duplicates", .int(exactDuplicates)),
            ("near_duplicates", .object([
                ("removed", .int(nearDuplicates)), ("clusters", .int(clusters)), ("candidate_pairs", .int(candidatePairs)),
            ])),
            ("phase_seconds", .object(phaseSeconds.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })),
            ("phase_cpu_seconds", .object(phaseCPUSeconds.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })),
        ])
    }

    /// The report of the whole: the parts' removal reports summed, and the numbers the phases' units wrote.
    static func build(parts: [DedupPartReport], workspace: DedupWorkspace, boilerplate: [UInt64: Int32]) throws -> DedupReport {
        var report = DedupReport()
        report.settings = workspace.settings.json
        var lineTexts: [UInt64: String] = [:]
        for part in parts {
            report.summary.add(part.summary)
            report.documentsWithLinesRemoved += part.documentsWithLinesRemoved
            report.linesRemoved += part.linesRemoved
            report.exactDuplicates += part.exactDuplicates
            report.nearDuplicates += part.nearDuplicates
            lineTexts.merge(part.lineTexts) { first, _ in first }
        }
        report.boilerplateLines = boilerplate.count
        report.topRemovedLines = mostFrequent(boilerplate).map { (Int($0.value), lineTexts[$0.key] ?? "") }
        if workspace.settings.minhash {
            report.clusters = try workspace.summary(.clusters, 0)["clusters"]?.intValue ?? 0
            for band in 0..<workspace.settings.bands {
                report.candidatePairs += try workspace.summary(.pairs, band)["candidate_pairs"]?.intValue ?? 0
            }
        }
        return report
    }

    /// The 20 boilerplate lines in most documents (ties by hash, so the choice is deterministic).
    static func mostFrequent(_ boilerplate: [UInt64: Int32]) -> [(key: UInt64, value: Int32)] {
        Array(boilerplate.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20))
    }
}

/// What the removal phase counts of one part; the stage's report sums them.
struct DedupPartReport: Sendable {
    var summary = StageSummary()
    var documentsWithLinesRemoved = 0
    var linesRemoved = 0
    var exactDuplicates = 0
    var nearDuplicates = 0
    /// The texts of the most frequent boilerplate lines, as this part first met them.
    var lineTexts: [UInt64: String] = [:]

    static let fileName = "dedup-part.json"

    init() {}

    var json: JSONValue {
        .object([
            ("summary", summary.json), ("documents_changed", .int(documentsWithLinesRemoved)),
            ("lines_removed", .int(linesRemoved)), ("exact_duplicates", .int(exactDuplicates)),
            ("near_duplicates", .int(nearDuplicates)),
            ("line_texts", .object(lineTexts.sorted { $0.key < $1.key }.map { (String($0.key), .string($0.value)) })),
        ])
    }

    init(json: JSONValue) {
        summary = StageSummary(json: json["summary"] ?? .null)
        documentsWithLinesRemoved = json["documents_changed"]?.intValue ?? 0
        linesRemoved = json["lines_removed"]?.intValue ?? 0
        exactDuplicates = json["exact_duplicates"]?.intValue ?? 0
        nearDuplicates = json["near_duplicates"]?.intValue ?? 0
        for (key, text) in json["line_texts"]?.objectValue ?? [] {
            if let hash = UInt64(key), let text = text.stringValue { lineTexts[hash] = text }
        }
    }
}
