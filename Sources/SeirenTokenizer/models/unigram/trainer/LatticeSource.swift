import SeirenCore

extension UnigramTrainer {
    /// The trie pruning finds each piece's alternatives with: the current pieces' own (in the set), or the trie of
    /// an earlier, larger piece set renumbered to the current pieces (`current[id]`: the current index of the
    /// trie's piece `id`, -1 once removed); that one is kept for several prunings, so it is a double array, the
    /// trie that is quicker to walk.
    enum Alternatives {
        case pieceTrie
        case renumbered(DoubleArrayTrie, current: [Int32])
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
}
