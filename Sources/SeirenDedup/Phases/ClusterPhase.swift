/// Phases 3 and 4: bucket entries (`LSHBanding.entries`), one band at a time, sorted, become clusters. Documents
/// sharing a bucket are candidates; a candidate joins the bucket's first document, or failing that the previous
/// one, when their estimated Jaccard reaches `threshold` (0: every candidate joins). Each cluster keeps one document
/// by the keep rule; the others are marked near duplicates of it. Clusters are numbered by their kept document's
/// input position, so the numbers do not depend on hashing order.
///
/// Bands are independent until the union-find joins them, so entries are made and sorted one band at a time:
/// memory holds one band's entries (24 bytes per document), not all bands' (24 × bands).
public struct ClusterPhase {
    public struct Result: Sendable {
        public var clusters = 0
        public var candidatePairs = 0
    }

    /// The estimated Jaccard of two documents (from their signatures).
    private let jaccard: (Int, Int) throws -> Double
    private let threshold: Double
    private var sets: UnionFind
    private var result = Result()

    public init(documents: Int, threshold: Double, jaccard: @escaping (Int, Int) throws -> Double) {
        self.jaccard = jaccard
        self.threshold = threshold
        sets = UnionFind(count: documents)
    }

    /// Joins the candidates of one band's entries, sorted.
    public mutating func add(sortedBand entries: [LSHBanding.Entry]) throws {
        var runStart = 0
        while runStart < entries.count {
            var runEnd = runStart + 1
            while runEnd < entries.count && entries[runEnd].band == entries[runStart].band
                && entries[runEnd].key == entries[runStart].key { runEnd += 1 }
            let first = Int(entries[runStart].document)
            for member in (runStart + 1)..<max(runStart + 1, runEnd) {
                let document = Int(entries[member].document)
                result.candidatePairs += 1
                if try threshold <= 0 || jaccard(document, first) >= threshold {
                    sets.union(document, first)
                } else {
                    let previous = Int(entries[member - 1].document)
                    if try jaccard(document, previous) >= threshold { sets.union(document, previous) }
                }
            }
            runStart = runEnd
        }
    }

    /// Marks the near duplicates among `banded` (the documents that were given entries), keeping one per cluster.
    /// Members are grouped by sorting (root, document) pairs, 8 bytes a document, not by a dictionary of arrays.
    public mutating func finish(banded: [Int], ids: DocumentIDs, decisions: inout [DedupDecision]) throws -> Result {
        var byRoot: [(root: Int32, document: Int32)] = banded.map { (Int32(sets.find($0)), Int32($0)) }
        byRoot.sort { $0.root != $1.root ? $0.root < $1.root : $0.document < $1.document }
        let rule = KeepRule(ids: ids)
        var clusters: [(kept: Int32, members: Range<Int>)] = []
        var runStart = 0
        while runStart < byRoot.count {
            var runEnd = runStart + 1
            while runEnd < byRoot.count && byRoot[runEnd].root == byRoot[runStart].root { runEnd += 1 }
            if runEnd - runStart > 1 {
                var kept = byRoot[runStart].document
                for member in (runStart + 1)..<runEnd where rule.prefers(Int(byRoot[member].document), over: Int(kept)) {
                    kept = byRoot[member].document
                }
                clusters.append((kept, runStart..<runEnd))
            }
            runStart = runEnd
        }
        clusters.sort { $0.kept < $1.kept }
        for (number, cluster) in clusters.enumerated() {
            for member in cluster.members where byRoot[member].document != cluster.kept {
                let document = Int(byRoot[member].document)
                decisions[document] = .nearDuplicate(cluster: Int32(number), kept: cluster.kept,
                                                     jaccard: try jaccard(document, Int(cluster.kept)))
            }
        }
        result.clusters = clusters.count
        return result
    }
}
