import Foundation
import SeirenCore

/// What dedup decided for one document.
enum DedupDecision {
    case keep
    case boilerplateOnly
    case exactDuplicate(kept: Int)
    case nearDuplicate(cluster: Int, kept: Int, jaccard: Double)
}

/// Counts and findings of a dedup run (written to OUT/dedup-report.json).
public struct DedupReport: Sendable {
    public var summary = StageSummary()
    public var boilerplateLines = 0
    /// The most frequent removed lines: (documents, text).
    public var topRemovedLines: [(Int, String)] = []
    public var documentsWithLinesRemoved = 0
    public var linesRemoved = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    public var clusters = 0
    public var candidatePairs = 0
    public var settings: JSONValue = .null
    public var phaseSeconds: [(String, Double)] = []

    public var json: JSONValue {
        .object([
            ("stage", "dedup"), ("summary", summary.json), ("settings", settings),
            ("lines", .object([
                ("boilerplate_lines", .int(boilerplateLines)), ("lines_removed", .int(linesRemoved)),
                ("documents_changed", .int(documentsWithLinesRemoved)),
                ("top_removed", .array(topRemovedLines.map { .object([("documents", .int($0.0)), ("line", .string($0.1))]) })),
            ])),
            ("exact_duplicates", .int(exactDuplicates)),
            ("near_duplicates", .object([
                ("removed", .int(nearDuplicates)), ("clusters", .int(clusters)), ("candidate_pairs", .int(candidatePairs)),
            ])),
            ("phase_seconds", .object(phaseSeconds.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })),
        ])
    }
}

/// `seiren dedup`, as phases over the input shards:
/// 1. lines: each shard counts its distinct lines; the counts are summed (boilerplate = in > T documents);
/// 2. signatures: each shard's documents (boilerplate removed) get a content hash of their canonical text and a
///    MinHash signature; the signature store is the only per-document memory kept;
/// 3. buckets: each shard's signatures are banded into bucket entries; entries of all shards are merged by sorting;
/// 4. clusters: candidates sharing a bucket (and, with a threshold, similar enough) are joined by union-find;
/// 5. removal: each shard is read again and every document written to documents/ or rejects/ with its reason.
/// Here the phases run in one process, shard after shard; each takes one shard's data and returns mergeable
/// results, so a cluster of machines can run them apart. Keep rule (exact and near): the smallest `id` in UTF-8
/// byte order, then the earliest in input order.
public enum DedupStage {
    public static func run(inputs: [String], output: String, settings: DedupSettings, workers: Int, added: String,
                           maxShardBytes: Int = 256 << 20, zstdLevel: Int32 = 3,
                           progress: ProgressReporter? = nil,
                           onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> DedupReport {
        try settings.validate()
        let start = ContinuousClock.now
        var report = DedupReport()
        report.settings = settings.json
        var phaseStart = ContinuousClock.now
        func endPhase(_ name: String) {
            report.phaseSeconds.append((name, (ContinuousClock.now - phaseStart).seconds))
            phaseStart = .now
        }

        // Phase 1: line document frequencies.
        var boilerplate: [UInt64: Int32] = [:]
        if settings.lines {
            var lines = LineBoilerplate(threshold: settings.lineThreshold)
            let batches = DocumentBatches(inputs: inputs, added: added)
            try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
                batch.records.compactMap { record -> Set<UInt64>? in
                    guard case .document(let document, _) = record else { return nil }
                    return LineBoilerplate.distinctLines(of: document.text)
                }
            }, consume: { sets in
                for set in sets { lines.add(set) }
                progress?.update(documents: 0, bytes: batches.bytesRead)
            })
            boilerplate = lines.boilerplate()
            report.boilerplateLines = boilerplate.count
            endPhase("lines")
        }

