import Foundation
import SeirenCore

/// Unigram training as sentencepiece's unigram_model_trainer.cc does it: seed pieces, then rounds of EM (the E step
/// by forward-backward, the M step with the digamma-based Bayesian update) each followed by pruning the pieces
/// whose removal costs the least likelihood, down to 1.1 × the vocabulary size; then the best pieces by score,
/// every required character included.
///
/// Parallel over a fixed number of chunks of units whose results are added in chunk order, so the output is the
/// same for any number of threads.
struct UnigramTrainer: PieceTrainer {
    let settings: TrainingSettings
    let progress: (String) -> Void

    static let chunkCount = 64

    /// Pieces (UTF-8) with their final scores, best first, required characters included. Reads as sentencepiece's
    /// `Trainer::Train()`: seed pieces, then rounds of EM sub-iterations each followed by pruning, then finalize.
    func train(_ units: inout TrainingUnits, pieceBudget: Int) throws -> [LearnedPiece] {
        // The seeds are handed over, not kept: the model lets go of them at the first M step.
        var model = try TrainerModel(seeds: makeSeedPieces(units), units: &units, trainer: self)
        let desired = Int(Double(settings.vocabularySize) * 1.1)
        var round = 0
        while true {
            round += 1
            // EM sub-iterations.
            for _ in 0..<settings.subIterations {
                let started = Date()
                let (expected, objective) = try eStep(model.pieceSet(), model.source, model.counts)
                try model.setPieces(mStep(model.pieces, model.origin, expected))
                progress(String(format: "EM round %d: %d pieces, objective %.4f (%.2f s)", round, model.pieces.count,
                                objective, Date().timeIntervalSince(started)))
            }
            // Stops once the pieces are few enough.
            if model.pieces.count <= desired { break }
            // Prunes the pieces whose removal costs the least likelihood.
            let started = Date()
            let alternatives = model.pruningAlternatives()
            let pruned = try prune(model.pieceSet(), model.origin, alternatives, model.source, model.counts, desired: desired)
            try model.setPieces(pruned)
            progress(String(format: "pruning took %.2f s", Date().timeIntervalSince(started)))
        }
        return finalize(model.pieces, model.scores, required: units.requiredCharacters, budget: pieceBudget)
    }

    /// sentencepiece's `MakeSeedSentencePieces`: the seed pieces (UTF-8) and their scores, the log of each one's
    /// share of the seeds' total frequency.
    private func makeSeedPieces(_ units: TrainingUnits) throws -> (pieces: [[UInt8]], scores: [Float]) {
        let validity = PieceValidity(settings: settings)
        let seeds = try SeedPieces.make(units: units, validity: validity, limit: settings.seedPieceCount,
                                        threads: settings.threads)
        progress("\(seeds.count) seed pieces from \(units.units.count) distinct units (peak memory \(PeakMemory.bytes() >> 20) MB)")
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(seeds.count)
        try forEachChunk(count: seeds.count, { range in seeds[range].map { UTF8Scalars.encode($0.piece) } }, { pieces += $0 })
        let total = log(Double(seeds.reduce(0) { $0 + $1.frequency }))
        return (pieces, seeds.map { Float(log(Double($0.frequency)) - total) })
    }

    /// Runs `work` over fixed chunks of `count` items on the configured threads; results are consumed in order.
    func forEachChunk<T>(count: Int, _ work: @escaping (Range<Int>) -> T, _ consume: (T) -> Void) throws {
        try orderedParallelChunks(count: count, chunks: Self.chunkCount, workers: settings.threads,
                                  window: 2 * settings.threads, transform: work, consume: consume)
    }

    /// Expected piece counts over the counted units and the objective (negative log-likelihood per unit); also
    /// the E step of `seiren vocab reestimate`.
    func eStep(_ set: TrainerPieceSet, _ units: [[UInt8]], _ counts: [Double]) throws -> ([Double], Double) {
        try eStep(set, .units(units), counts)
    }

    func eStep(_ set: TrainerPieceSet, _ source: LatticeSource, _ counts: [Double]) throws -> ([Double], Double) {
        let totalFrequency = counts.reduce(0, +)
        var expected = [Double](repeating: 0, count: set.pieces.count)
        var objective = 0.0
        try forEachChunk(count: source.count, { range -> ([Double], Double) in
            var local = [Double](repeating: 0, count: set.pieces.count)
            let z = source.addMarginals(range, set, counts, expected: &local)
            return (local, z)
        }, { local, z in
            Self.add(local, to: &expected)
            objective -= z / totalFrequency
        })
        return (expected, objective)
    }

    /// `sum[k] += values[k]` for every k: the merge of each chunk's counts, on the calling thread, in a loop the
    /// compiler vectorizes (over arrays it checked every element's access).
    static func add(_ values: [Double], to sum: inout [Double]) {
        precondition(values.count == sum.count)
        values.withUnsafeBufferPointer { values in
            sum.withUnsafeMutableBufferPointer { sum in
                for k in 0..<sum.count { sum[k] += values[k] }
            }
        }
    }

    private func mStep(_ pieces: [[UInt8]], _ origin: [Int32], _ expected: [Double]) -> ([[UInt8]], [Float], [Int32]) {
        var kept: [[UInt8]] = []
        var keptOrigin: [Int32] = []
        var frequencies: [Double] = []
        var sum = 0.0
        for (i, frequency) in expected.enumerated() where frequency >= 0.5 {
            kept.append(pieces[i])
            keptOrigin.append(origin[i])
            frequencies.append(frequency)
            sum += frequency
        }
        let logSum = Self.digamma(sum)
        return (kept, frequencies.map { Float(Self.digamma($0) - logSum) }, keptOrigin)
    }

