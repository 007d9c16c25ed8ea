import SeirenCore

/// Phase `clusters`, one unit: the pairs of every band joined by union-find into clusters. Each cluster keeps one
/// document by the keep rule; the others are near duplicates of it. Clusters are numbered by their kept document's
/// input position, so the numbers do not depend on hashing order. Writes `near` (document, kept document, cluster,
/// estimated Jaccard with the kept one as the bits of a Double), sorted by document. Its memory is bounded by the
/// pairs, not by the documents: only documents that pair with another are numbered (about 60 bytes each).
enum ClusterPhase {
    static func run(workspace: DedupWorkspace) throws {
        // The pairs are read band by band and joined as they come: memory holds the documents that pair (a number
        // each, and their union-find), not the pairs, which repeat across bands.
        var numbers: [UInt64: Int32] = [:]
        var members: [UInt64] = []
        var sets = UnionFind(count: 0)
        func number(_ document: UInt64) -> Int {
            if let number = numbers[document] { return Int(number) }
            numbers[document] = Int32(members.count)
            members.append(document)
            return sets.addSet()
        }
        for band in 0..<workspace.settings.bands {
            let reader = try RecordReader(path: workspace.file(.pairs, band, "pairs"), width: 2)
            while let record = try reader.next() {
                sets.union(number(record[record.startIndex]), number(record[record.startIndex + 1]))
            }
        }
        numbers = [:]

        // Members grouped by root; which member is a cluster's root does not matter: the kept one is chosen by the
        // keep rule, and clusters are numbered by it.
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
        let writer = try RecordWriter(path: unit.path("near"), width: 4)
        for entry in near {
            try writer.append([entry.document.value, entry.kept.value, UInt64(entry.cluster), entry.jaccard.bitPattern])
        }
        try writer.close()
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
