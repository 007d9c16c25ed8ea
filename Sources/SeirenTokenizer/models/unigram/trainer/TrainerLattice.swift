import Foundation

/// The current piece set during Unigram training, and the lattice computations over one unit: forward-backward
/// expected counts (E step), Viterbi segmentation (pruning). Mirrors sentencepiece's `PopulateNodes`,
/// `PopulateMarginal` and `Viterbi`: every piece that matches at a character start is a node; a character no
/// single piece covers gets an unknown node scored 10 below the lowest score.
struct TrainerPieceSet {
    let pieces: [[UInt8]]
    let scores: [Float]
    let trie: PieceTrie
    let unknownScore: Float
    /// exp(score) per piece and of the unknown score: forward-backward runs in linear space.
    let probabilities: [Double]
    let unknownProbability: Double

    /// `withTrie: false` for an E step that reads the seed lattices and never walks the trie.
    init(pieces: [[UInt8]], scores: [Float], withTrie: Bool = true) {
        self.init(pieces: pieces, scores: scores, trie: withTrie ? Self.trie(pieces) : PieceTrie(pieces: []))
    }

    /// New scores over the same pieces (re-estimation): the trie is built once.
    init(pieces: [[UInt8]], scores: [Float], trie: PieceTrie) {
        self.pieces = pieces
        self.scores = scores
        self.trie = trie
        unknownScore = (scores.min() ?? 0) - UnigramModel.unknownPenalty
        probabilities = scores.map { exp(Double($0)) }
        unknownProbability = exp(Double(unknownScore))
    }

    static func trie(_ pieces: [[UInt8]]) -> PieceTrie {
        PieceTrie(pieces: pieces.enumerated().map { ($0.element, Int32($0.offset)) })
    }
}

/// Storage a workspace owns and grows itself: the lattice loops index raw memory, with none of an array's
/// uniqueness, exclusivity or reference-count bookkeeping per unit or per node.
struct LatticeBuffer<Element> {
    private(set) var base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    private(set) var capacity = 1

    /// Makes room for `count` elements, keeping the first `keeping`.
    @inline(__always)
    mutating func reserve(_ count: Int, keeping: Int = 0) {
        guard count > capacity else { return }
        let newCapacity = max(count, 2 * capacity)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: keeping)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    func free() { base.deallocate() }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Reusable buffers for one thread: a lattice's nodes (ordered by start) and the per-position values of
/// forward-backward and Viterbi. A struct kept in a local variable (and `free()`d by its owner), not a class: a
/// class's stored properties cost a dynamic exclusivity check on every access, and this is touched per node.
struct LatticeWorkspace {
    /// Nodes in the lattice.
    var count = 0
    var starts = LatticeBuffer<Int32>()
    var ends = LatticeBuffer<Int32>()
    var ids = LatticeBuffer<Int32>()
    var scores = LatticeBuffer<Float>()
    private var probabilities = LatticeBuffer<Double>()
    private var alpha = LatticeBuffer<Double>()
    private var beta = LatticeBuffer<Double>()
    private var alphaShift = LatticeBuffer<Int32>()
    private var betaShift = LatticeBuffer<Int32>()
    private var best = LatticeBuffer<Double>()
    private var backNode = LatticeBuffer<Int32>()

    /// Gives the buffers back; the workspace is not used after.
    func free() {
        for buffer in [starts, ends, ids, alphaShift, betaShift, backNode] { buffer.free() }
        scores.free()
        for buffer in [probabilities, alpha, beta, best] { buffer.free() }
    }

    /// Makes room for `nodes` nodes, keeping the first `keeping`.
    @inline(__always)
    mutating func reserveNodes(_ nodes: Int, keeping: Int = 0) {
        guard nodes > starts.capacity else { return }
        starts.reserve(nodes, keeping: keeping)
        ends.reserve(nodes, keeping: keeping)
        ids.reserve(nodes, keeping: keeping)
        scores.reserve(nodes, keeping: keeping)
    }

    @inline(__always)
    mutating func addNode(_ start: Int, _ end: Int, _ id: Int32, _ score: Float) {
        starts[count] = Int32(start)
        ends[count] = Int32(end)
        ids[count] = id
        scores[count] = score
        count += 1
    }

    /// Fills the nodes of `unit`, ordered by start.
    mutating func populate(_ unit: UnsafeBufferPointer<UInt8>, _ set: TrainerPieceSet) {
        set.scores.withUnsafeBufferPointer { scores in
            populate(unit, trie: set.trie, scores: scores, unknownScore: set.unknownScore, renumber: nil)
        }
    }

    /// Fills the nodes of `unit` from `trie`, ordered by start. With `renumber`, the trie's ids are renumbered
    /// through it (-1: the piece is gone), so a trie of a larger set (the seeds) serves any later piece set.
    mutating func populate(_ unit: UnsafeBufferPointer<UInt8>, trie: PieceTrie, scores: UnsafeBufferPointer<Float>,
                           unknownScore: Float, renumber: UnsafeBufferPointer<Int32>?) {
        count = 0
        var start = 0
        let size = unit.count
        // At most one node per trie depth and an unknown one at each start.
        let perStart = trie.depth + 1
        while start < size {
            reserveNodes(count + perStart, keeping: count)
            let characterLength = min(UTF8Scalar.oneCharLength(unit[start]), size - start)
            var hasSingle = false
            trie.forEachPrefix(unit, from: start) { length, trieId in
                var pieceId = trieId
                if let renumber {
                    pieceId = renumber[Int(trieId)]
                    if pieceId < 0 { return }
                }
                addNode(start, start + length, pieceId, scores[Int(pieceId)])
                if length == characterLength { hasSingle = true }
            }
            if !hasSingle { addNode(start, start + characterLength, -1, unknownScore) }
            start += characterLength
        }
    }

