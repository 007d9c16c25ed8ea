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
    var alpha: [Double] = []
    var beta: [Double] = []
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

    @inline(__always)
    private static func logSumExp(_ x: Double, _ y: Double) -> Double {
        // -infinity marks "no path yet" (sentencepiece's init mode).
        if x == -.infinity { return y }
        let vmin = min(x, y), vmax = max(x, y)
        if vmax > vmin + 50 { return vmax }
        return vmax + log(exp(vmin - vmax) + 1)
    }

    /// Adds `frequency` × the marginal probability of each node to `expected`; returns log Z.
    func addMarginals(size: Int, frequency: Double, expected: inout [Double]) -> Double {
        if alpha.count < size + 1 {
            alpha = [Double](repeating: 0, count: size + 1)
            beta = [Double](repeating: 0, count: size + 1)
        }
        return alpha.withUnsafeMutableBufferPointer { alpha in
            beta.withUnsafeMutableBufferPointer { beta in
                for i in 0...size {
                    alpha[i] = -.infinity
                    beta[i] = -.infinity
                }
                alpha[0] = 0
                beta[size] = 0
                let count = self.count
                for n in 0..<count {
                    let s = Int(starts[n]), e = Int(ends[n])
                    let a = alpha[s]
                    if a == -.infinity { continue }
                    alpha[e] = Self.logSumExp(alpha[e], a + Double(scores[n]))
                }
                for n in stride(from: count - 1, through: 0, by: -1) {
                    let s = Int(starts[n]), e = Int(ends[n])
                    let b = beta[e]
                    if b == -.infinity { continue }
                    beta[s] = Self.logSumExp(beta[s], b + Double(scores[n]))
                }
                let z = alpha[size]
                for n in 0..<count where ids[n] >= 0 {
                    let a = alpha[Int(starts[n])], b = beta[Int(ends[n])]
                    if a == -.infinity || b == -.infinity { continue }
                    expected[Int(ids[n])] += frequency * exp(a + Double(scores[n]) + b - z)
                }
                return frequency * z
            }
        }
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
