import Foundation
import SeirenCore

/// Unigram training as sentencepiece's unigram_model_trainer.cc does it: seed pieces, then rounds of EM (the E step
/// by forward-backward, the M step with the digamma-based Bayesian update) each followed by pruning the pieces
/// whose removal costs the least likelihood, down to 1.1 × the vocabulary size; then the best pieces by score,
/// every required character included.
///
/// Parallel over a fixed number of chunks of units whose results are added in chunk order, so the output is the
/// same for any number of threads.
struct UnigramTrainer {
    let settings: TrainingSettings
    let progress: (String) -> Void

    static let chunkCount = 64

    /// Pieces (UTF-8) with their final scores, best first, required characters included.
    func train(_ units: inout TrainingUnits, pieceBudget: Int, vocabularySize: Int) throws -> [(piece: [UInt8], score: Float)] {
        let validity = PieceValidity(settings: settings)
        var pieces: [[UInt8]]
        var scores: [Float]
        do {
            let seeds = try SeedPieces.make(units: units, validity: validity, limit: settings.seedPieceCount,
                                            threads: settings.threads)
            progress("\(seeds.count) seed pieces from \(units.units.count) distinct units (peak memory \(PeakMemory.bytes() >> 20) MB)")
            pieces = []
            pieces.reserveCapacity(seeds.count)
            try forEachChunk(count: seeds.count, { range in seeds[range].map { UTF8Scalars.encode($0.piece) } },
                             { pieces += $0 })
            let total = log(Double(seeds.reduce(0) { $0 + $1.frequency }))
            scores = seeds.map { Float(log(Double($0.frequency)) - total) }
        }
        let counts = units.counts.map(Double.init)
        // The seed search's large temporary arrays are gone: give their memory back, or the lattices (built on
        // the worker threads' own heaps) would come on top of it.
        FreedMemory.release()
        // EM works on UTF-8: the unit text itself when there are no seed lattices (those are built from the scalar
        // form, each unit encoded on its worker thread).
        var unitBytes: [[UInt8]] = []
        // Each piece's index among the seeds.
        var origin = (0..<Int32(pieces.count)).map { $0 }
        let seedCount = pieces.count
        var lattices: SeedLattices? = nil
        // The seeds the lattices are numbered by (the pieces when they were last compacted).
        var latticeSeeds = origin
        // The trie of the pieces at the first pruning (a third of the seeds, whose trie is let go) and their seeds:
        // later prunings use it through a renumbering instead of building a trie of the current pieces each time.
        var pruningTrie: (trie: PieceTrie, seeds: [Int32])? = nil
        if SeedLattices.fits(pieces, maxPieceLength: settings.maxPieceLength) {
            let started = Date()
            lattices = try SeedLattices.build(TrainerPieceSet(pieces: pieces, scores: scores), units.units) { count, work, consume in
                try forEachChunk(count: count, work, consume)
            }
            units.units = []
            FreedMemory.release()  // the seed trie and the unit text
            progress(String(format: "seed lattices of %d units (%.2f s, peak memory %d MB)", counts.count,
                            Date().timeIntervalSince(started), PeakMemory.bytes() >> 20))
        } else {
            unitBytes = units.units.map { UTF8Scalars.encode($0) }
            units.units = []
        }
        func source() -> LatticeSource {
            if let lattices { return .lattices(lattices) }
            return .units(unitBytes)
        }
        // After pieces are removed the lattices drop their nodes and are renumbered to the current pieces: later
        // passes read fewer nodes through a smaller table.
        func compactLattices() throws {
            guard lattices != nil, origin.count < latticeSeeds.count else { return }  // nothing removed
            let now = Self.currentIndex(origin, seedCount: seedCount)
            try lattices!.compact(latticeSeeds.map { now[Int($0)] }, pieceCount: origin.count, threads: settings.threads)
            latticeSeeds = origin
        }

        let desired = Int(Double(vocabularySize) * 1.1)
        var round = 0
        while true {
            round += 1
            for _ in 0..<settings.subIterations {
                let started = Date()
                let set = TrainerPieceSet(pieces: pieces, scores: scores, withTrie: lattices == nil)
                let (expected, objective) = try eStep(set, source(), counts)
                (pieces, scores, origin) = mStep(pieces, origin, expected)
                try compactLattices()
                progress(String(format: "EM round %d: %d pieces, objective %.4f (%.2f s)", round, pieces.count,
                                objective, Date().timeIntervalSince(started)))
            }
            if pieces.count <= desired { break }
            let started = Date()
            var alternatives = Alternatives.pieceTrie
            if lattices != nil {
                if pruningTrie == nil { pruningTrie = (TrainerPieceSet.trie(pieces), origin) }
                let now = Self.currentIndex(origin, seedCount: seedCount)
                alternatives = .renumbered(pruningTrie!.trie, current: pruningTrie!.seeds.map { now[Int($0)] })
            }
            let set = TrainerPieceSet(pieces: pieces, scores: scores, withTrie: lattices == nil)
            (pieces, scores, origin) = try prune(set, origin, alternatives, source(), counts, desired: desired)
            try compactLattices()
            progress(String(format: "pruning took %.2f s", Date().timeIntervalSince(started)))
        }
        return finalize(pieces, scores, required: units.requiredCharacters, budget: pieceBudget)
    }

