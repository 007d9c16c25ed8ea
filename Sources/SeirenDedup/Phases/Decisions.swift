/// What dedup decided for one document.
public enum DedupDecision: Equatable, Sendable {
    case keep
    case boilerplateOnly
    case exactDuplicate(kept: Int)
    case nearDuplicate(cluster: Int, kept: Int, jaccard: Double)
}

/// The keep rule of exact and near duplicates: the smallest `id` in UTF-8 byte order, then the earliest in input
/// order.
struct KeepRule {
    let ids: [String]

    func prefers(_ a: Int, over b: Int) -> Bool {
        let (x, y) = (ids[a].utf8, ids[b].utf8)
        return x.elementsEqual(y) ? a < b : x.lexicographicallyPrecedes(y)
    }
}
