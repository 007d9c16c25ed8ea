import Foundation
import SeirenCore

/// The report of a run: `OUT/report.json` for programs, `OUT/report.html` (with inline SVG charts) for people.
public struct RunReport {
    public var manifest: PipelineManifest
    public var added: String
    public var workers: Int
    public var stages: [StageRecord]
    public var seconds: Double
    public var output: DatasetManifest
    public var rejects: DatasetManifest
    /// Per source: documents kept, documents rejected, characters kept.
    public var sources: [(name: String, kept: Int, rejected: Int, characters: Int)]
    /// Document lengths in characters, in power-of-two bins: (upper bound, count).
    public var lengthHistogram: [(Int, Int)]
    public var rawBytes: Int
    /// The trained vocabulary's folder and its report (tokens per character on held-out text), when trained.
    public var vocabulary: String?
    public var vocabularyReport: JSONValue = .null

    /// The token shards (OUT/tokens) and the measurement of tokenizers on the output, when asked for.
    public var tokens: String?
    public var measurement: JSONValue = .null
    /// Publishing and the steps after it (train, encode, measure): seconds each, in order.
    public var stepSeconds: [(String, Double)] = []

    public var tokensPerCharacter: Double? { vocabularyReport["held_out"]?["tokens_per_character"]?.doubleValue }

    /// Per-source counts and the length histogram of OUT/documents and OUT/rejects, taken while they are written
    /// (so the report does not read the corpus once more).
    struct OutputTally {
        var kept: [String: (documents: Int, characters: Int)] = [:]
        var rejected: [String: Int] = [:]
        /// Documents kept per power-of-two length bound.
        var bins: [Int: Int] = [:]

        mutating func keep(_ document: Document) {
            let n = document.characterCount
            kept[document.source, default: (0, 0)].documents += 1
            kept[document.source, default: (0, 0)].characters += n
            var bound = 16
            while bound < n { bound *= 2 }
            bins[bound, default: 0] += 1
        }

        mutating func reject(_ document: Document) { rejected[document.source, default: 0] += 1 }
    }

    static func build(manifest: PipelineManifest, added: String, workers: Int, stages: [StageRecord], tally: OutputTally,
                      vocabulary: String? = nil, rawBytes: Int, seconds: Double) throws -> RunReport {
        let output = try DatasetManifest.read(directory: manifest.output + "/documents")
        let rejects = try DatasetManifest.read(directory: manifest.output + "/rejects")
        let (kept, rejected, bins) = (tally.kept, tally.rejected, tally.bins)
        let names = manifest.sources.map(\.name)
        let others = Set(kept.keys).union(rejected.keys).subtracting(names).sorted()
        let sources = (names + others).map { name in
            (name: name, kept: kept[name]?.0 ?? 0, rejected: rejected[name] ?? 0, characters: kept[name]?.1 ?? 0)
        }
        var report = RunReport(manifest: manifest, added: added, workers: workers, stages: stages, seconds: seconds,
                               output: output, rejects: rejects, sources: sources,
                               lengthHistogram: bins.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                               rawBytes: rawBytes, vocabulary: vocabulary)
        if let vocabulary {
            report.vocabularyReport = (try? JSONParser.parse(try FileReader.readAll(vocabulary + "/report.json"))) ?? .null
        }
        return report
    }

    private var stepSecondsJSON: JSONValue {
        .object(stepSeconds.map { name, seconds in (name, JSONValue.double((seconds * 1000).rounded() / 1000)) })
    }

    public var json: JSONValue {
        .object([
            ("manifest", .string(manifest.file)), ("name", .string(manifest.name)), ("seiren", .string(Seiren.version)),
            ("added", .string(added)), ("workers", .int(workers)),
            ("raw_input_bytes", .int(rawBytes)), ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("documents", .object([
                ("shards", .int(output.shards.count)), ("documents", .int(output.documents)),
                ("characters", .int(output.characters)), ("bytes", .int(output.bytes)),
            ])),
            ("rejects", .object([("documents", .int(rejects.documents)), ("characters", .int(rejects.characters))])),
            ("stages", .array(stages.map(\.json))),
            ("sources", .array(sources.map {
                .object([("source", .string($0.name)), ("kept", .int($0.kept)), ("rejected", .int($0.rejected)),
                         ("characters", .int($0.characters))])
            })),
            ("length_histogram", .array(lengthHistogram.map { .object([("max_characters", .int($0.0)), ("documents", .int($0.1))]) })),
            ("vocabulary", vocabulary.map { .object([
                ("path", .string($0)), ("tokens_per_character", tokensPerCharacter.map(JSONValue.double) ?? .null),
                ("settings", vocabularyReport["settings"] ?? .null),
            ]) } ?? .null),
            ("tokens", tokens.map { .string($0) } ?? .null),
            ("measure", measurement), ("step_seconds", stepSecondsJSON),
        ])
    }

    /// The headline numbers, for the end of a run.
    public var summary: String {
        var lines: [String] = []
        let first = stages.first?.documentsIn ?? 0
        lines.append("run \(manifest.name): \(first) records in, \(output.documents) documents out (\(output.characters) characters), \(rejects.documents) rejected" + String(format: ", %.1fs", seconds))
        for stage in stages {
            let top = stage.reasons.prefix(3).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            lines.append("  \(stage.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(stage.documentsIn) → \(stage.documentsOut)" + (top.isEmpty ? "" : "   rejected: \(top)"))
        }
        lines.append("  documents: \(manifest.output)/documents   rejects: \(manifest.output)/rejects")
        if let vocabulary {
            let tpc = tokensPerCharacter.map { String(format: ", %.4f tokens per character on held-out text", $0) } ?? ""
            lines.append("  vocabulary: \(vocabulary)\(tpc)")
        }
        if let tokens { lines.append("  tokens:    \(tokens) (Megatron-LM .bin/.idx)") }
        if measurement != .null { lines.append("  measure:   \(manifest.output)/measure.json and measure.svg") }
        lines.append("  report:    \(manifest.output)/report.html and report.json")
        return lines.joined(separator: "\n")
    }

    func write(_ output: String) throws {
        try JSONFile.write(json, to: output + "/report.json")
        try AtomicFileWriter.write(Array(HTMLReport.render(self).utf8), to: output + "/report.html")
    }
}
