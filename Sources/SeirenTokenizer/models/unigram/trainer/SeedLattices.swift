import Foundation
import SeirenCore

/// Every unit's lattice over the seed pieces, built by one trie walk and kept for the whole training. Training only
/// ever removes pieces (the M step drops rare ones, pruning the least useful), so the lattice of any later piece set
/// is this one with the removed pieces' nodes left out: each E step and each pruning pass reads it back instead of
/// walking a trie again (that walk was half of the training time). Compact: a node is its seed index (4 bytes; the
/// seed's byte length is looked up), grouped by the character it starts at; the unit text is no longer needed. Kept
/// as the parts the threads built (one per chunk of units), never concatenated: no copy of the whole at its peak.
struct SeedLattices {
    /// The lattices of a run of consecutive units.
    struct Part {
        /// Per unit, its first character group (and one past the last unit).
        var unitGroups: [Int32] = [0]
        /// Per unit, its first node.
        var unitNodes: [Int32] = [0]
        /// Per unit, its length in bytes.
        var unitSizes: [Int32] = []
        /// Per character start, its number of nodes. The first is the character slot: the character's own seed
        /// piece, or minus the character's byte length when no seed covers it (an unknown node).
        var groupSizes: [UInt8] = []
        var seeds: [Int32] = []

        /// Appends the lattice of `unit` over the seeds in `trie`: at each character start, the seeds that are a
        /// prefix of the text there, shortest first (`LatticeWorkspace.populate`'s order), written straight into
        /// the compact form, the character slot first. The walks from `DoubleArrayTrie.lanes` starts go together;
        /// `matches` holds their finds (length and seed, `trie.depth` entries a lane) until they are written.
        mutating func append(_ unit: UnsafeBufferPointer<UInt8>, _ trie: DoubleArrayTrie,
                             matches: inout [(length: Int32, seed: Int32)]) {
            let size = unit.count
            let stride = trie.depth
            if matches.count < DoubleArrayTrie.lanes * stride {
                matches = Array(repeating: (0, 0), count: DoubleArrayTrie.lanes * stride)
            }
            var start = 0
            while start < size {
                // The next character starts, one a lane; `starts[lanes]` ends the last one's character.
                var starts = InlineArray<5, Int>(repeating: size)
                var lanes = 0
                var next = start
                while lanes < DoubleArrayTrie.lanes && next < size {
                    starts[lanes] = next
                    lanes += 1
                    next += min(UTF8Scalar.oneCharLength(unit[next]), size - next)
                }
                starts[lanes] = next
                var found = InlineArray<4, Int>(repeating: 0)
                matches.withUnsafeMutableBufferPointer { matches in
                    let from = InlineArray<4, Int> { starts[$0] }
                    trie.forEachPrefix(unit, fromEach: from, count: lanes) { lane, length, seed in
                        matches[lane * stride + found[lane]] = (Int32(length), seed)
                        found[lane] += 1
                    }
                }
                for lane in 0..<lanes {
                    let characterLength = Int32(starts[lane + 1] - starts[lane])
                    let slot = seeds.count
                    // An unknown slot until the character's own seed comes (the shortest prefix, so the first).
                    seeds.append(-characterLength)
                    for k in lane * stride..<lane * stride + found[lane] {
                        let (length, seed) = matches[k]
                        if length == characterLength { seeds[slot] = seed } else { seeds.append(seed) }
                    }
                    groupSizes.append(UInt8(seeds.count - slot))
                }
                start = next
            }
            unitGroups.append(Int32(groupSizes.count))
            unitNodes.append(Int32(seeds.count))
            unitSizes.append(Int32(size))
        }

