import SeirenCore

/// Phase `clusters`, one unit: the pairs of every band joined by union-find into clusters. Each cluster keeps one
/// document by the keep rule; the others are near duplicates of it. Clusters are numbered by their kept document's
/// input position, so the numbers do not depend on hashing order. Writes `near` (document, kept document, cluster,
/// estimated Jaccard with the kept one as the bits of a Double), sorted by document. Its memory is bounded by the
/// pairs, not by the documents: only documents that pair with another are numbered.
enum ClusterPhase {
    static func run(workspace: DedupWorkspace) throws {
        var pairs: [(UInt64, UInt64)] = []
        for band in 0..<workspace.settings.bands {
            let reader = try RecordReader(path: workspace.file(.pairs, band, "pairs"), width: 2)
            while let record = try reader.next() { pairs.append((record[record.startIndex], record[record.startIndex + 1])) }
        }
        var members = pairs.flatMap { [$0.0, $0.1] }
        members.sort()
        members = members.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
        func number(_ document: UInt64) -> Int {
            var low = 0, high = members.count
            while low < high {
                let mid = (low + high) / 2
                if members[mid] < document { low = mid + 1 } else { high = mid }
            }
            return low
        }
        var sets = UnionFind(count: members.count)
        for (a, b) in pairs { sets.union(number(a), number(b)) }
        pairs = []

        // Members grouped by root (roots are each cluster's first member, in input order).
        var byRoot = members.indices.map { (root: Int32(sets.find($0)), member: Int32($0)) }
        byRoot.sort { $0.root != $1.root ? $0.root < $1.root : $0.member < $1.member }
        let ids = WorkspaceIDs(workspace)
        var clusters: [(kept: DocumentRef, members: Range<Int>)] = []
        var runStart = 0
        while runStart < byRoot.count {
            var runEnd = runStart + 1
            while runEnd < byRoot.count && byRoot[runEnd].root == byRoot[runStart].root { runEnd += 1 }
            let documents = byRoot[runStart..<runEnd].map { DocumentRef(members[Int($0.member)]) }
            clusters.append((try ids.kept(of: documents), runStart..<runEnd))
            runStart = runEnd
        }
        clusters.sort { $0.kept < $1.kept }
        let signatures = WorkspaceSignatures(workspace)
        var near: [(document: DocumentRef, kept: DocumentRef, cluster: Int, jaccard: Double)] = []
        for (number, cluster) in clusters.enumerated() {
            for member in cluster.members {
                let document = DocumentRef(members[Int(byRoot[member].member)])
                if document != cluster.kept {
                    near.append((document, cluster.kept, number, try signatures.estimatedJaccard(document, cluster.kept)))
                }
            }
        }
        near.sort { $0.document < $1.document }
        let unit = try DedupUnit(workspace.unit(.clusters, 0))
        var words: [UInt64] = []
        for entry in near { words += [entry.document.value, entry.kept.value, UInt64(entry.cluster), entry.jaccard.bitPattern] }
        try RecordWriter.write(words: words, width: 4, to: unit.path("near"))
        try unit.commit(.object([("clusters", .int(clusters.count)), ("near_duplicates", .int(near.count))]))
    }

    /// The near duplicates of `part`: position → its decision.
    static func removed(inPart part: Int, workspace: DedupWorkspace) throws -> [Int: DedupDecision] {
        var result: [Int: DedupDecision] = [:]
        guard workspace.settings.minhash else { return result }
        let reader = try RecordReader(path: workspace.file(.clusters, 0, "near"), width: 4, bufferRecords: 1)
        for record in try reader.records(firstWordIn: DocumentRef.range(ofPart: part)) {
            result[DocumentRef(record[0]).position] = .nearDuplicate(cluster: Int(record[2]), kept: DocumentRef(record[1]),
                                                                      jaccard: Double(bitPattern: record[3]))
        }
        return result
    }
}