    /// Runs `work` over fixed chunks of `count` items on the configured threads; results are consumed in order.
    private func forEachChunk<T>(count: Int, _ work: @escaping (Range<Int>) -> T, _ consume: (T) -> Void) throws {
        try orderedParallelChunks(count: count, chunks: Self.chunkCount, workers: settings.threads,
                                  window: 2 * settings.threads, transform: work, consume: consume)
    }

    /// The trie pruning finds each piece's alternatives with: the current pieces' own (in the set), or the trie of
    /// an earlier, larger piece set renumbered to the current pieces (`current[id]`: the current index of the
    /// trie's piece `id`, -1 once removed).
    enum Alternatives {
        case pieceTrie
        case renumbered(PieceTrie, current: [Int32])
    }

    /// Where the E step and pruning get each unit's lattice: walking the piece trie over the unit text, or reading
    /// the seed lattices back (compacted to the current pieces).
    enum LatticeSource {
        case units([[UInt8]])
        case lattices(SeedLattices)

        var count: Int {
            switch self {
            case .units(let units): return units.count
            case .lattices(let lattices): return lattices.unitCount
            }
        }

        /// Fills `workspace` with the lattice of unit text `unit` over `set`; returns its byte length.
        @inline(__always)
        private static func load(_ unit: [UInt8], _ set: TrainerPieceSet, into workspace: inout LatticeWorkspace) -> Int {
            unit.withUnsafeBufferPointer { unit in
                workspace.populate(unit, set)
                return unit.count
            }
        }

        /// Adds `counts[i]` to `frequency[piece]` for each piece on the best path of each unit `i` in `range`.
        func addViterbiCounts(_ range: Range<Int>, _ set: TrainerPieceSet, _ counts: [Double], frequency: inout [Double]) {
            switch self {
            case .units(let units):
                var workspace = LatticeWorkspace()
                for i in range {
                    let size = Self.load(units[i], set, into: &workspace)
                    for id in workspace.viterbi(size: size) where id >= 0 { frequency[Int(id)] += counts[i] }
                }
            case .lattices(let lattices):
                var scratch = LatticeScratch()
                set.scores.withUnsafeBufferPointer { scores in
                    frequency.withUnsafeMutableBufferPointer { frequency in
                        lattices.forEachUnit(in: range) { part, u, i in
                            SeedLattices.addViterbiCounts(part, u, scratch: &scratch, scores: scores,
                                                          unknownScore: set.unknownScore, count: counts[i],
                                                          frequency: frequency)
                        }
                    }
                }
            }
        }

        /// Adds `counts[i]` × the marginal probability of each node of the lattice of each unit `i` in `range` to
        /// `expected`; returns the sum of `counts[i]` × log Z, in unit order.
        func addMarginals(_ range: Range<Int>, _ set: TrainerPieceSet, _ counts: [Double], expected: inout [Double]) -> Double {
            var z = 0.0
            switch self {
            case .units(let units):
                var workspace = LatticeWorkspace()
                for i in range {
                    let size = Self.load(units[i], set, into: &workspace)
                    z += workspace.addMarginals(size: size, frequency: counts[i], set: set, expected: &expected)
                }
            case .lattices(let lattices):
                var scratch = LatticeScratch()
                set.probabilities.withUnsafeBufferPointer { probabilities in
                    expected.withUnsafeMutableBufferPointer { expected in
                        lattices.forEachUnit(in: range) { part, u, i in
                            z += SeedLattices.addMarginals(part, u, scratch: &scratch, probabilities: probabilities,
                                                           unknownProbability: set.unknownProbability,
                                                           frequency: counts[i], expected: expected)
                        }
                    }
                }
            }
            return z
        }
    }

    static func currentIndex(_ origin: [Int32], seedCount: Int) -> [Int32] {
        var current = [Int32](repeating: -1, count: seedCount)
        for (index, seed) in origin.enumerated() { current[Int(seed)] = Int32(index) }
        return current
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