        /// In place: keeps the nodes of pieces still present, renumbered by `current` (-1: removed); a removed
        /// character piece leaves an unknown slot.
        mutating func compact(_ current: UnsafeBufferPointer<Int32>, _ lengths: UnsafeBufferPointer<UInt8>) {
            var write = 0, read = 0
            let units = unitGroups.count - 1
            // Through pointers: an array subscript's write checked the array's uniqueness every time.
            unitGroups.withUnsafeBufferPointer { unitGroups in
            unitNodes.withUnsafeMutableBufferPointer { unitNodes in
            groupSizes.withUnsafeMutableBufferPointer { groupSizes in
            seeds.withUnsafeMutableBufferPointer { seeds in
                for u in 0..<units {
                    unitNodes[u] = Int32(write)
                    for g in Int(unitGroups[u])..<Int(unitGroups[u + 1]) {
                        let size = Int(groupSizes[g])
                        let groupStart = write
                        let slot = seeds[read]
                        if slot >= 0 {
                            let single = current[Int(slot)]
                            seeds[write] = single >= 0 ? single : -Int32(lengths[Int(slot)])
                        } else {
                            seeds[write] = slot
                        }
                        write += 1
                        // Every node is written and the kept ones advance `write` (write <= k: node k is already
                        // read): whether a piece was removed is unpredictable, and a branch on it mispredicted
                        // about as often as not.
                        for k in read + 1..<read + size {
                            let id = current[Int(seeds[k])]
                            seeds[write] = id
                            write += id >= 0 ? 1 : 0
                        }
                        groupSizes[g] = UInt8(write - groupStart)
                        read += size
                    }
                }
                unitNodes[units] = Int32(write)
            }}}}
            seeds.removeLast(seeds.count - write)
        }
    }

    private var parts: [Part] = []
    /// Each part's first unit, and one past the last unit.
    private var partStarts: [Int] = [0]
    /// Each seed's byte length.
    private var seedLengths: [UInt8] = []

    var unitCount: Int { partStarts[partStarts.count - 1] }

    /// Drops the nodes of removed pieces and renumbers the rest to the current pieces (`current[seed]`: the
    /// seed's current index, -1 once removed; `pieceCount` current pieces). The parts are compacted on `threads`
    /// threads, each part by one.
    mutating func compact(_ current: [Int32], pieceCount: Int, threads: Int) throws {
        var lengths = [UInt8](repeating: 0, count: pieceCount)
        for (seed, index) in current.enumerated() where index >= 0 { lengths[Int(index)] = seedLengths[seed] }
        try current.withUnsafeBufferPointer { current in
            try seedLengths.withUnsafeBufferPointer { seedLengths in
                try parts.withUnsafeMutableBufferPointer { parts in
                    let parts = parts
                    try orderedParallelChunks(count: parts.count, chunks: parts.count, workers: threads, transform: {
                        for p in $0 { parts[p].compact(current, seedLengths) }
                    }, consume: { _ in })
                }
            }
        }
        seedLengths = lengths
    }

    /// Whether every node length and group size fits the compact layout (pieces of at most 255 bytes).
    static func fits(_ pieces: [[UInt8]], maxPieceLength: Int) -> Bool {
        maxPieceLength < 255 && pieces.allSatisfy { $0.count <= 255 }
    }

    /// Builds the lattices of `units` (Unicode scalars, encoded one at a time on the worker threads) over the seed
    /// `pieces` (their indices become the seed indices), in parallel chunks kept in order. The walks go through a
    /// double-array trie: one step is one slot read, where the sorted-children trie searched a node's children
    /// (the walks were half of the training time).
    static func build(_ pieces: [[UInt8]], _ units: [[UInt32]],
                      forEachChunk: (Int, @escaping (Range<Int>) -> (Int, Part), ((Int, Part)) -> Void) throws -> Void) rethrows -> SeedLattices {
        var all = SeedLattices()
        all.seedLengths = pieces.map { UInt8($0.count) }
        let trie = DoubleArrayTrie(TrainerPieceSet.trie(pieces))
        try forEachChunk(units.count, { range in
            var part = Part()
            var bytes: [UInt8] = []
            var matches: [(length: Int32, seed: Int32)] = []
            for i in range {
                bytes.removeAll(keepingCapacity: true)
                UTF8Scalars.append(contentsOf: units[i], to: &bytes)
                bytes.withUnsafeBufferPointer { part.append($0, trie, matches: &matches) }
            }
            return (range.count, part)
        }, { count, part in
            all.parts.append(part)
            all.partStarts.append(all.partStarts[all.partStarts.count - 1] + count)
        })
        return all
    }

