import Foundation

/// A byte trie over piece strings: for a start position it lists every piece that is a prefix of the text there,
/// shortest first (the order sentencepiece's trie visits them, which decides ties in Viterbi).
public struct PieceTrie: Sendable {
    /// Per node, the start of its children in `childBytes` and its piece id (-1: none), side by side so one cache
    /// line serves a step of the walk; a last entry closes the last node's children. Node 0 is the root; nodes are
    /// numbered breadth-first in the order their edges are listed, so the child at `childBytes[k]` is node k + 1.
    private var nodes: [Int32] = []
    /// Each node's children's bytes, sorted.
    private var childBytes: [UInt8] = []
    /// The longest key's length in bytes: no text position has more matches than this.
    public private(set) var depth = 0
    /// The root's children by byte (-1: none): the root is the widest node and is visited at every position.
    private var rootChildren = [Int32](repeating: -1, count: 256)

    /// Builds the trie breadth-first from the sorted keys, so each node's children sit together (binary search)
    /// and no per-node dictionary is needed: a million seed pieces build in well under a second. When a string
    /// appears twice the first id wins.
    public init(pieces: [(bytes: [UInt8], id: Int32)]) {
        // The keys laid end to end in sorted order (a stable sort, so of equal strings the first id comes first):
        // sorting and walking flat bytes, not arrays of arrays, keeps the build fast.
        let keys = pieces.filter { !$0.bytes.isEmpty }
        var flat: [UInt8] = []
        var offsets: [Int] = [0]
        flat.reserveCapacity(keys.reduce(0) { $0 + $1.bytes.count })
        for key in keys {
            flat.append(contentsOf: key.bytes)
            offsets.append(flat.count)
        }
        // Sorted by the first 8 bytes as one big-endian integer (zero-padded: that order agrees with the bytes'
        // order), the full comparison only where those are equal: most comparisons are then one integer compare.
        let order: [Int] = flat.withUnsafeBufferPointer { flat in
            var prefixed: [(prefix: UInt64, index: Int32)] = keys.indices.map { k in
                var prefix: UInt64 = 0
                let start = offsets[k], count = min(8, offsets[k + 1] - start)
                for i in 0..<count { prefix |= UInt64(flat[start + i]) << (56 - 8 * i) }
                return (prefix, Int32(k))
            }
            prefixed.sort { p, q in
                if p.prefix != q.prefix { return p.prefix < q.prefix }
                let x = Int(p.index), y = Int(q.index)
                let a = offsets[x], aCount = offsets[x + 1] - a
                let b = offsets[y], bCount = offsets[y + 1] - b
                let common = memcmp(flat.baseAddress! + a, flat.baseAddress! + b, min(aCount, bCount))
                if common != 0 { return common < 0 }
                if aCount != bCount { return aCount < bCount }
                return x < y
            }
            return prefixed.map { Int($0.index) }
        }
        var start: [Int] = [], length: [Int] = []
        start.reserveCapacity(order.count)
        length.reserveCapacity(order.count)
        for k in order {
            start.append(offsets[k])
            length.append(offsets[k + 1] - offsets[k])
        }
        offsets = []
        // At most one node per key byte: reserved so the arrays never grow by copying (untouched pages cost nothing).
        let nodeBound = flat.count + 1
        nodes.reserveCapacity(2 * nodeBound + 2)
        childBytes.reserveCapacity(nodeBound)
        // Breadth-first one level at a time (a queue of every node would be the largest thing built): node ids
        // are assigned in visiting order, so a level's children get consecutive ids.
        var level: [(lo: Int32, hi: Int32)] = [(0, Int32(order.count))]
        var depth = 0
        while !level.isEmpty {
            var nextLevel: [(lo: Int32, hi: Int32)] = []
            for range in level {
                var lo = Int(range.lo)
                let hi = Int(range.hi)
                var id: Int32 = -1
                if lo < hi && length[lo] == depth {
                    id = keys[order[lo]].id
                    while lo < hi && length[lo] == depth { lo += 1 }
                }
                nodes.append(Int32(childBytes.count))
                nodes.append(id)
                var i = lo
                while i < hi {
                    let byte = flat[start[i] + depth]
                    var j = i + 1
                    while j < hi && flat[start[j] + depth] == byte { j += 1 }
                    childBytes.append(byte)
                    nextLevel.append((Int32(i), Int32(j)))
                    i = j
                }
            }
            level = nextLevel
            depth += 1
        }
        self.depth = max(0, depth - 1)
        nodes.append(Int32(childBytes.count))
        nodes.append(-1)
        for k in Int(nodes[0])..<Int(nodes[2]) { rootChildren[Int(childBytes[k])] = Int32(k + 1) }
    }

    /// The nodes as another layout of the same trie reads them (`DoubleArrayTrie`): how many there are, each one's
    /// piece id (-1: none) and its children, whose bytes are sorted and whose node numbers are consecutive.
    var nodeCount: Int { nodes.count / 2 - 1 }

    func pieceId(ofNode node: Int) -> Int32 { nodes[2 * node + 1] }

    func children(ofNode node: Int) -> (bytes: ArraySlice<UInt8>, firstNode: Int) {
        let lo = Int(nodes[2 * node]), hi = Int(nodes[2 * node + 2])
        return (childBytes[lo..<hi], lo + 1)
    }

    @inline(__always)
    private func child(_ node: Int, _ byte: UInt8) -> Int {
        if node == 0 { return Int(rootChildren[Int(byte)]) }
        var lo = Int(nodes[2 * node]), hi = Int(nodes[2 * node + 2])
        if hi - lo <= 4 {
            while lo < hi {
                if childBytes[lo] == byte { return lo + 1 }
                lo += 1
            }
            return -1
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            let b = childBytes[mid]
            if b == byte { return mid + 1 }
            if b < byte { lo = mid + 1 } else { hi = mid }
        }
        return -1
    }

    /// Calls `body(length, id)` for each piece that is a prefix of `bytes[start...]`, shortest first.
    @inline(__always)
    public func forEachPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (Int, Int32) -> Void) {
        var node = 0
        var i = start
        while i < bytes.count {
            node = child(node, bytes[i])
            if node < 0 { return }
            i += 1
            let id = nodes[2 * node + 1]
            if id >= 0 { body(i - start, id) }
        }
    }
}
