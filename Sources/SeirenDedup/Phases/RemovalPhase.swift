import SeirenCore

/// Phase 5, for one shard: reads the shard again and writes each record to documents/ (boilerplate lines removed)
/// or to rejects/ (original text, with the reason). `firstDocument` is the input-order index of the shard's first
/// document, which addresses `decisions` and `ids`.
public enum RemovalPhase {
    public static func run(shard: String, firstDocument: Int, decisions: [DedupDecision], ids: DocumentIDs,
                           boilerplate: [UInt64: Int32], output: StageOutput, report: inout DedupReport,
                           removedLineText: inout [UInt64: String], workers: Int, added: String,
                           progress: ((Int, Int) -> Void)? = nil,
                           onBadRecord: (BadRecord) -> Void = { _ in }) throws {
        let batches = DocumentBatches(inputs: [shard], added: added)
        var position = firstDocument
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
                        for (key, line) in removed where removedLineText[key] == nil { removedLineText[key] = String(line) }
                    }
                    switch decisions[position] {
                    case .exactDuplicate: report.exactDuplicates += 1
                    case .nearDuplicate: report.nearDuplicates += 1
                    default: break
                    }
                    if let rejection = rejection(decisions[position], removedLines: removed.count, ids: ids) {
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
    }

    static func rejection(_ decision: DedupDecision, removedLines: Int, ids: DocumentIDs) -> Rejection? {
        switch decision {
        case .keep:
            return nil
        case .boilerplateOnly:
            return Rejection(stage: "dedup", reason: "boilerplate_only", details: [("lines_removed", .int(removedLines))])
        case .exactDuplicate(let kept):
            return Rejection(stage: "dedup", reason: "exact_duplicate", details: [("kept_id", .string(ids[Int(kept)]))])
        case .nearDuplicate(let cluster, let kept, let jaccard):
            return Rejection(stage: "dedup", reason: "near_duplicate", details: [
                ("cluster", .int(Int(cluster))), ("kept_id", .string(ids[Int(kept)])),
                ("estimated_jaccard", .double((jaccard * 10_000).rounded() / 10_000)),
            ])
        }
    }
}