    /// The part holding unit `u` and `u`'s index in it.
    @inline(__always)
    private func locate(_ u: Int) -> (part: Int, unit: Int) {
        // The last part whose first unit is at most u.
        var lo = 0, hi = parts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if partStarts[mid] <= u { lo = mid } else { hi = mid - 1 }
        }
        return (lo, u - partStarts[lo])
    }

    /// One part's arrays as pointers, taken once for a run of its units: reading through the arrays themselves
    /// retained and released each of them for every unit.
    struct PartView {
        let unitGroups: UnsafeBufferPointer<Int32>
        let unitNodes: UnsafeBufferPointer<Int32>
        let unitSizes: UnsafeBufferPointer<Int32>
        let groupSizes: UnsafeBufferPointer<UInt8>
        let seeds: UnsafeBufferPointer<Int32>
        /// Each piece's byte length.
        let lengths: UnsafeBufferPointer<UInt8>
    }

    /// Calls `body(view, u, i)` for each unit `i` of `range` in order, with its part's view and `u`, its index in
    /// the part.
    func forEachUnit(in range: Range<Int>, _ body: (PartView, Int, Int) -> Void) {
        guard !range.isEmpty else { return }
        var i = range.lowerBound
        var p = locate(i).part
        seedLengths.withUnsafeBufferPointer { lengths in
            while i < range.upperBound {
                let part = parts[p]
                let first = partStarts[p], end = min(range.upperBound, partStarts[p + 1])
                part.unitGroups.withUnsafeBufferPointer { unitGroups in
                part.unitNodes.withUnsafeBufferPointer { unitNodes in
                part.unitSizes.withUnsafeBufferPointer { unitSizes in
                part.groupSizes.withUnsafeBufferPointer { groupSizes in
                part.seeds.withUnsafeBufferPointer { seeds in
                    let view = PartView(unitGroups: unitGroups, unitNodes: unitNodes, unitSizes: unitSizes,
                                        groupSizes: groupSizes, seeds: seeds, lengths: lengths)
                    for unit in i..<end { body(view, unit - first, unit) }
                }}}}}
                i = end
                p += 1
            }
        }
    }

    // The readers below take the lattices as compacted to the current pieces (the trainer compacts after every
    // removal): a node's seed index is its piece index.

    /// `LatticeWorkspace.addMarginals` over unit `u`'s lattice, read straight from the compact form: the same
    /// operations in the same order (so the same sums to the last bit), without first listing the nodes with their
    /// starts and scores. Adds `frequency` × each node's marginal probability to `expected`; returns
    /// `frequency` × log Z.
    static func addMarginals(_ part: PartView, _ u: Int, scratch: inout LatticeScratch,
                             probabilities: UnsafeBufferPointer<Double>, unknownProbability: Double, frequency: Double,
                             expected: UnsafeMutableBufferPointer<Double>) -> Double {
        let firstNode = Int(part.unitNodes[u]), nodeCount = Int(part.unitNodes[u + 1]) - firstNode
        let firstGroup = Int(part.unitGroups[u]), groupCount = Int(part.unitGroups[u + 1]) - firstGroup
        let size = Int(part.unitSizes[u])
        scratch.reserve(nodes: nodeCount, groups: groupCount)
        scratch.values.start(size: size)
        let values = scratch.values.pointers
        let ends = scratch.ends.base, ids = scratch.ids.base, nodeProbabilities = scratch.probabilities.base
        let groupStarts = scratch.groupStarts.base
        let groupSizes = part.groupSizes, lengths = part.lengths, seeds = part.seeds
        // Forward, listing each node's end, piece and probability on the way.
        var n = 0
        var position: Int32 = 0
        for g in 0..<groupCount {
            let s = Int(position)
            groupStarts[g] = position
            values.completeAlpha(s)
            let a = values.alpha[s], aShift = values.alphaShift[s]
            @inline(__always) func add(_ end: Int32, _ id: Int32, _ p: Double) {
                ends[n] = end
                ids[n] = id
                nodeProbabilities[n] = p
                n += 1
                values.forward(a, aShift, to: Int(end), p)
            }
            let node = firstNode + n
            let slot = seeds[node]
            let characterEnd = position + (slot >= 0 ? Int32(lengths[Int(slot)]) : -slot)
            if slot >= 0 { add(characterEnd, slot, probabilities[Int(slot)]) }
            for k in node + 1..<node + Int(groupSizes[firstGroup + g]) {
                let id = seeds[k]
                add(position + Int32(lengths[Int(id)]), id, probabilities[Int(id)])
            }
            if slot < 0 { add(characterEnd, -1, unknownProbability) }
            position = characterEnd
        }
        values.completeAlpha(size)
        // Backward: a group's start is complete once its nodes are in; the first group's is never rescaled.
        // (Counting loops, not `stride`: its iterator was not inlined here.)
        n = nodeCount
        var g = groupCount
        while g > 0 {
            g -= 1
            let s = Int(groupStarts[g])
            let groupSize = Int(groupSizes[firstGroup + g])
            var m = n
            while m > n - groupSize {
                m -= 1
                values.backward(to: s, from: Int(ends[m]), nodeProbabilities[m])
            }
            n -= groupSize
            if g > 0 { values.completeBeta(s) }
        }
        guard let logZ = values.logZ(size: size) else { return 0 }
        let z = values.alpha[size], zShift = values.alphaShift[size]
        n = 0
        for g in 0..<groupCount {
            let s = Int(groupStarts[g])
            let groupSize = Int(groupSizes[firstGroup + g])
            for m in n..<n + groupSize where ids[m] >= 0 {
                let marginal = values.marginal(from: s, to: Int(ends[m]), nodeProbabilities[m], z: z, zShift: zShift)
                expected[Int(ids[m])] += frequency * marginal
            }
            n += groupSize
        }
        return frequency * logZ
    }

    /// Adds `count` to `frequency[piece]` for each piece on unit `u`'s best path: `LatticeWorkspace.viterbi` over
    /// the compact form, the same nodes in the same order (so the same ties), with no node listing and no path
    /// array.
    static func addViterbiCounts(_ part: PartView, _ u: Int, scratch: inout LatticeScratch,
                                 scores: UnsafeBufferPointer<Float>, unknownScore: Float, count: Double,
                                 frequency: UnsafeMutableBufferPointer<Double>) {
        let firstNode = Int(part.unitNodes[u])
        let firstGroup = Int(part.unitGroups[u]), groupCount = Int(part.unitGroups[u + 1]) - firstGroup
        let size = Int(part.unitSizes[u])
        scratch.reserveViterbi(positions: size + 1)
        let best = scratch.best.base, backStart = scratch.backStart.base, backId = scratch.backId.base
        for i in 0...size {
            best[i] = -.infinity
            backStart[i] = -1
        }
        best[0] = 0
        let groupSizes = part.groupSizes, lengths = part.lengths, seeds = part.seeds
        var node = firstNode
        var position: Int32 = 0
        for g in 0..<groupCount {
            let s = Int(position)
            let groupSize = Int(groupSizes[firstGroup + g])
            let slot = seeds[node]
            let characterEnd = position + (slot >= 0 ? Int32(lengths[Int(slot)]) : -slot)
            let from = best[s]
            if from > -.infinity {
                @inline(__always) func relax(_ end: Int32, _ id: Int32, _ score: Float) {
                    let e = Int(end)
                    let candidate = from + Double(score)
                    if backStart[e] < 0 || candidate > best[e] {
                        best[e] = candidate
                        backStart[e] = position
                        backId[e] = id
                    }
                }
                if slot >= 0 { relax(characterEnd, slot, scores[Int(slot)]) }
                for k in node + 1..<node + groupSize {
                    let id = seeds[k]
                    relax(position + Int32(lengths[Int(id)]), id, scores[Int(id)])
                }
                if slot < 0 { relax(characterEnd, -1, unknownScore) }
            }
            node += groupSize
            position = characterEnd
        }
        guard backStart[size] >= 0 else { return }
        var end = size
        while end > 0 {
            let id = backId[end]
            if id >= 0 { frequency[Int(id)] += count }
            end = Int(backStart[end])
        }
    }
}

