/// Exact duplicates: documents with equal content hashes; all but the kept one (keep rule) are marked. The
/// documents still kept are sorted by hash (24 bytes each while it runs) rather than put in a dictionary.
public enum ExactPhase {
    public static func run(ids: DocumentIDs, contentHashes: [ContentHash], decisions: inout [DedupDecision]) {
        let rule = KeepRule(ids: ids)
        var byHash: [(hash: ContentHash, document: Int32)] = []
        for index in ids.indices where decisions[index] == .keep {
            byHash.append((contentHashes[index], Int32(index)))
        }
        byHash.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.document < $1.document }
        var runStart = 0
        while runStart < byHash.count {
            var runEnd = runStart + 1
            while runEnd < byHash.count && byHash[runEnd].hash == byHash[runStart].hash { runEnd += 1 }
            if runEnd - runStart > 1 {
                var winner = Int(byHash[runStart].document)
                for member in (runStart + 1)..<runEnd where rule.prefers(Int(byHash[member].document), over: winner) {
                    winner = Int(byHash[member].document)
                }
                for member in runStart..<runEnd where Int(byHash[member].document) != winner {
                    decisions[Int(byHash[member].document)] = .exactDuplicate(kept: Int32(winner))
                }
            }
            runStart = runEnd
        }
    }
}
