import Foundation
import SeirenCore

/// A single self-contained HTML page: tables for the numbers, inline SVG bar charts where a picture is quicker.
enum HTMLReport {
    static func render(_ report: RunReport) -> String {
        var body = "<h1>Seiren run: \(escape(report.manifest.name))</h1>\n"
        body += "<p>\(report.stages.first?.documentsIn ?? 0) records in, <b>\(report.output.documents) documents out</b> "
        body += "(\(report.output.characters) characters in \(report.output.shards.count) shards), \(report.rejects.documents) rejected. "
        body += "Seiren \(Seiren.version), \(report.workers) workers, \(String(format: "%.1f", report.seconds)) s, "
        body += "\(ByteSize.text(report.rawBytes)) of raw input.</p>\n"

        body += "<h2>Documents through the stages</h2>\n"
        body += bars(report.stages.map { ("\($0.name)", Double($0.documentsOut), "\($0.documentsOut) of \($0.documentsIn)") })
        body += "<table><tr><th>stage</th><th>in</th><th>out</th><th>rejected</th><th>characters out</th><th>seconds</th><th>rejections</th></tr>\n"
        for stage in report.stages {
            let reasons = stage.reasons.map { "\(escape($0.0)): \($0.1)" }.joined(separator: "<br>")
            body += "<tr><td>\(stage.name)</td><td>\(stage.documentsIn)</td><td>\(stage.documentsOut)</td><td>\(stage.rejected)</td>"
            body += "<td>\(stage.charactersOut)</td><td>\(String(format: "%.2f", stage.seconds))</td><td>\(reasons)</td></tr>\n"
        }
        body += "</table>\n"

        let allReasons = report.stages.flatMap { stage in stage.reasons.map { ("\(stage.name): \($0.0)", Double($0.1), "\($0.1)") } }
        if !allReasons.isEmpty {
            body += "<h2>Why documents were rejected</h2>\n" + bars(allReasons)
        }

        body += "<h2>Sources</h2>\n<table><tr><th>source</th><th>kept</th><th>rejected</th><th>characters kept</th></tr>\n"
        for source in report.sources {
            body += "<tr><td>\(escape(source.name))</td><td>\(source.kept)</td><td>\(source.rejected)</td><td>\(source.characters)</td></tr>\n"
        }
        body += "</table>\n"

        if !report.lengthHistogram.isEmpty {
            body += "<h2>Document lengths (characters)</h2>\n"
            body += bars(report.lengthHistogram.map { ("≤ \($0.0)", Double($0.1), "\($0.1)") })
        }

        for stage in report.stages where stage.name == "dedup" {
            if let top = stage.details["lines"]?["top_removed"]?.arrayValue, !top.isEmpty {
                body += "<h2>Most frequent boilerplate lines removed</h2>\n<table><tr><th>documents</th><th>line</th></tr>\n"
                for item in top.prefix(20) {
                    body += "<tr><td>\(item["documents"]?.intValue ?? 0)</td><td>\(escape(item["line"]?.stringValue ?? ""))</td></tr>\n"
                }
                body += "</table>\n"
            }
            if let near = stage.details["near_duplicates"] {
                body += "<p>Near-duplicate clusters: \(near["clusters"]?.intValue ?? 0), documents removed as near duplicates: "
                body += "\(near["removed"]?.intValue ?? 0); exact duplicates removed: \(stage.details["exact_duplicates"]?.intValue ?? 0).</p>\n"
            }
        }

        if let vocabulary = report.vocabulary {
            let settings = report.vocabularyReport["settings"]
            body += "<h2>Vocabulary</h2>\n<p>\(escape(vocabulary)): \(escape(settings?["model"]?.stringValue ?? "")) model, "
            body += "\(settings?["vocab_size"]?.intValue ?? 0) pieces"
            if let tpc = report.tokensPerCharacter {
                body += ", <b>\(String(format: "%.4f", tpc)) tokens per character</b> (\(String(format: "%.2f", 1 / tpc)) characters per token) on held-out text"
            }
            body += ".</p>\n"
        }

        if report.measurement != .null, let svg = try? String(contentsOfFile: report.manifest.output + "/measure.svg", encoding: .utf8) {
            body += "<h2>Tokens per character</h2>\n" + svg + "\n"
        }
        if let tokens = report.tokens {
            body += "<p>Token ids for training: \(escape(tokens)) (Megatron-LM indexed dataset).</p>\n"
        }

        return """
            <!doctype html>
            <html lang="ja"><head><meta charset="utf-8"><title>Seiren run: \(escape(report.manifest.name))</title>
            <style>
            body { font-family: sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            svg text { font-size: 12px; font-family: sans-serif; }
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    /// A horizontal bar chart as inline SVG.
    static func bars(_ items: [(String, Double, String)]) -> String {
        let width = 640.0, labelWidth = 220.0, rowHeight = 22.0
        let maximum = max(1, items.map(\.1).max() ?? 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(Double(items.count) * rowHeight + 4))\" role=\"img\">\n"
        for (i, item) in items.enumerated() {
            let y = Double(i) * rowHeight + 2
            let length = (width - labelWidth - 80) * item.1 / maximum
            svg += "<text x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 15))\" text-anchor=\"end\">\(escape(String(item.0.prefix(34))))</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 3))\" width=\"\(String(format: "%.1f", length))\" height=\"\(Int(rowHeight - 6))\" fill=\"#4a7ab5\"/>"
            svg += "<text x=\"\(String(format: "%.1f", labelWidth + length + 6))\" y=\"\(Int(y + 15))\">\(escape(item.2))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
