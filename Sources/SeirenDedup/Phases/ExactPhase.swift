/// Exact duplicates: documents with equal content hashes; all but the kept one (keep rule) are marked.
public enum ExactPhase {
    public static func run(ids: [String], contentHashes: [String], decisions: inout [DedupDecision]) {
        let rule = KeepRule(ids: ids)
        var kept: [String: Int] = [:]
        for index in ids.indices {
            guard decisions[index] == .keep else { continue }
            if let current = kept[contentHashes[index]] {
                if rule.prefers(index, over: current) { kept[contentHashes[index]] = index }
            } else {
                kept[contentHashes[index]] = index
            }
        }
        for index in ids.indices where decisions[index] == .keep {
            let winner = kept[contentHashes[index]]!
            if winner != index { decisions[index] = .exactDuplicate(kept: winner) }
        }
    }
}
