/// Phases 3 and 4: bucket entries of every shard (`LSHBanding.entries`, merged by sorting) become clusters.
/// Documents sharing a bucket are candidates; a candidate joins the bucket's first document, or failing that the
/// previous one, when their estimated Jaccard reaches `threshold` (0: every candidate joins). Each cluster keeps
/// one document by the keep rule; the others are marked near duplicates of it. Clusters are numbered by their kept
/// document's input position, so the numbers do not depend on hashing order.
public enum ClusterPhase {
    public struct Result: Sendable {
        public var clusters = 0
        public var candidatePairs = 0
    }

    public static func run(sortedEntries entries: [LSHBanding.Entry], signatures: SignatureStore, ids: [String],
                           threshold: Double, decisions: inout [DedupDecision]) -> Result {
        var result = Result()
        var sets = UnionFind(count: ids.count)
        var runStart = 0
        while runStart < entries.count {
            var runEnd = runStart + 1
            while runEnd < entries.count && entries[runEnd].band == entries[runStart].band
                && entries[runEnd].key == entries[runStart].key { runEnd += 1 }
            let first = Int(entries[runStart].document)
            for member in (runStart + 1)..<max(runStart + 1, runEnd) {
                let document = Int(entries[member].document)
                result.candidatePairs += 1
                if threshold <= 0 || signatures.estimatedJaccard(document, first) >= threshold {
                    sets.union(document, first)
                } else {
                    let previous = Int(entries[member - 1].document)
                    if signatures.estimatedJaccard(document, previous) >= threshold { sets.union(document, previous) }
                }
            }
            runStart = runEnd
        }
        var members: [Int: [Int]] = [:]
        for entry in entries { members[sets.find(Int(entry.document)), default: []].append(Int(entry.document)) }
        let rule = KeepRule(ids: ids)
        var clusters: [(kept: Int, members: [Int])] = members.values.compactMap { list in
            let unique = Array(Set(list))
            return unique.count > 1 ? (unique.min { rule.prefers($0, over: $1) }!, unique) : nil
        }
        clusters.sort { $0.kept < $1.kept }
        for (number, cluster) in clusters.enumerated() {
            for member in cluster.members where member != cluster.kept {
                decisions[member] = .nearDuplicate(cluster: number, kept: cluster.kept,
                                                   jaccard: signatures.estimatedJaccard(member, cluster.kept))
            }
        }
        result.clusters = clusters.count
        return result
    }
}