    /// Adds `frequency` × the marginal probability of each node to `expected`; returns `frequency` × log Z.
    ///
    /// Forward-backward in linear space with each piece's probability computed once per E step, where
    /// sentencepiece adds log-probabilities with a log-sum-exp per node (five exp/log per node). Long lines would
    /// underflow a Double, so each position's value carries its own binary shift (scaling by powers of two is
    /// exact); the marginals take the shifts back out.
    mutating func addMarginals(size: Int, frequency: Double, set: TrainerPieceSet, expected: inout [Double]) -> Double {
        alpha.reserve(size + 1)
        beta.reserve(size + 1)
        alphaShift.reserve(size + 1)
        betaShift.reserve(size + 1)
        probabilities.reserve(count)
        let count = self.count
        let alpha = self.alpha, beta = self.beta, alphaShift = self.alphaShift, betaShift = self.betaShift
        let p = probabilities, starts = self.starts, ends = self.ends, ids = self.ids
        return set.probabilities.withUnsafeBufferPointer { pieceProbabilities in
            for i in 0...size {
                alpha[i] = 0
                beta[i] = 0
                alphaShift[i] = 0
                betaShift[i] = 0
            }
            alpha[0] = 1
            beta[size] = 1
            for n in 0..<count {
                let id = ids[n]
                p[n] = id >= 0 ? pieceProbabilities[Int(id)] : set.unknownProbability
            }
            // Forward: a start's value is complete when its first node comes (nodes are ordered by start).
            var current = -1
            for n in 0..<count {
                let s = Int(starts[n]), e = Int(ends[n])
                if s != current {
                    current = s
                    Self.rescale(alpha, alphaShift, s)
                }
                let c = alpha[s] * p[n]
                if alpha[e] == 0 {
                    alpha[e] = c
                    alphaShift[e] = alphaShift[s]
                } else {
                    let d = alphaShift[e] - alphaShift[s]
                    alpha[e] += d == 0 ? c : Self.scaled(c, Int(d))
                }
            }
            Self.rescale(alpha, alphaShift, size)
            // Backward: a start's value is complete when the nodes of the next lower start begin.
            current = -1
            var n = count
            while n > 0 {
                n -= 1
                let s = Int(starts[n]), e = Int(ends[n])
                if s != current {
                    if current >= 0 { Self.rescale(beta, betaShift, current) }
                    current = s
                }
                let c = beta[e] * p[n]
                if beta[s] == 0 {
                    beta[s] = c
                    betaShift[s] = betaShift[e]
                } else {
                    let d = betaShift[s] - betaShift[e]
                    beta[s] += d == 0 ? c : Self.scaled(c, Int(d))
                }
            }
            let z = alpha[size], zShift = alphaShift[size]
            guard z > 0 else { return 0 }
            for n in 0..<count where ids[n] >= 0 {
                let s = Int(starts[n]), e = Int(ends[n])
                let a = alpha[s], b = beta[e]
                if a == 0 || b == 0 { continue }
                var marginal = a * p[n] * b / z
                let k = zShift - alphaShift[s] - betaShift[e]
                if k != 0 { marginal = Self.scaled(marginal, Int(k)) }
                expected[Int(ids[n])] += frequency * marginal
            }
            return frequency * (log(z) - Double(zShift) * M_LN2)
        }
    }

    /// A forward or backward value below 2^-256 once complete is scaled up by a power of two (exact) and its
    /// position keeps the shift; a contribution from a position at another shift is scaled to the receiving one's.
    @inline(__always)
    static func rescale(_ values: LatticeBuffer<Double>, _ shifts: LatticeBuffer<Int32>, _ i: Int) {
        let v = values[i]
        if v > 0 && v < 0x1p-256 {
            let k = -v.exponent
            values[i] = scaled(v, k)
            shifts[i] += Int32(k)
        }
    }

    /// x × 2^k.
    @inline(__always)
    static func scaled(_ x: Double, _ k: Int) -> Double {
        x == 0 ? 0 : Double(sign: .plus, exponent: k, significand: x)
    }

    /// The index of the node from `start` to `end` with piece `id`, or -1.
    func node(start: Int, end: Int, id: Int32) -> Int {
        var n = 0
        while n < count && Int(starts[n]) <= start {
            if Int(starts[n]) == start && Int(ends[n]) == end && ids[n] == id { return n }
            n += 1
        }
        return -1
    }

    /// The best path's node ids (unknown nodes as -1), leaving out node `excluding`; empty if there is no path.
    mutating func viterbi(size: Int, excluding: Int = -1) -> [Int32] {
        best.reserve(size + 1)
        backNode.reserve(size + 1)
        let best = self.best, backNode = self.backNode, starts = self.starts, ends = self.ends, scores = self.scores
        for i in 0...size {
            best[i] = -.infinity
            backNode[i] = -1
        }
        best[0] = 0
        for n in 0..<count where n != excluding {
            let s = Int(starts[n]), e = Int(ends[n])
            guard best[s] > -.infinity else { continue }
            let candidate = best[s] + Double(scores[n])
            if backNode[e] < 0 || candidate > best[e] {
                best[e] = candidate
                backNode[e] = Int32(n)
            }
        }
        guard backNode[size] >= 0 else { return [] }
        var path: [Int32] = []
        var position = size
        while position > 0 {
            let n = Int(backNode[position])
            path.append(ids[n])
            position = Int(starts[n])
        }
        return path.reversed()
    }
}
