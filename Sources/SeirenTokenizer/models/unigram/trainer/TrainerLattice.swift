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

/// Reusable buffers for one thread.
final class LatticeWorkspace {
    /// Nodes in the lattice (the arrays below may be longer: they are reused).
    var count = 0
    var starts: [Int32] = []
    var ends: [Int32] = []
    var ids: [Int32] = []
    var scores: [Float] = []
    var probabilities: [Double] = []
    var alpha: [Double] = []
    var beta: [Double] = []
    var alphaShift: [Int32] = []
    var betaShift: [Int32] = []
    var best: [Double] = []
    var backNode: [Int32] = []

    /// Fills the nodes of `unit`, ordered by start. `excluding` drops one (start, end, id) node (second-best search).
    /// Works on local arrays swapped out of the object: class properties captured by the trie callback would pay
    /// for dynamic exclusivity checks on every node.
    func populate(_ unit: UnsafeBufferPointer<UInt8>, _ set: TrainerPieceSet, excludingWhole id: Int32 = -1) {
        var starts: [Int32] = [], ends: [Int32] = [], ids: [Int32] = [], scores: [Float] = []
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&ids, &self.ids)
        swap(&scores, &self.scores)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        scores.removeAll(keepingCapacity: true)
        let pieceScores = set.scores
        var start = 0
        let size = unit.count
        while start < size {
            let characterLength = min(UTF8Scalar.oneCharLength(unit[start]), size - start)
            var hasSingle = false
            set.trie.forEachPrefix(unit, from: start) { length, pieceId in
                if pieceId == id && start == 0 && length == size { return }
                starts.append(Int32(start))
                ends.append(Int32(start + length))
                ids.append(pieceId)
                scores.append(pieceScores[Int(pieceId)])
                if length == characterLength { hasSingle = true }
            }
            if !hasSingle {
                starts.append(Int32(start))
                ends.append(Int32(start + characterLength))
                ids.append(-1)
                scores.append(set.unknownScore)
            }
            start += characterLength
        }
        count = starts.count
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&ids, &self.ids)
        swap(&scores, &self.scores)
    }

    /// Adds `frequency` × the marginal probability of each node to `expected`; returns `frequency` × log Z.
    ///
    /// Forward-backward in linear space with each piece's probability computed once per E step, where
    /// sentencepiece adds log-probabilities with a log-sum-exp per node (five exp/log per node). Long lines would
    /// underflow a Double, so each position's value carries its own binary shift (scaling by powers of two is
    /// exact); the marginals take the shifts back out.
    func addMarginals(size: Int, frequency: Double, set: TrainerPieceSet, expected: inout [Double]) -> Double {
        if alpha.count < size + 1 {
            let capacity = max(size + 1, 2 * alpha.count)
            alpha = [Double](repeating: 0, count: capacity)
            beta = [Double](repeating: 0, count: capacity)
            alphaShift = [Int32](repeating: 0, count: capacity)
            betaShift = [Int32](repeating: 0, count: capacity)
        }
        if probabilities.count < count { probabilities = [Double](repeating: 0, count: max(count, 2 * probabilities.count)) }
        let count = self.count
        var alpha: [Double] = [], beta: [Double] = [], alphaShift: [Int32] = [], betaShift: [Int32] = []
        var probabilities: [Double] = []
        swap(&alpha, &self.alpha)
        swap(&beta, &self.beta)
        swap(&alphaShift, &self.alphaShift)
        swap(&betaShift, &self.betaShift)
        swap(&probabilities, &self.probabilities)
        defer {
            swap(&alpha, &self.alpha)
            swap(&beta, &self.beta)
            swap(&alphaShift, &self.alphaShift)
            swap(&betaShift, &self.betaShift)
            swap(&probabilities, &self.probabilities)
        }
        return alpha.withUnsafeMutableBufferPointer { alpha in
        beta.withUnsafeMutableBufferPointer { beta in
        alphaShift.withUnsafeMutableBufferPointer { alphaShift in
        betaShift.withUnsafeMutableBufferPointer { betaShift in
        probabilities.withUnsafeMutableBufferPointer { p in
        set.probabilities.withUnsafeBufferPointer { pieceProbabilities in
        starts.withUnsafeBufferPointer { starts in
        ends.withUnsafeBufferPointer { ends in
        ids.withUnsafeBufferPointer { ids in
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
            // A value below 2^-256 once complete is scaled up by a power of two (exact) and its position keeps the
            // shift; a contribution from a position at another shift is scaled to the receiving one's.
            @inline(__always) func rescale(_ values: UnsafeMutableBufferPointer<Double>, _ shifts: UnsafeMutableBufferPointer<Int32>, _ i: Int) {
                let v = values[i]
                if v > 0 && v < 0x1p-256 {
                    let k = -v.exponent
                    values[i] = Self.scaled(v, k)
                    shifts[i] += Int32(k)
                }
            }
            // Forward: a start's value is complete when its first node comes (nodes are ordered by start).
            var current = -1
            for n in 0..<count {
                let s = Int(starts[n]), e = Int(ends[n])
                if s != current {
                    current = s
                    rescale(alpha, alphaShift, s)
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
            rescale(alpha, alphaShift, size)
            // Backward: a start's value is complete when the nodes of the next lower start begin.
            current = -1
            for n in stride(from: count - 1, through: 0, by: -1) {
                let s = Int(starts[n]), e = Int(ends[n])
                if s != current {
                    if current >= 0 { rescale(beta, betaShift, current) }
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
        }}}}}}}}}
    }

    /// x × 2^k.
    @inline(__always)
    private static func scaled(_ x: Double, _ k: Int) -> Double {
        x == 0 ? 0 : Double(sign: .plus, exponent: k, significand: x)
    }

    /// The best path's node ids (unknown nodes as -1); empty if there is no path.
    func viterbi(size: Int) -> [Int32] {
        if best.count < size + 1 {
            best = [Double](repeating: 0, count: size + 1)
            backNode = [Int32](repeating: -1, count: size + 1)
        }
        // Local buffers: class properties would pay for exclusivity checks on every node.
        var best: [Double] = [], backNode: [Int32] = []
        swap(&best, &self.best)
        swap(&backNode, &self.backNode)
        defer {
            swap(&best, &self.best)
            swap(&backNode, &self.backNode)
        }
        return best.withUnsafeMutableBufferPointer { best in
            backNode.withUnsafeMutableBufferPointer { backNode in
                starts.withUnsafeBufferPointer { starts in
                    ends.withUnsafeBufferPointer { ends in
                        scores.withUnsafeBufferPointer { scores in
                            for i in 0...size {
                                best[i] = -.infinity
                                backNode[i] = -1
                            }
                            best[0] = 0
                            for n in 0..<count {
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
                }
            }
        }
    }
}
