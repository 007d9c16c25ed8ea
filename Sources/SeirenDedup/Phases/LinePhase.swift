import SeirenCore

/// Phase 1, for one shard: how many of the shard's documents contain each line. Shards merge by summing, on disk
/// (`LineCountRuns`).
public enum LinePhase {
    public static func run(shard: String, threshold: Int, workers: Int, added: String,
                           progress: ((Int) -> Void)? = nil) throws -> LineBoilerplate {
        var lines = LineBoilerplate(threshold: threshold)
        let batches = DocumentBatches(inputs: [shard], added: added)
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
            batch.records.compactMap { record -> Set<UInt64>? in
                guard case .document(let document, _) = record else { return nil }
                return LineBoilerplate.distinctLines(of: document.text)
            }
        }, consume: { sets in
            for set in sets { lines.add(set) }
            progress?(batches.bytesRead)
        })
        return lines
    }
}