        // Phase 2: content hashes and signatures.
        let hasher = MinHasher(ngram: settings.ngram, hashes: settings.hashes, seed: settings.seed)
        var store = SignatureStore(hashes: settings.minhash ? settings.hashes : 0)
        var ids: [String] = []
        var contentHashes: [String] = []
        var decisions: [DedupDecision] = []
        do {
            let batches = DocumentBatches(inputs: inputs, added: added)
            let boilerplate = boilerplate
            try orderedParallelMap(workers: workers, next: batches.next, transform: { batch in
                var scalars: [UInt32] = []
                var signature = [UInt32](repeating: .max, count: settings.minhash ? settings.hashes : 0)
                return try batch.records.compactMap { record -> Fingerprint? in
                    guard case .document(let document, _) = record else { return nil }
                    let (text, removed) = LineBoilerplate.remove(from: document.text, boilerplate: boilerplate)
                    var fingerprint = Fingerprint(id: document.id)
                    if !removed.isEmpty && text.unicodeScalars.allSatisfy({ isWhitespace($0.value) }) {
                        fingerprint.boilerplateOnly = true
                        return fingerprint
                    }
                    guard settings.exact || settings.minhash else { return fingerprint }
                    let canonical = try CanonicalText.of(text, scalars: &scalars)
                    if settings.exact { fingerprint.contentHash = Hex.sha256(canonical) }
                    if settings.minhash {
                        fingerprint.hasSignature = scalars.withUnsafeBufferPointer { s in
                            signature.withUnsafeMutableBufferPointer { hasher.signature(of: s, into: $0) }
                        }
                        fingerprint.signature = signature
                    }
                    return fingerprint
                }
            }, consume: { fingerprints in
                for fingerprint in fingerprints {
                    ids.append(fingerprint.id)
                    contentHashes.append(fingerprint.contentHash ?? "")
                    decisions.append(fingerprint.boilerplateOnly ? .boilerplateOnly : .keep)
                    if settings.minhash {
                        store.append(fingerprint.signature.isEmpty ? [UInt32](repeating: .max, count: settings.hashes)
                                                                   : fingerprint.signature,
                                     present: fingerprint.hasSignature && !fingerprint.boilerplateOnly)
                    }
                }
                progress?.update(documents: ids.count, bytes: batches.bytesRead)
            })
            endPhase("signatures")
        }

        func keptFirst(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (ids[a].utf8, ids[b].utf8)
            return x.elementsEqual(y) ? a < b : x.lexicographicallyPrecedes(y)
        }

        // Exact duplicates.
        if settings.exact {
            var groups: [String: Int] = [:]
            for index in ids.indices {
                guard case .keep = decisions[index] else { continue }
                if let kept = groups[contentHashes[index]] {
                    if keptFirst(index, kept) {
                        decisions[kept] = .exactDuplicate(kept: index)
                        groups[contentHashes[index]] = index
                    } else {
                        decisions[index] = .exactDuplicate(kept: kept)
                    }
                } else {
                    groups[contentHashes[index]] = index
                }
            }
            // A group's earlier losers point at a then-kept document: point them all at the final one.
            for index in ids.indices {
                if case .exactDuplicate = decisions[index], let kept = groups[contentHashes[index]] {
                    decisions[index] = .exactDuplicate(kept: kept)
                }
            }
            contentHashes = []
            endPhase("exact")
        }

        // Phases 3 and 4: buckets and clusters.
        if settings.minhash {
            let banding = LSHBanding(bands: settings.bands, rows: settings.rows)
            var eligible = store.hasSignature
            for index in ids.indices { if case .keep = decisions[index] {} else { eligible[index] = false } }
            var entries: [LSHBanding.Entry] = []
            // Per shard-sized slices, as a distributed run would band each shard apart.
            let slice = 65_536
            for lower in stride(from: 0, to: ids.count, by: slice) {
                entries += banding.entries(store, documents: lower..<min(ids.count, lower + slice)).filter { eligible[Int($0.document)] }
            }
            entries.sort()
            endPhase("buckets")
            var sets = UnionFind(count: ids.count)
            var runStart = 0
            while runStart < entries.count {
                var runEnd = runStart + 1
                while runEnd < entries.count && entries[runEnd].band == entries[runStart].band
                    && entries[runEnd].key == entries[runStart].key { runEnd += 1 }
                let first = Int(entries[runStart].document)
                for member in (runStart + 1)..<max(runStart + 1, runEnd) {
                    let document = Int(entries[member].document)
                    report.candidatePairs += 1
                    if settings.threshold <= 0 || store.estimatedJaccard(document, first) >= settings.threshold {
                        sets.union(document, first)
                    } else {
                        let previous = Int(entries[member - 1].document)
                        if store.estimatedJaccard(document, previous) >= settings.threshold { sets.union(document, previous) }
                    }
                }
                runStart = runEnd
            }
            var members: [Int: [Int]] = [:]
            for index in ids.indices where eligible[index] { members[sets.find(index), default: []].append(index) }
            // Clusters numbered by their kept document's position, so numbers do not depend on hashing order.
            var clusters: [(kept: Int, members: [Int])] = members.values.filter { $0.count > 1 }.map { list in
                (list.min(by: keptFirst)!, list)
            }
            clusters.sort { $0.kept < $1.kept }
            for (number, cluster) in clusters.enumerated() {
                for member in cluster.members where member != cluster.kept {
                    decisions[member] = .nearDuplicate(cluster: number, kept: cluster.kept,
                                                       jaccard: store.estimatedJaccard(member, cluster.kept))
                }
            }
            report.clusters = clusters.count
            endPhase("clusters")
        }
        store = SignatureStore(hashes: 0)

