/// What dedup decided for one document. Documents are addressed by 32-bit input positions (as bucket entries and
/// union-find are), so a decision is 24 bytes.
public enum DedupDecision: Equatable, Sendable {
    case keep
    case boilerplateOnly
    case exactDuplicate(kept: Int32)
    case nearDuplicate(cluster: Int32, kept: Int32, jaccard: Double)
}

/// The keep rule of exact and near duplicates: the smallest `id` in UTF-8 byte order, then the earliest in input
/// order.
struct KeepRule {
    let ids: DocumentIDs

    func prefers(_ a: Int, over b: Int) -> Bool {
        ids.equal(a, b) ? a < b : ids.precedes(a, b)
    }
}