    static func digamma(_ value: Double) -> Double {
        var x = value
        var result = 0.0
        while x < 7 {
            result -= 1 / x
            x += 1
        }
        x -= 0.5
        let xx = 1 / x, xx2 = xx * xx, xx4 = xx2 * xx2
        result += log(x) + (1.0 / 24) * xx2 - (7.0 / 960) * xx4 + (31.0 / 8064) * xx4 * xx2 - (127.0 / 30720) * xx4 * xx4
        return result
    }

    private func prune(_ set: TrainerPieceSet, _ origin: [Int32], _ alternativesTrie: Alternatives, _ source: LatticeSource,
                       _ counts: [Double], desired: Int) throws -> ([[UInt8]], [Float], [Int32]) {
        let n = set.pieces.count
        // How each piece would be segmented without it: removable if its best path is already split, otherwise
        // its alternatives are the second-best path.
        var alwaysKeep = [Bool](repeating: true, count: n)
        var alternatives = [[Int32]](repeating: [], count: n)
        try forEachChunk(count: n, { range -> [(Int, Bool, [Int32])] in
            var workspace = LatticeWorkspace()
            return range.map { i in
                set.pieces[i].withUnsafeBufferPointer { piece in
                    switch alternativesTrie {
                    case .pieceTrie:
                        workspace.populate(piece, set)
                    case .renumbered(let trie, let current):
                        current.withUnsafeBufferPointer { current in
                            set.scores.withUnsafeBufferPointer { scores in
                                workspace.populate(piece, trie: trie, scores: scores, unknownScore: set.unknownScore,
                                                   renumber: current)
                            }
                        }
                    }
                    let best = workspace.viterbi(size: piece.count)
                    if best.count >= 2 { return (i, false, []) }
                    // The best path is the piece itself: the same lattice without that node. A piece of one
                    // character would then be an unknown one.
                    if UTF8Scalar.oneCharLength(piece[0]) >= piece.count { return (i, true, [-1]) }
                    let whole = workspace.node(start: 0, end: piece.count, id: Int32(i))
                    return (i, true, workspace.viterbi(size: piece.count, excluding: whole))
                }
            }
        }, { results in
            for (i, keep, alternative) in results {
                alwaysKeep[i] = keep
                alternatives[i] = alternative
            }
        })
        // Viterbi frequencies over the corpus.
        var frequency = [Double](repeating: 0, count: n)
        var totalFrequency = 0.0
        try forEachChunk(count: source.count, { range -> ([Double], Double) in
            var local = [Double](repeating: 0, count: n)
            source.addViterbiCounts(range, set, counts, frequency: &local)
            return (local, counts[range].reduce(0, +))
        }, { local, sum in
            Self.add(local, to: &frequency)
            totalFrequency += sum
        })
        let sum = frequency.reduce(0, +)
        let logSum = log(sum)
        var kept: [Int] = []
        var candidates: [(index: Int, loss: Double)] = []
        for i in 0..<n {
            if frequency[i] == 0 || !alwaysKeep[i] { continue }
            if alternatives[i].isEmpty {
                kept.append(i)
                continue
            }
            // Likelihood lost if every use of piece i were replaced by its alternatives (sentencepiece's estimate).
            let share = frequency[i] / totalFrequency
            let logProbability = log(frequency[i]) - logSum
            // sentencepiece multiplies by (number of all pieces - 1) here, an evident slip for the number of this
            // piece's alternatives; the intended formula gave fewer tokens per character on the manuals.
            let logSumAlternative = log(sum + frequency[i] * Double(alternatives[i].count - 1))
            var logProbabilityAlternative = 0.0
            for alternative in alternatives[i] {
                let f = alternative >= 0 ? frequency[Int(alternative)] : 0
                logProbabilityAlternative += log(f + frequency[i]) - logSumAlternative
            }
            candidates.append((i, share * (logProbability - logProbabilityAlternative)))
        }
        let target = max(desired, Int(settings.shrinkingFactor * Double(n)))
        candidates.sort { $0.loss > $1.loss || ($0.loss == $1.loss && $0.index < $1.index) }
        for candidate in candidates {
            if kept.count >= target { break }
            kept.append(candidate.index)
        }
        kept.sort()
        progress("pruned \(n) pieces to \(kept.count)")
        return (kept.map { set.pieces[$0] }, kept.map { set.scores[$0] }, kept.map { origin[$0] })
    }

    private func finalize(_ pieces: [[UInt8]], _ scores: [Float], required: [(UInt32, Int)], budget: Int) -> [(piece: [UInt8], score: Float)] {
        var final: [[UInt8]: Float] = [:]
        var current: [[UInt8]: Float] = [:]
        for (piece, score) in zip(pieces, scores) where current[piece] == nil { current[piece] = score }
        let minScore = scores.min() ?? 0
        var penalty: Float = 0
        for (character, _) in required {
            guard let scalar = Unicode.Scalar(character) else { continue }
            let piece = Array(String(scalar).utf8)
            if let score = current[piece] {
                final[piece] = score
            } else {
                final[piece] = minScore + penalty
                penalty += 0.0001
            }
        }
        let byScore = zip(pieces, scores).sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.lexicographicallyPrecedes($1.0)) }
        for (piece, score) in byScore {
            if final[piece] != nil { continue }
            if final.count >= budget { break }
            final[piece] = score
        }
        return final.map { ($0.key, $0.value) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.piece.lexicographicallyPrecedes($1.piece)) }
    }
}
