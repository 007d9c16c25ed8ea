import SeirenCore

/// Phase `exact`, per hash partition: every part's content hashes of the partition merged in order (hash, then
/// input order); of each run of equal hashes all but the kept document (keep rule) are duplicates. Writes
/// `removed` (document, kept document), sorted by document. Memory holds one run and the partition's duplicates.
enum ExactPhase {
    static func run(partition: Int, workspace: DedupWorkspace) throws {
        var merge = try RecordMerge(paths: (0..<workspace.parts).map { workspace.file(.signatures, $0, "exact-\(partition)") },
                                    width: 3, keyWords: 2)
        let ids = WorkspaceIDs(workspace)
        var removed: [(document: DocumentRef, kept: DocumentRef)] = []
        var run: [DocumentRef] = []
        var runHash: (UInt64, UInt64)?
        func endRun() throws {
            if run.count > 1 {
                let kept = try ids.kept(of: run)
                for document in run where document != kept { removed.append((document, kept)) }
            }
            run.removeAll(keepingCapacity: true)
        }
        while let (part, record) = try merge.next() {
            let hash = (record[0], record[1])
            if runHash.map({ $0 != hash }) ?? true {
                try endRun()
                runHash = hash
            }
            run.append(DocumentRef(part: part, position: Int(record[2])))
        }
        try endRun()
        removed.sort { $0.document < $1.document }
        let unit = try DedupUnit(workspace.unit(.exact, partition))
        var words: [UInt64] = []
        for entry in removed {
            words.append(entry.document.value)
            words.append(entry.kept.value)
        }
        try RecordWriter.write(words: words, width: 2, to: unit.path("removed"))
        try unit.commit(.object([("exact_duplicates", .int(removed.count))]))
    }

    /// The exact duplicates of `part` among every partition's: position → kept document.
    static func removed(inPart part: Int, workspace: DedupWorkspace) throws -> [Int: DocumentRef] {
        var result: [Int: DocumentRef] = [:]
        guard workspace.settings.exact else { return result }
        for partition in 0..<workspace.hashPartitions {
            let reader = try RecordReader(path: workspace.file(.exact, partition, "removed"), width: 2, bufferRecords: 1)
            for record in try reader.records(firstWordIn: DocumentRef.range(ofPart: part)) {
                result[DocumentRef(record[0]).position] = DocumentRef(record[1])
            }
        }
        return result
    }
}