/// One thread's buffers for `SeedLattices.addMarginals` and `addViterbiCounts`. A struct the caller keeps in a
/// local variable: its buffers are then reached without the dynamic exclusivity check each access to a class's
/// stored property costs (over 5% of training time when the buffers lived in a class). Not copyable: the buffers
/// go with it.
struct LatticeScratch: ~Copyable {
    /// Per node (in forward order): its end, its piece (-1: unknown) and its probability.
    var ends = LatticeBuffer<Int32>()
    var ids = LatticeBuffer<Int32>()
    var probabilities = LatticeBuffer<Double>()
    /// Per character group, its start.
    var groupStarts = LatticeBuffer<Int32>()
    /// Per position, the forward and backward values.
    var values = ForwardBackward()
    /// Per position, the best path's score to it and its last node's start and piece (Viterbi).
    var best = LatticeBuffer<Double>()
    var backStart = LatticeBuffer<Int32>()
    var backId = LatticeBuffer<Int32>()

    @inline(__always)
    mutating func reserve(nodes: Int, groups: Int) {
        ends.reserve(nodes)
        ids.reserve(nodes)
        probabilities.reserve(nodes)
        groupStarts.reserve(groups)
    }

    @inline(__always)
    mutating func reserveViterbi(positions: Int) {
        best.reserve(positions)
        backStart.reserve(positions)
        backId.reserve(positions)
    }
}
