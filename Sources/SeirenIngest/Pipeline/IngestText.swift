import SeirenCore

/// The words `seiren ingest` prints: summaries of a run, a dry run and a verified bundle. Kept here, beside the
/// types, so the command-line layer only parses and delegates.
public enum IngestText {
    public static func spans(_ redactions: [FieldRedaction]) -> String {
        redactions.map { "\($0.field) \($0.span.kind.rawValue)@\($0.span.start)+\($0.span.length)" }.joined(separator: ", ")
    }

    public static func counts(_ counts: [RedactionKind: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    }

    public static func inputs(_ records: [IngestInputRecord]) -> [String] {
        var lines = ["inputs (\(records.count) files):"]
        for r in records {
            var line = "  \(r.outcome.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(r.file.recordedName)  sha256 \(r.sha256.prefix(16))…"
            if r.outcome == .documents || r.documents > 0 { line += "  \(r.documents) documents" }
            if !r.rejections.isEmpty { line += ", \(r.rejections.count) records rejected" }
            if let reason = r.reason { line += "  (\(reason))" }
            lines.append(line)
            for rejection in r.rejections.prefix(5) {
                lines.append("      rejected" + (rejection.line.map { " line \($0)" } ?? "") + ": \(rejection.reason)")
            }
            if r.rejections.count > 5 { lines.append("      ... \(r.rejections.count - 5) more in the ingest manifest") }
        }
        return lines
    }

    public static func summary(_ result: IngestRun.Result) -> String {
        let r = result.report
        return "\(result.documents) documents from \(result.inputs.count) files; redacted \(r.total) items in \(r.documentsRedacted) documents (\(counts(r.totals)))"
    }

    public static func verification(_ v: BundleReader.Verification, path: String, checkedContributor: Bool,
                                    datasetMatches: Bool?) -> [String] {
        let h = v.header
        var lines = ["\(path): OK (structure and signature valid)"]
        lines.append("  contributor:  \(h.contributor), signed by \(h.signingKeyID)"
                     + (checkedContributor ? " (matches the expected contributor key)"
                        : " (identity not checked: pass --contributor-key CONTRIBUTOR.pub)"))
        lines.append("  license:      \(h.license)")
        lines.append("  visibility:   \(h.visibility)")
        switch h.protection {
        case .hpke: lines.append("  encryption:   \(h.protection.rawValue), to recipient \(h.recipientKeyID ?? "?")")
        case .none: lines.append("  encryption:   none (public bundle: signed only)")
        }
        lines.append("  payload:      \(v.chunks) chunks, \(v.bytes) bytes, archive sha256 \(h.payloadSHA256)")
        lines.append("  made by:      seiren \(h.toolVersion)")
        if let entries = v.entries {
            lines.append("  files:")
            for e in entries { lines.append("    \(e.path) (\(e.size) bytes)") }
        }
        if let datasetMatches {
            lines.append(datasetMatches ? "  dataset:      the bundle holds exactly the given dataset directory"
                                        : "  dataset:      DIFFERENT from the given dataset directory")
        }
        return lines
    }
}
