import SeirenCore

/// Phase `pairs`, per band: every part's bucket keys of the band merged in order (key, then input order), exact
/// duplicates left out. Documents sharing a bucket are candidates; a candidate pairs with the bucket's first
/// document, or failing that with the previous one, when their estimated Jaccard reaches `threshold` (0: every
/// candidate pairs). Writes `pairs` (document, document). Memory holds a bit per document for the exact
/// duplicates and one read buffer a part.
enum PairPhase {
    static func run(band: Int, workspace: DedupWorkspace) throws {
        let excluded = try ExcludedDocuments(workspace)
        let signatures = WorkspaceSignatures(workspace)
        let threshold = workspace.settings.threshold
        var merge = try RecordMerge(paths: (0..<workspace.parts).map { workspace.file(.signatures, $0, "band-\(band)") },
                                    width: 2, keyWords: 1)
        let unit = try DedupUnit(workspace.unit(.pairs, band))
        let pairs = try RecordWriter(path: unit.path("pairs"), width: 2)
        var candidates = 0
        var bucket: UInt64?
        var first = DocumentRef(0), previous = DocumentRef(0)
        while let (part, record) = try merge.next() {
            let document = DocumentRef(part: part, position: Int(record[1]))
            if excluded.contains(document) { continue }
            if bucket != record[0] {
                bucket = record[0]
                first = document
            } else {
                candidates += 1
                if try threshold <= 0 || signatures.estimatedJaccard(document, first) >= threshold {
                    try pairs.append(document.value, first.value)
                } else if try signatures.estimatedJaccard(document, previous) >= threshold {
                    try pairs.append(document.value, previous.value)
                }
            }
            previous = document
        }
        try pairs.close()
        try unit.commit(.object([("candidate_pairs", .int(candidates)), ("pairs", .int(pairs.count))]))
    }
}

/// The documents near-duplicate detection leaves out because exact dedup already removed them: a bit a document.
struct ExcludedDocuments {
    private var bits: [UInt64]
    private let firstDocuments: [Int]

    init(_ workspace: DedupWorkspace) throws {
        var first: [Int] = []
        var total = 0
        for count in try workspace.documentCounts() {
            first.append(total)
            total += count
        }
        firstDocuments = first
        bits = [UInt64](repeating: 0, count: (total + 63) / 64)
        guard workspace.settings.exact else { return }
        for partition in 0..<workspace.hashPartitions {
            let reader = try RecordReader(path: workspace.file(.exact, partition, "removed"), width: 2)
            while let record = try reader.next() {
                let index = index(DocumentRef(record[record.startIndex]))
                bits[index >> 6] |= 1 << UInt64(index & 63)
            }
        }
    }

    private func index(_ document: DocumentRef) -> Int { firstDocuments[document.part] + document.position }

    func contains(_ document: DocumentRef) -> Bool {
        let index = index(document)
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }
}
