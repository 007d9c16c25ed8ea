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
/// uniqueness, exclusivity or reference-count bookkeeping per unit or per node. Not copyable: it frees its memory
/// when its owner goes; a hot loop that wants the memory in a local takes `base`, the bare pointer.
struct LatticeBuffer<Element>: ~Copyable {
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

    deinit { base.deallocate() }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// The per-position values of forward-backward in linear space, shared by the trainer's two lattice forms. Each
/// position's value carries its own binary shift (scaling by powers of two is exact), so long lines cannot underflow
/// a Double; the marginals take the shifts back out. A value below 2^-256 is scaled up once it is complete.
/// The buffers are owned here; the loops work on `pointers`, the same memory as bare pointers.
struct ForwardBackward: ~Copyable {
    var alpha = LatticeBuffer<Double>()
    var beta = LatticeBuffer<Double>()
    var alphaShift = LatticeBuffer<Int32>()
    var betaShift = LatticeBuffer<Int32>()

    /// Positions 0...size: alpha 1 at 0, beta 1 at `size`, everything else 0.
    mutating func start(size: Int) {
        alpha.reserve(size + 1)
        beta.reserve(size + 1)
        alphaShift.reserve(size + 1)
        betaShift.reserve(size + 1)
        for i in 0...size {
            alpha[i] = 0
            beta[i] = 0
            alphaShift[i] = 0
            betaShift[i] = 0
        }
        alpha[0] = 1
        beta[size] = 1
    }

    /// The buffers as pointers, valid until the next `start`.
    var pointers: ForwardBackwardValues {
        ForwardBackwardValues(alpha: alpha.base, beta: beta.base, alphaShift: alphaShift.base, betaShift: betaShift.base)
    }
}

/// `ForwardBackward`'s buffers as bare pointers: what the lattice loops keep in locals.
struct ForwardBackwardValues {
    let alpha: UnsafeMutablePointer<Double>
    let beta: UnsafeMutablePointer<Double>
    let alphaShift: UnsafeMutablePointer<Int32>
    let betaShift: UnsafeMutablePointer<Int32>

    /// Forward over a node from `s` to `e` with probability `p`: `a` × p goes to `e`, where `a` is alpha at `s`
    /// (complete) and `aShift` its shift.
    @inline(__always)
    func forward(_ a: Double, _ aShift: Int32, to e: Int, _ p: Double) {
        Self.accumulate(alpha, alphaShift, e, a * p, shift: aShift)
    }

    /// Backward over a node from `s` to `e` with probability `p`: beta at `e` × p goes to `s`.
    @inline(__always)
    func backward(to s: Int, from e: Int, _ p: Double) {
        Self.accumulate(beta, betaShift, s, beta[e] * p, shift: betaShift[e])
    }

    @inline(__always) func completeAlpha(_ i: Int) { Self.rescale(alpha, alphaShift, i) }
    @inline(__always) func completeBeta(_ i: Int) { Self.rescale(beta, betaShift, i) }

    /// The marginal probability of a node from `s` to `e` with probability `p`, Z being alpha at the end (`z`,
    /// shift `zShift`); 0 when either side is unreachable.
    @inline(__always)
    func marginal(from s: Int, to e: Int, _ p: Double, z: Double, zShift: Int32) -> Double {
        let a = alpha[s], b = beta[e]
        if a == 0 || b == 0 { return 0 }
        let marginal = a * p * b / z
        let k = zShift - alphaShift[s] - betaShift[e]
        return k == 0 ? marginal : Self.scaled(marginal, Int(k))
    }

    /// log Z, or nil when the end is unreachable.
    func logZ(size: Int) -> Double? {
        let z = alpha[size]
        return z > 0 ? log(z) - Double(alphaShift[size]) * M_LN2 : nil
    }

