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
    public mutating func finish(banded: [Int], ids: [String], decisions: inout [DedupDecision]) throws -> Result {
        var members: [Int: [Int]] = [:]
        for document in banded { members[sets.find(document), default: []].append(document) }
        let rule = KeepRule(ids: ids)
        var clusters: [(kept: Int, members: [Int])] = members.values.compactMap { list in
            list.count > 1 ? (list.min { rule.prefers($0, over: $1) }!, list) : nil
        }
        clusters.sort { $0.kept < $1.kept }
        for (number, cluster) in clusters.enumerated() {
            for member in cluster.members where member != cluster.kept {
                decisions[member] = .nearDuplicate(cluster: number, kept: cluster.kept,
                                                   jaccard: try jaccard(member, cluster.kept))
            }
        }
        result.clusters = clusters.count
        return result
    }
}
