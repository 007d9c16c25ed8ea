import SeirenCore

/// The distinct sentences training reads, with their counts, bounded in number: once more than `limit` distinct
/// sentences have been seen, only the `limit` with the smallest hash are kept (bottom-k sampling by a seeded hash).
///
/// Why this sample: the choice depends only on the set of sentences, not on their order or on how the corpus was
/// split, so it is deterministic; a kept sentence was never dropped (its hash is among the smallest of every prefix
/// of the input), so its count is exact; and memory is bounded by `limit`, whatever the corpus size. Below the
/// limit nothing is dropped and the result is exactly the unsampled one. sentencepiece's `input_sentence_size`
/// samples lines instead (reservoir sampling, counts of what it drew).
struct SentenceSample {
    /// 0: no limit.
    let limit: Int
    /// Per slot: the normalized sentence, its count, when it was first seen, and its hash.
    private var sentences: [[UInt8]] = []
    private var counts: [Int] = []
    private var firstSeen: [Int] = []
    private var hashes: [UInt64] = []
    private var index: [SentenceKey: Int] = [:]
    /// Slots as a max-heap by (hash, bytes), built when the limit is reached: the root is the next to drop.
    private var heap = Heap<Int>()
    private var seen = 0
    /// Distinct sentences dropped (and later occurrences of them, which are not told apart).
    private(set) var dropped = 0

    init(limit: Int) { self.limit = limit }

    var count: Int { sentences.count }

    mutating func add(_ sentence: [UInt8]) {
        seen += 1
        let key = SentenceKey(bytes: sentence)
        if let slot = index[key] {
            counts[slot] += 1
            return
        }
        let hash = sentence.withUnsafeBytes { FastHash.bytes($0, seed: 0x5345_4E54) }
        guard limit > 0, sentences.count >= limit else {
            index[key] = sentences.count
            sentences.append(sentence)
            counts.append(1)
            firstSeen.append(seen)
            hashes.append(hash)
            if limit > 0 && sentences.count == limit {
                let (slotHashes, slotSentences) = (hashes, sentences)
                heap = Heap(Array(0..<limit)) { Self.dropsBefore($0, $1, slotHashes, slotSentences) }
            }
            return
        }
        let root = heap.top!
        guard Self.precedes(hash, sentence, hashes[root], sentences[root]) else {
            dropped += 1
            return
        }
        dropped += 1
        index[SentenceKey(bytes: sentences[root])] = nil
        index[key] = root
        (sentences[root], counts[root], firstSeen[root], hashes[root]) = (sentence, 1, seen, hash)
        // Locals: the order reads the slots' tables while the heap, part of self, is mutated.
        let (slotHashes, slotSentences) = (hashes, sentences)
        heap.replaceTop(with: root) { Self.dropsBefore($0, $1, slotHashes, slotSentences) }
    }

    /// The kept sentences in first-seen order with their counts; the sample lets go of them.
    mutating func take() -> (sentences: [[UInt8]], counts: [Int]) {
        index = [:]
        heap = Heap()
        if limit == 0 || sentences.count < limit {
            defer { (sentences, counts) = ([], []) }
            return (sentences, counts)
        }
        let order = firstSeen.indices.sorted { firstSeen[$0] < firstSeen[$1] }
        defer { (sentences, counts, firstSeen, hashes) = ([], [], [], []) }
        return (order.map { sentences[$0] }, order.map { counts[$0] })
    }

    private static func precedes(_ a: UInt64, _ x: [UInt8], _ b: UInt64, _ y: [UInt8]) -> Bool {
        a != b ? a < b : x.lexicographicallyPrecedes(y)
    }

    /// The heap's order: the slot with the greater (hash, bytes) is dropped first.
    @inline(__always)
    private static func dropsBefore(_ a: Int, _ b: Int, _ hashes: [UInt64], _ sentences: [[UInt8]]) -> Bool {
        precedes(hashes[b], sentences[b], hashes[a], sentences[a])
    }
}

/// A sentence as a dictionary key hashed as one block of bytes (an array of bytes hashes byte by byte).
struct SentenceKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
