/// What dedup decided for one document.
enum DedupDecision: Equatable, Sendable {
    case keep
    case boilerplateOnly
    case exactDuplicate(kept: DocumentRef)
    case nearDuplicate(cluster: Int, kept: DocumentRef, jaccard: Double)
}
