import SeirenCore

/// Phase `signatures`, per part: each document's boilerplate lines are removed, then its canonical text is hashed
/// (exact) and signed (MinHash), in parallel over the part's documents. Writes, in the part's unit:
/// - `ids`, `id-ends`: the documents' ids (`PartIDs`); `flags`: a byte a document (1: boilerplate only,
///   2: has a signature);
/// - `signatures`: every document's signature (`hashes` 32-bit values), by position;
/// - `exact-R`: (content hash, position) of the documents exact dedup compares, one file per hash partition,
///   sorted;
/// - `band-B`: (bucket key, position) of the documents with a signature, one file per band, sorted.
/// Memory holds the part's keys (16 bytes a document and band) while they are sorted, never its signatures.
enum SignaturePhase {
    static let boilerplateOnlyFlag: UInt8 = 1
    static let signedFlag: UInt8 = 2

    /// What a batch of documents gives: per document its id, flags, content hash and signature.
    private struct Batch {
        var ids: [String] = []
        var flags: [UInt8] = []
        var contentHashes: [ContentHash] = []
        var signatures: [UInt32] = []
    }

    static func run(part: Int, inputs: [String], boilerplate: [UInt64: Int32], workspace: DedupWorkspace,
                    workers: Int, added: String, progress: ((Int, Int) -> Void)? = nil) throws {
        let settings = workspace.settings
        let hashes = settings.minhash ? settings.hashes : 0
        let hasher = MinHasher(ngram: settings.ngram, hashes: max(1, settings.hashes), seed: settings.seed)
        let banding = LSHBanding(bands: settings.bands, rows: settings.rows)
        let emptySignature = [UInt32](repeating: .max, count: hashes)
        let unit = try DedupUnit(workspace.unit(.signatures, part))
        let signatureFile = hashes > 0 ? try AtomicFileWriter(path: unit.path("signatures")) : nil
        var ids: [String] = []
        var flags: [UInt8] = []
        var exact: [(hash: ContentHash, position: UInt32)] = []
        var bandKeys = [[(key: UInt64, position: UInt32)]](repeating: [], count: hashes > 0 ? settings.bands : 0)
        let batches = DocumentBatches(inputs: inputs, added: added)
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
            var result = Batch()
            var scalars: [UInt32] = []
            var bytes: [UInt8] = []
            var signature = emptySignature
            for record in batch.records {
                guard case .document(let document, _) = record else { continue }
                let (text, removed) = LineBoilerplate.remove(from: document.text, boilerplate: boilerplate)
                let boilerplateOnly = !removed.isEmpty && text.unicodeScalars.allSatisfy { isWhitespace($0.value) }
                var contentHash = ContentHash.none
                var signed = false
                signature.withUnsafeMutableBufferPointer { $0.update(repeating: .max) }
                if !boilerplateOnly && (settings.exact || settings.minhash) {
                    try CanonicalText.scalars(of: text, into: &scalars)
                    if settings.exact {
                        CanonicalText.utf8(of: scalars, into: &bytes)
                        contentHash = ContentHash(canonicalUTF8: bytes)
                    }
                    if settings.minhash {
                        signed = scalars.withUnsafeBufferPointer { s in
                            signature.withUnsafeMutableBufferPointer { hasher.signature(of: s, into: $0) }
                        }
                    }
                }
                result.ids.append(document.id)
                result.flags.append((boilerplateOnly ? boilerplateOnlyFlag : 0) | (signed ? signedFlag : 0))
                result.contentHashes.append(contentHash)
                result.signatures += signature
            }
            return result
        }, consume: { batch in
            for (k, documentFlags) in batch.flags.enumerated() {
                let position = UInt32(ids.count + k)
                if settings.exact && documentFlags & boilerplateOnlyFlag == 0 { exact.append((batch.contentHashes[k], position)) }
                if documentFlags & signedFlag != 0 {
                    batch.signatures.withUnsafeBufferPointer { all in
                        let signature = UnsafeBufferPointer(rebasing: all[(k * hashes)..<((k + 1) * hashes)])
                        for band in bandKeys.indices { bandKeys[band].append((banding.key(signature, band: band), position)) }
                    }
                }
            }
            try batch.signatures.withUnsafeBytes { try signatureFile?.write($0) }
            ids += batch.ids
            flags += batch.flags
            progress?(ids.count, batches.bytesRead)
        })
        guard ids.count < Int(Int32.max) else {
            throw FileError(path: inputs.first ?? "", reason: "a part holds more than 2^31 documents; split the input into more parts")
        }
        try signatureFile?.commit()
        try PartIDs.write(ids, to: unit)
        try AtomicFileWriter.write(flags, to: unit.path("flags"))
        if settings.exact {
            let partitions = workspace.hashPartitions
            var byPartition = [[UInt64]](repeating: [], count: partitions)
            exact.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.position < $1.position }
            for entry in exact {
                byPartition[Int(entry.hash.high % UInt64(partitions))] += [entry.hash.high, entry.hash.low, UInt64(entry.position)]
            }
            for (partition, records) in byPartition.enumerated() {
                try RecordWriter.write(words: records, width: 3, to: unit.path("exact-\(partition)"))
            }
        }
        for band in bandKeys.indices {
            bandKeys[band].sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
            var words: [UInt64] = []
            words.reserveCapacity(2 * bandKeys[band].count)
            for entry in bandKeys[band] {
                words.append(entry.key)
                words.append(UInt64(entry.position))
            }
            try RecordWriter.write(words: words, width: 2, to: unit.path("band-\(band)"))
            bandKeys[band] = []
        }
        try unit.commit(.object([("documents", .int(ids.count))]))
    }

    /// A part's flags, a byte a document.
    static func flags(part: Int, workspace: DedupWorkspace) throws -> [UInt8] {
        try FileReader.readAll(workspace.file(.signatures, part, "flags"))
    }
}
