import Foundation
import SeirenCore

/// The three forms of a measurement: a terminal table, JSON, and an SVG bar chart of tokens per character.
public enum MeasurementReport {
    static let columns = ["tokenizer", "source", "texts", "characters", "tokens", "tokens/char", "chars/token",
                          "bytes/token", "unk %", "byte %", "cross %"]

    /// "cross %" reads "-" when the morpheme segmentation was skipped.
    private static func row(_ name: String, _ source: String, _ c: TokenCounts, morphemes: Bool) -> [String] {
        [name, source, String(c.texts), String(c.characters), String(c.tokens),
         String(format: "%.4f", c.tokensPerCharacter), String(format: "%.3f", c.charactersPerToken),
         String(format: "%.3f", c.bytesPerToken), String(format: "%.3f", c.unknownRate * 100),
         String(format: "%.3f", c.byteFallbackRate * 100), morphemes ? String(format: "%.3f", c.crossingRate * 100) : "-"]
    }

    /// One row per tokenizer and source, then the tokenizer's total ("*").
    public static func table(_ measurement: TokenizerMeasurement) -> String {
        var rows = [columns]
        for result in measurement.results {
            for (source, counts) in result.sources { rows.append(row(result.name, source, counts, morphemes: measurement.morphemes)) }
            rows.append(row(result.name, "*", result.total, morphemes: measurement.morphemes))
        }
        let widths = columns.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { cells in
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i < 2 ? cell + pad : pad + cell  // names left, numbers right
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func json(_ c: TokenCounts, morphemes: Bool) -> JSONValue {
        var object: JSONValue = [
            "texts": .int(c.texts), "characters": .int(c.characters), "bytes": .int(c.bytes), "tokens": .int(c.tokens),
            "unknown_tokens": .int(c.unknown), "byte_fallback_tokens": .int(c.byteFallback),
            "tokens_per_character": .double(c.tokensPerCharacter), "characters_per_token": .double(c.charactersPerToken),
            "bytes_per_token": .double(c.bytesPerToken), "unknown_rate": .double(c.unknownRate),
            "byte_fallback_rate": .double(c.byteFallbackRate),
        ]
        if morphemes {
            object.set("morpheme_crossing_tokens", .int(c.crossing))
            object.set("morpheme_crossing_rate", .double(c.crossingRate))
        }
        return object
    }

    public static func json(_ measurement: TokenizerMeasurement) -> JSONValue {
        .object([
            ("tokenizers", .array(measurement.results.map { result in
                .object([
                    ("tokenizer", .string(result.tokenizer)),
                    ("model", .string(FileSystem.lastComponent(result.modelPath))),
                    ("vocabulary_size", .int(result.vocabularySize)),
                    ("total", json(result.total, morphemes: measurement.morphemes)),
                    ("sources", .object(result.sources.map { ($0.source, json($0.counts, morphemes: measurement.morphemes)) })),
                ])
            })),
            ("skipped", .int(measurement.skipped)),
        ])
    }

    /// Horizontal bars of tokens per character (fewer is better), one group per source plus the totals.
    public static func svg(_ measurement: TokenizerMeasurement) -> String {
        var groups: [(String, [(String, Double)])] = []
        var sources: [String] = []
        for result in measurement.results { for (s, _) in result.sources where !sources.contains(s) { sources.append(s) } }
        for source in sources.sorted() + ["all sources"] {
            let bars = measurement.results.compactMap { r -> (String, Double)? in
                let counts = source == "all sources" ? r.total : r.sources.first { $0.source == source }?.counts
                return counts.map { (r.name, $0.tokensPerCharacter) }
            }
            groups.append((source, bars))
        }
        let maxValue = max(groups.flatMap { $0.1.map(\.1) }.max() ?? 1, 1e-9)
        let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"]
        let barHeight = 18, gap = 6, label = 260, chart = 420, width = label + chart + 80
        var y = 40
        var body = ""
        for (source, bars) in groups {
            body += "<text x=\"10\" y=\"\(y + 12)\" font-weight=\"bold\">\(escape(source))</text>\n"
            y += barHeight + gap
            for (i, bar) in bars.enumerated() {
                let w = Int((bar.1 / maxValue * Double(chart)).rounded())
                body += "<text x=\"20\" y=\"\(y + 13)\">\(escape(bar.0))</text>\n"
                body += "<rect x=\"\(label)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"\(colors[i % colors.count])\"/>\n"
                body += "<text x=\"\(label + w + 5)\" y=\"\(y + 13)\">\(String(format: "%.4f", bar.1))</text>\n"
                y += barHeight + gap
            }
            y += gap
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(y + 10)" font-family="sans-serif" font-size="12">
        <text x="10" y="20" font-size="14">Tokens per character (fewer is better)</text>
        \(body)</svg>

        """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
