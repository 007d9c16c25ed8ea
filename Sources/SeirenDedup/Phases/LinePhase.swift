import SeirenCore

/// Phase `lines`, per part: how many of the part's documents contain each line, written as one file per hash
/// partition (`counts-R`: line hash, documents), sorted by hash. Memory holds one part's distinct lines.
enum LinePhase {
    static func run(part: Int, inputs: [String], workspace: DedupWorkspace, workers: Int, added: String,
                    progress: ((Int) -> Void)? = nil) throws {
        var lines = LineBoilerplate(threshold: workspace.settings.lineThreshold)
        let batches = DocumentBatches(inputs: inputs, added: added)
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
            batch.records.compactMap { record -> Set<UInt64>? in
                guard case .document(let document, _) = record else { return nil }
                return LineBoilerplate.distinctLines(of: document.text)
            }
        }, consume: { sets in
            for set in sets { lines.add(set) }
            progress?(batches.bytesRead)
        })
        let partitions = workspace.hashPartitions
        var byPartition = [[UInt64]](repeating: [], count: partitions)
        for (key, count) in lines.documentFrequency.sorted(by: { $0.key < $1.key }) {
            byPartition[Int(key % UInt64(partitions))] += [key, UInt64(count)]
        }
        let unit = try DedupUnit(workspace.unit(.lines, part))
        for (partition, records) in byPartition.enumerated() {
            try RecordWriter.write(words: records, width: 2, to: unit.path("counts-\(partition)"))
        }
        try unit.commit(.object([("distinct_lines", .int(lines.documentFrequency.count))]))
    }
}

/// Phase `boilerplate`, per line partition: every part's counts of the partition merged (one read buffer a part);
/// the lines in more than the threshold's documents written to `lines` (hash, documents).
enum BoilerplatePhase {
    static func run(partition: Int, workspace: DedupWorkspace) throws {
        var merge = try RecordMerge(paths: (0..<workspace.parts).map { workspace.file(.lines, $0, "counts-\(partition)") },
                                    width: 2, keyWords: 1)
        let unit = try DedupUnit(workspace.unit(.boilerplate, partition))
        let writer = try RecordWriter(path: unit.path("lines"), width: 2)
        var pending: (key: UInt64, total: UInt64)?
        func flush() throws {
            if let line = pending, line.total > UInt64(workspace.settings.lineThreshold) { try writer.append(line.key, line.total) }
        }
        while let (_, record) = try merge.next() {
            if pending?.key == record[0] {
                pending!.total += record[1]
            } else {
                try flush()
                pending = (record[0], record[1])
            }
        }
        try flush()
        try writer.close()
        try unit.commit(.object([("boilerplate_lines", .int(writer.count))]))
    }
}
