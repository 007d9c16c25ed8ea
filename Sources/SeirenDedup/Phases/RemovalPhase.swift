import SeirenCore

/// Phase `removal`, per part: reads the part again and writes each record to documents/ (boilerplate lines
/// removed) or to rejects/ (original text, with the reason), as the earlier phases decided. Memory holds the
/// part's decisions and the boilerplate lines.
enum RemovalPhase {
    static func run(part: Int, inputs: [String], workspace: DedupWorkspace, boilerplate: [UInt64: Int32],
                    output: StageOutput, workers: Int, added: String, progress: ((Int, Int) -> Void)? = nil,
                    onBadRecord: (BadRecord) -> Void = { _ in }) throws -> DedupPartReport {
        let flags = try SignaturePhase.flags(part: part, workspace: workspace)
        let exact = try ExactPhase.removed(inPart: part, workspace: workspace)
        let near = try ClusterPhase.removed(inPart: part, workspace: workspace)
        let ids = WorkspaceIDs(workspace)
        // The texts the report shows: the most frequent boilerplate lines'.
        let shown = Set(DedupReport.mostFrequent(boilerplate).map(\.key))
        var report = DedupPartReport()
        let batches = DocumentBatches(inputs: inputs, added: added)
        var position = 0
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
            batch.records.map { record -> (DocumentReader.Record, Document?, [(UInt64, Substring)]) in
                guard case .document(var document, _) = record else { return (record, nil, []) }
                let (text, removed) = LineBoilerplate.remove(from: document.text, boilerplate: boilerplate)
                if !removed.isEmpty {
                    document.text = text
                    document.annotate("dedup", .object([("lines_removed", .int(removed.count))]))
                }
                return (record, document, removed)
            }
        }, consume: { results in
            for (record, cleaned, removed) in results {
                switch record {
                case .bad(let bad):
                    report.summary.badRecords += 1
                    report.summary.reasons[bad.endsFile ? bad.category : bad.reason.hasPrefix("invalid UTF-8") ? "invalid UTF-8" : "unreadable record", default: 0] += 1
                    if bad.endsFile { report.summary.unreadableFiles.append(bad.location.path) }
                    onBadRecord(bad)
                    try output.rejects.write(bad.asRejectedDocument(stage: "dedup", added: added))
                case .document(let original, _):
                    report.summary.documentsIn += 1
                    report.summary.charactersIn += original.characterCount
                    if !removed.isEmpty {
                        report.documentsWithLinesRemoved += 1
                        report.linesRemoved += removed.count
                        for (key, line) in removed where shown.contains(key) && report.lineTexts[key] == nil {
                            report.lineTexts[key] = String(line)
                        }
                    }
                    guard position < flags.count else {
                        throw FileError(path: inputs.first ?? "", reason: "has more documents than when its signatures were made; the input changed during the run")
                    }
                    let decision: DedupDecision = flags[position] & SignaturePhase.boilerplateOnlyFlag != 0 ? .boilerplateOnly
                        : exact[position].map { .exactDuplicate(kept: $0) } ?? near[position] ?? .keep
                    switch decision {
                    case .exactDuplicate: report.exactDuplicates += 1
                    case .nearDuplicate: report.nearDuplicates += 1
                    default: break
                    }
                    if let rejection = try rejection(decision, removedLines: removed.count, ids: ids) {
                        report.summary.rejected += 1
                        report.summary.reasons[rejection.reason, default: 0] += 1
                        try output.reject(original, rejection)  // the original text: nothing is lost
                    } else {
                        report.summary.documentsOut += 1
                        report.summary.charactersOut += cleaned!.characterCount
                        try output.accept(cleaned!)
                    }
                    position += 1
                }
            }
            progress?(position, batches.bytesRead)
        })
        report.summary.bytesIn += batches.bytesDone
        report.summary.blankLines += batches.blankLines
        return report
    }

    static func rejection(_ decision: DedupDecision, removedLines: Int, ids: WorkspaceIDs) throws -> Rejection? {
        switch decision {
        case .keep:
            return nil
        case .boilerplateOnly:
            return Rejection(stage: "dedup", reason: "boilerplate_only", details: [("lines_removed", .int(removedLines))])
        case .exactDuplicate(let kept):
            return Rejection(stage: "dedup", reason: "exact_duplicate", details: [("kept_id", .string(try ids.string(kept)))])
        case .nearDuplicate(let cluster, let kept, let jaccard):
            return Rejection(stage: "dedup", reason: "near_duplicate", details: [
                ("cluster", .int(cluster)), ("kept_id", .string(try ids.string(kept))),
                ("estimated_jaccard", .double((jaccard * 10_000).rounded() / 10_000)),
            ])
        }
    }
}