    /// Adds `c`, computed at binary shift `shift`, to position `i` (at its own shift).
    @inline(__always)
    private static func accumulate(_ values: UnsafeMutablePointer<Double>, _ shifts: UnsafeMutablePointer<Int32>, _ i: Int,
                                   _ c: Double, shift: Int32) {
        if values[i] == 0 {
            values[i] = c
            shifts[i] = shift
        } else {
            let d = shifts[i] - shift
            values[i] += d == 0 ? c : scaled(c, Int(d))
        }
    }

    @inline(__always)
    private static func rescale(_ values: UnsafeMutablePointer<Double>, _ shifts: UnsafeMutablePointer<Int32>, _ i: Int) {
        let v = values[i]
        if v > 0 && v < 0x1p-256 {
            let k = -v.exponent
            values[i] = scaled(v, k)
            shifts[i] += Int32(k)
        }
    }

    /// x × 2^k.
    @inline(__always)
    private static func scaled(_ x: Double, _ k: Int) -> Double {
        x == 0 ? 0 : Double(sign: .plus, exponent: k, significand: x)
    }
}

/// Reusable buffers for one thread: a lattice's nodes (ordered by start) and the per-position values of
/// forward-backward and Viterbi. A struct kept in a local variable (not copyable: its buffers go with it), not a
/// class: a class's stored properties cost a dynamic exclusivity check on every access, and this is touched per
/// node.
struct LatticeWorkspace: ~Copyable {
    /// Nodes in the lattice.
    var count = 0
    var starts = LatticeBuffer<Int32>()
    var ends = LatticeBuffer<Int32>()
    var ids = LatticeBuffer<Int32>()
    var scores = LatticeBuffer<Float>()
    private var probabilities = LatticeBuffer<Double>()
    private var values = ForwardBackward()
    private var best = LatticeBuffer<Double>()
    private var backNode = LatticeBuffer<Int32>()

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
    mutating func populate<Trie: PrefixTrie>(_ unit: UnsafeBufferPointer<UInt8>, trie: Trie,
                                             scores: UnsafeBufferPointer<Float>, unknownScore: Float,
                                             renumber: UnsafeBufferPointer<Int32>?) {
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
    /// Forward-backward in linear space (`ForwardBackward`) with each piece's probability computed once per E step,
    /// where sentencepiece adds log-probabilities with a log-sum-exp per node (five exp/log per node).
    mutating func addMarginals(size: Int, frequency: Double, set: TrainerPieceSet, expected: inout [Double]) -> Double {
        values.start(size: size)
        probabilities.reserve(count)
        let count = self.count, values = self.values.pointers
        let p = probabilities.base, starts = self.starts.base, ends = self.ends.base, ids = self.ids.base
        return set.probabilities.withUnsafeBufferPointer { pieceProbabilities in
            for n in 0..<count {
                let id = ids[n]
                p[n] = id >= 0 ? pieceProbabilities[Int(id)] : set.unknownProbability
            }
            // Forward: a start's value is complete when its first node comes (nodes are ordered by start).
            var current = -1
            for n in 0..<count {
                let s = Int(starts[n])
                if s != current {
                    current = s
                    values.completeAlpha(s)
                }
                values.forward(values.alpha[s], values.alphaShift[s], to: Int(ends[n]), p[n])
            }
            values.completeAlpha(size)
            // Backward: a start's value is complete when the nodes of the next lower start begin.
            current = -1
            var n = count
            while n > 0 {
                n -= 1
                let s = Int(starts[n])
                if s != current {
                    if current >= 0 { values.completeBeta(current) }
                    current = s
                }
                values.backward(to: s, from: Int(ends[n]), p[n])
            }
            guard let logZ = values.logZ(size: size) else { return 0 }
            let z = values.alpha[size], zShift = values.alphaShift[size]
            for n in 0..<count where ids[n] >= 0 {
                let marginal = values.marginal(from: Int(starts[n]), to: Int(ends[n]), p[n], z: z, zShift: zShift)
                expected[Int(ids[n])] += frequency * marginal
            }
            return frequency * logZ
        }
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
        let best = self.best.base, backNode = self.backNode.base, starts = self.starts.base, ends = self.ends.base
        let scores = self.scores.base
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
