import SeirenCore

/// What the signature phase keeps of a shard's documents, in input order: ids, content hashes, boilerplate-only
/// flags and MinHash signatures. Never the text. Shards merge by appending in input order.
public struct ShardFingerprints: Sendable {
    public var ids = DocumentIDs()
    /// Of the canonical text (`.none` when exact dedup is off or the document is boilerplate only).
    public var contentHashes: [ContentHash] = []
    public var boilerplateOnly: [Bool] = []
    public var signatures: SignatureStore

    public init(hashes: Int) { signatures = SignatureStore(hashes: hashes) }

    public var count: Int { ids.count }

    public mutating func append(contentsOf other: ShardFingerprints) {
        ids.append(contentsOf: other.ids)
        contentHashes += other.contentHashes
        boilerplateOnly += other.boilerplateOnly
        signatures.append(contentsOf: other.signatures)
    }
}

/// Phase 2, for one shard: each document's boilerplate lines are removed, then its canonical text is hashed
/// (exact) and signed (MinHash), in parallel over the shard's documents.
public enum SignaturePhase {
    public static func run(shard: String, boilerplate: [UInt64: Int32], settings: DedupSettings, workers: Int,
                           added: String, progress: ((Int, Int) -> Void)? = nil) throws -> ShardFingerprints {
        let hashes = settings.minhash ? settings.hashes : 0
        let hasher = MinHasher(ngram: settings.ngram, hashes: max(1, settings.hashes), seed: settings.seed)
        var result = ShardFingerprints(hashes: hashes)
        let emptySignature = [UInt32](repeating: .max, count: hashes)
        let batches = DocumentBatches(inputs: [shard], added: added)
        // Each batch fills its own fingerprints (signatures written into one flat array, no array per document);
        // the shard's are the batches' appended in input order.
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
            var fingerprints = ShardFingerprints(hashes: hashes)
            var scalars: [UInt32] = []
            var bytes: [UInt8] = []
            var signature = emptySignature
            for record in batch.records {
                guard case .document(let document, _) = record else { continue }
                let (text, removed) = LineBoilerplate.remove(from: document.text, boilerplate: boilerplate)
                let boilerplateOnly = !removed.isEmpty && text.unicodeScalars.allSatisfy { isWhitespace($0.value) }
                var contentHash = ContentHash.none
                var hasSignature = false
                if !boilerplateOnly && (settings.exact || settings.minhash) {
                    try CanonicalText.scalars(of: text, into: &scalars)
                    if settings.exact {
                        CanonicalText.utf8(of: scalars, into: &bytes)
                        contentHash = ContentHash(canonicalUTF8: bytes)
                    }
                    if settings.minhash {
                        hasSignature = scalars.withUnsafeBufferPointer { s in
                            signature.withUnsafeMutableBufferPointer { hasher.signature(of: s, into: $0) }
                        }
                    }
                }
                fingerprints.ids.append(document.id)
                fingerprints.contentHashes.append(contentHash)
                fingerprints.boilerplateOnly.append(boilerplateOnly)
                if hashes > 0 {
                    fingerprints.signatures.append(hasSignature ? signature : emptySignature, present: hasSignature)
                }
            }
            return fingerprints
        }, consume: { fingerprints in
            result.append(contentsOf: fingerprints)
            progress?(result.count, batches.bytesRead)
        })
        return result
    }
}
