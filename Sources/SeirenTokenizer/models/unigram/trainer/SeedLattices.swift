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
        /// Per character start, its number of nodes. The first is the character slot: the character's own seed
        /// piece, or minus the character's byte length when no seed covers it (an unknown node).
        var groupSizes: [UInt8] = []
        var seeds: [Int32] = []

        /// Appends the lattice `workspace` holds (populated over the seed set, nodes ordered by start then length).
        mutating func append(_ workspace: LatticeWorkspace) {
            let starts = workspace.starts, ends = workspace.ends, ids = workspace.ids
            var n = 0
            let count = workspace.count
            while n < count {
                let start = starts[n]
                var end = n
                while end < count && starts[end] == start { end += 1 }
                // populate lists an unknown node last in its group; here the character slot comes first.
                groupSizes.append(UInt8(end - n))
                if ids[end - 1] < 0 {
                    seeds.append(-(ends[end - 1] - start))
                    for k in n..<end - 1 { seeds.append(ids[k]) }
                } else {
                    for k in n..<end { seeds.append(ids[k]) }
                }
                n = end
            }
            unitGroups.append(Int32(groupSizes.count))
            unitNodes.append(Int32(seeds.count))
        }

        /// In place: keeps the nodes of pieces still present, renumbered by `current` (-1: removed); a removed
        /// character piece leaves an unknown slot.
        mutating func compact(_ current: UnsafeBufferPointer<Int32>, _ lengths: UnsafeBufferPointer<UInt8>) {
            var write = 0, read = 0
            let units = unitGroups.count - 1
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
                        for k in read + 1..<read + size {
                            let id = current[Int(seeds[k])]
                            if id >= 0 {
                                seeds[write] = id
                                write += 1
                            }
                        }
                        groupSizes[g] = UInt8(write - groupStart)
                        read += size
                    }
                }
            }
            unitNodes[units] = Int32(write)
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
                    var next = 0
                    try orderedParallelMap(workers: threads, window: 4 * threads, next: { () -> Int? in
                        guard next < parts.count else { return nil }
                        next += 1
                        return next - 1
                    }, transform: { p in parts[p].compact(current, seedLengths) }, consume: { _ in })
                }
            }
        }
        seedLengths = lengths
    }

    /// Whether every node length and group size fits the compact layout (pieces of at most 255 bytes).
    static func fits(_ pieces: [[UInt8]], maxPieceLength: Int) -> Bool {
        maxPieceLength < 255 && pieces.allSatisfy { $0.count <= 255 }
    }

    /// Builds the lattices of `units` over `set` (its piece indices become the seed indices), in parallel chunks
    /// kept in order.
    static func build(_ set: TrainerPieceSet, _ units: [[UInt8]],
                      forEachChunk: (Int, @escaping (Range<Int>) -> (Int, Part), ((Int, Part)) -> Void) throws -> Void) rethrows -> SeedLattices {
        var all = SeedLattices()
        all.seedLengths = set.pieces.map { UInt8($0.count) }
        try forEachChunk(units.count, { range in
            var part = Part()
            let workspace = LatticeWorkspace()
            for i in range {
                units[i].withUnsafeBufferPointer { unit in
                    workspace.populate(unit, set)
                    part.append(workspace)
                }
            }
            return (range.count, part)
        }, { count, part in
            all.parts.append(part)
            all.partStarts.append(all.partStarts[all.partStarts.count - 1] + count)
        })
        return all
    }

    /// Loads unit `u`'s lattice over the current pieces into `workspace` exactly as `populate` would list it (same
    /// nodes, same order): `current[seed]` is the seed's current piece index, or -1 once removed. Returns the unit's
    /// byte length.
    func load(_ u: Int, into workspace: LatticeWorkspace, current: UnsafeBufferPointer<Int32>,
              scores: UnsafeBufferPointer<Float>, unknownScore: Float) -> Int {
        // The part holding unit u: the last whose first unit is at most u.
        var lo = 0, hi = parts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if partStarts[mid] <= u { lo = mid } else { hi = mid - 1 }
        }
        let part = parts[lo]
        let u = u - partStarts[lo]
        let unitNodes = part.unitNodes, unitGroups = part.unitGroups
        workspace.reserveNodes(Int(unitNodes[u + 1] - unitNodes[u]))
        workspace.count = 0
        var position: Int32 = 0
        part.groupSizes.withUnsafeBufferPointer { groupSizes in
        seedLengths.withUnsafeBufferPointer { lengths in
        part.seeds.withUnsafeBufferPointer { seeds in
            @inline(__always) func add(_ end: Int32, _ id: Int32, _ score: Float) {
                workspace.addNode(Int(position), Int(end), id, score)
            }
            var node = Int(unitNodes[u])
            for g in Int(unitGroups[u])..<Int(unitGroups[u + 1]) {
                let size = Int(groupSizes[g])
                let slot = seeds[node]
                let characterEnd = position + (slot >= 0 ? Int32(lengths[Int(slot)]) : -slot)
                let single = slot >= 0 ? current[Int(slot)] : -1
                if single >= 0 { add(characterEnd, single, scores[Int(single)]) }
                for k in node + 1..<node + size {
                    let seed = Int(seeds[k])
                    let id = current[seed]
                    if id >= 0 { add(position + Int32(lengths[seed]), id, scores[Int(id)]) }
                }
                if single < 0 { add(characterEnd, -1, unknownScore) }
                node += size
                position = characterEnd
            }
        }}}
        return Int(position)
    }
}
