/// Every unit's lattice over the seed pieces, built by one trie walk and kept for the whole training. Training only
/// ever removes pieces (the M step drops rare ones, pruning the least useful), so the lattice of any later piece set
/// is this one with the removed pieces' nodes left out: each E step and each pruning pass reads it back instead of
/// walking a trie again (that walk was half of the training time). Compact: a node is its byte length and seed
/// index (5 bytes), grouped by the character it starts at; the unit text itself is no longer needed.
struct SeedLattices {
    /// Per unit, its first character group (and one past the last unit).
    private var unitGroups: [Int] = [0]
    /// Per unit, its first node.
    private var unitNodes: [Int] = [0]
    /// Per character start, its number of nodes. The first is the character slot: the character's own seed piece, or
    /// -1 when no seed covers it (an unknown node).
    private var groupSizes: [UInt8] = []
    private var lengths: [UInt8] = []
    private var seeds: [Int32] = []

    var unitCount: Int { unitGroups.count - 1 }

    /// Whether every node length and group size fits the compact layout (pieces of at most 255 bytes).
    static func fits(_ pieces: [[UInt8]], maxPieceLength: Int) -> Bool {
        maxPieceLength < 255 && pieces.allSatisfy { $0.count <= 255 }
    }

    /// Builds the lattices of `units` over `set` (its piece indices become the seed indices), in parallel chunks
    /// appended in order.
    static func build(_ set: TrainerPieceSet, _ units: [[UInt8]],
                      forEachChunk: (Int, @escaping (Range<Int>) -> SeedLattices, (SeedLattices) -> Void) throws -> Void) rethrows -> SeedLattices {
        var all = SeedLattices()
        try forEachChunk(units.count, { range in
            var part = SeedLattices()
            let workspace = LatticeWorkspace()
            for i in range {
                units[i].withUnsafeBufferPointer { unit in
                    workspace.populate(unit, set)
                    part.append(workspace, size: unit.count)
                }
            }
            return part
        }, { part in all.append(contentsOf: part) })
        return all
    }

    /// Appends the lattice `workspace` holds (populated over the seed set, nodes ordered by start then length).
    private mutating func append(_ workspace: LatticeWorkspace, size: Int) {
        let starts = workspace.starts, ends = workspace.ends, ids = workspace.ids
        var n = 0
        let count = workspace.count
        while n < count {
            let start = starts[n]
            var end = n
            while end < count && starts[end] == start { end += 1 }
            // populate lists an unknown node last in its group; here the character slot comes first.
            let unknownLast = ids[end - 1] < 0
            groupSizes.append(UInt8(end - n))
            if unknownLast {
                lengths.append(UInt8(ends[end - 1] - start))
                seeds.append(-1)
                for k in n..<end - 1 {
                    lengths.append(UInt8(ends[k] - start))
                    seeds.append(ids[k])
                }
            } else {
                for k in n..<end {
                    lengths.append(UInt8(ends[k] - start))
                    seeds.append(ids[k])
                }
            }
            n = end
        }
        unitGroups.append(groupSizes.count)
        unitNodes.append(seeds.count)
    }

    private mutating func append(contentsOf other: SeedLattices) {
        let groupBase = groupSizes.count, nodeBase = seeds.count
        groupSizes.append(contentsOf: other.groupSizes)
        lengths.append(contentsOf: other.lengths)
        seeds.append(contentsOf: other.seeds)
        unitGroups.append(contentsOf: other.unitGroups.dropFirst().map { $0 + groupBase })
        unitNodes.append(contentsOf: other.unitNodes.dropFirst().map { $0 + nodeBase })
    }

    /// Loads unit `u`'s lattice over the current pieces into `workspace` exactly as `populate` would list it (same
    /// nodes, same order): `current[seed]` is the seed's current piece index, or -1 once removed. Returns the unit's
    /// byte length.
    func load(_ u: Int, into workspace: LatticeWorkspace, current: UnsafeBufferPointer<Int32>,
              scores: UnsafeBufferPointer<Float>, unknownScore: Float) -> Int {
        let most = unitNodes[u + 1] - unitNodes[u]
        if workspace.starts.count < most {
            let capacity = max(most, 2 * workspace.starts.count)
            workspace.starts = [Int32](repeating: 0, count: capacity)
            workspace.ends = [Int32](repeating: 0, count: capacity)
            workspace.ids = [Int32](repeating: 0, count: capacity)
            workspace.scores = [Float](repeating: 0, count: capacity)
        }
        var position: Int32 = 0
        var n = 0
        // Written through pointers: appending would check uniqueness on every node.
        workspace.starts.withUnsafeMutableBufferPointer { starts in
        workspace.ends.withUnsafeMutableBufferPointer { ends in
        workspace.ids.withUnsafeMutableBufferPointer { ids in
        workspace.scores.withUnsafeMutableBufferPointer { nodeScores in
        groupSizes.withUnsafeBufferPointer { groupSizes in
        lengths.withUnsafeBufferPointer { lengths in
        seeds.withUnsafeBufferPointer { seeds in
            @inline(__always) func add(_ end: Int32, _ id: Int32, _ score: Float) {
                starts[n] = position
                ends[n] = end
                ids[n] = id
                nodeScores[n] = score
                n += 1
            }
            var node = unitNodes[u]
            for g in unitGroups[u]..<unitGroups[u + 1] {
                let size = Int(groupSizes[g])
                let characterEnd = position + Int32(lengths[node])
                let slot = seeds[node]
                let single = slot >= 0 ? current[Int(slot)] : -1
                if single >= 0 { add(characterEnd, single, scores[Int(single)]) }
                for k in node + 1..<node + size {
                    let id = current[Int(seeds[k])]
                    if id >= 0 { add(position + Int32(lengths[k]), id, scores[Int(id)]) }
                }
                if single < 0 { add(characterEnd, -1, unknownScore) }
                node += size
                position = characterEnd
            }
        }}}}}}}
        workspace.count = n
        return Int(position)
    }
}