        // Phase 5: removal.
        let stageOutput = try StageOutput(directory: output, settings: settings.json, maxShardBytes: maxShardBytes,
                                          level: zstdLevel)
        var removedLineText: [UInt64: String] = [:]
        let batches = DocumentBatches(inputs: inputs, added: added)
        let boilerplateLines = boilerplate
        try orderedParallelMap(workers: workers, next: batches.next, transform: { batch -> [(DocumentReader.Record, Document?, [(UInt64, Substring)])] in
            batch.records.map { record in
                guard case .document(var document, _) = record else { return (record, nil, []) }
                let (text, removed) = LineBoilerplate.remove(from: document.text, boilerplate: boilerplateLines)
                if !removed.isEmpty {
                    document.text = text
                    document.annotate("dedup", .object([("lines_removed", .int(removed.count))]))
                }
                return (record, document, removed)
            }
        }, consume: { results in
            for (record, document, removed) in results {
                switch record {
                case .bad(let bad):
                    report.summary.badRecords += 1
                    report.summary.reasons[bad.reason.hasPrefix("invalid UTF-8") ? "invalid UTF-8" : "unreadable record", default: 0] += 1
                    onBadRecord(bad)
                    try stageOutput.rejects.write(bad.asRejectedDocument(stage: "dedup", added: added))
                    continue
                case .document(let original, _):
                    let document = document!
                    let position = report.summary.documentsIn
                    report.summary.documentsIn += 1
                    report.summary.charactersIn += original.characterCount
                    if !removed.isEmpty {
                        report.documentsWithLinesRemoved += 1
                        report.linesRemoved += removed.count
                        for (key, line) in removed where removedLineText[key] == nil { removedLineText[key] = String(line) }
                    }
                    let rejection: Rejection?
                    switch decisions[position] {
                    case .keep: rejection = nil
                    case .boilerplateOnly:
                        rejection = Rejection(stage: "dedup", reason: "boilerplate_only",
                                              details: [("lines_removed", .int(removed.count))])
                    case .exactDuplicate(let kept):
                        report.exactDuplicates += 1
                        rejection = Rejection(stage: "dedup", reason: "exact_duplicate", details: [("kept_id", .string(ids[kept]))])
                    case .nearDuplicate(let cluster, let kept, let jaccard):
                        report.nearDuplicates += 1
                        rejection = Rejection(stage: "dedup", reason: "near_duplicate", details: [
                            ("cluster", .int(cluster)), ("kept_id", .string(ids[kept])),
                            ("estimated_jaccard", .double((jaccard * 10_000).rounded() / 10_000)),
                        ])
                    }
                    if let rejection {
                        report.summary.rejected += 1
                        report.summary.reasons[rejection.reason, default: 0] += 1
                        // The rejected document keeps its original text: nothing is lost.
                        try stageOutput.reject(original, rejection)
                    } else {
                        report.summary.documentsOut += 1
                        report.summary.charactersOut += document.characterCount
                        try stageOutput.accept(document)
                    }
                }
            }
            progress?.update(documents: report.summary.documentsIn, bytes: batches.bytesRead)
        })
        try stageOutput.finish()
        progress?.finish()
        endPhase("removal")
        report.summary.bytesIn = batches.bytesDone
        report.topRemovedLines = boilerplate.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(20).map { (Int($0.value), removedLineText[$0.key] ?? "") }
        report.summary.seconds = (ContinuousClock.now - start).seconds
        try AtomicFileWriter.write(JSONWriter.serialize(report.json, pretty: true) + [0x0A], to: output + "/dedup-report.json")
        return report
    }
}

/// What the signature phase keeps of one document.
struct Fingerprint {
    var id: String
    var contentHash: String?
    var signature: [UInt32] = []
    var hasSignature = false
    var boilerplateOnly = false
}
