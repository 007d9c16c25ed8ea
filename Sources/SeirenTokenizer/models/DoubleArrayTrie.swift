/// The encoders' piece trie: the nodes of a `PieceTrie` laid out as a double array (Aoe's, as darts-clone, which
/// sentencepiece encodes with), so each step of the walk is one addition and one comparison in one small slot, not
/// a search of the node's sorted children. Built once per loaded model, and once per Unigram training for the walks
/// over the seeds (a million seeds' array builds in about a second; with it the lattice build went from 44 s to 7 s
/// on the train-sample benchmark); `PieceTrie` stays the trie the trainers rebuild often, which only needs to be
/// cheap to build.
public struct DoubleArrayTrie: Sendable {
    /// Slot `base + byte` holds the child of the node in the slot with `base`, when that slot's `check` names the
    /// parent's slot; `id` is the child's piece id (-1: none). Side by side so one cache line serves a step.
    struct Slot {
        var base: Int32 = 0
        var check: Int32 = Self.free
        var id: Int32 = -1
        static let free: Int32 = -1
    }

    fileprivate let slots: [Slot]
    /// The longest piece's length in bytes: no text position has more matches than this.
    public let depth: Int

    /// Free slots are tried this far back from the end at most: older gaps stay empty, so placing a node never
    /// rescans the whole array (darts-clone closes old blocks for the same reason).
    private static let searchWindow = 8192

    /// The trie's pieces, those `keeping` refuses left out (their nodes stay, as paths to longer pieces).
    public init(_ trie: PieceTrie, keeping: (Int32) -> Bool = { _ in true }) {
        func pieceId(_ node: Int) -> Int32 {
            let id = trie.pieceId(ofNode: node)
            return id >= 0 && keeping(id) ? id : -1
        }
        var slots = [Slot(base: 0, check: -2, id: pieceId(0))]
        var slotOfNode = [Int32](repeating: -1, count: trie.nodeCount)
        slotOfNode[0] = 0
        // The free slots as a linked list in increasing order, so a search skips the used ones.
        var nextFree: [Int32] = [-1]
        var previousFree: [Int32] = [-1]
        var firstFree = -1
        var lastFree = -1
        func grow(to count: Int) {
            while slots.count < count {
                let index = slots.count
                slots.append(Slot())
                nextFree.append(-1)
                previousFree.append(Int32(lastFree))
                if lastFree >= 0 { nextFree[lastFree] = Int32(index) } else { firstFree = index }
                lastFree = index
            }
        }
        func take(_ index: Int) {
            let previous = Int(previousFree[index]), next = Int(nextFree[index])
            if previous >= 0 { nextFree[previous] = Int32(next) } else { firstFree = next }
            if next >= 0 { previousFree[next] = Int32(previous) } else { lastFree = previous }
        }
        grow(to: 257)
        // Depth-first, as darts-clone: a parent is placed before its children need its slot, and the nodes of one
        // path are placed close together, so a walk's steps tend to share cache lines.
        var pending = [0]
        while let node = pending.popLast() {
            let (bytes, firstChild) = trie.children(ofNode: node)
            guard let lowest = bytes.first.map(Int.init) else { continue }
            pending.append(contentsOf: (firstChild..<firstChild + bytes.count).reversed())
            while firstFree >= 0 && firstFree < slots.count - Self.searchWindow { take(firstFree) }
            var candidate = firstFree
            var base = 0
            search: while true {
                if candidate < 0 {
                    // No free slot fits: open new ones past the end.
                    candidate = slots.count
                    grow(to: slots.count + 1)
                }
                base = candidate - lowest
                if base >= 1 {
                    grow(to: base + 256)
                    var fits = true
                    for byte in bytes where slots[base + Int(byte)].check != Slot.free {
                        fits = false
                        break
                    }
                    if fits { break search }
                }
                candidate = Int(nextFree[candidate])
            }
            let parent = Int(slotOfNode[node])
            slots[parent].base = Int32(base)
            for (k, byte) in bytes.enumerated() {
                let slot = base + Int(byte)
                take(slot)
                slots[slot].check = Int32(parent)
                slots[slot].id = pieceId(firstChild + k)
                slotOfNode[firstChild + k] = Int32(slot)
            }
        }
        // Every base + 255 stays inside the array, so the walk needs no bounds test.
        self.slots = slots
        depth = trie.depth
    }

    /// Calls `body(length, id)` for each piece that is a prefix of `bytes[start...]`, shortest first.
    @inline(__always)
    public func forEachPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (Int, Int32) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            var node = 0
            var i = start
            while i < bytes.count {
                let child = Int(slots[node].base) &+ Int(bytes[i])
                guard slots[child].check == Int32(truncatingIfNeeded: node) else { return }
                node = child
                i += 1
                let id = slots[child].id
                if id >= 0 { body(i - start, id) }
            }
        }
    }
}

extension DoubleArrayTrie {
    /// How many walks `forEachPrefix(_:fromEach:count:_:)` takes at once.
    static let lanes = 4

    /// `forEachPrefix` from `count` (at most `lanes`) starts at once: `body(lane, length, id)` for each piece that is
    /// a prefix of `bytes[starts[lane]...]`, each lane's shortest first, the lanes' calls interleaved. The walks go
    /// in lockstep because one walk is a chain of loads each waiting for the last (in a large trie most miss the
    /// cache): independent chains side by side let the processor wait for several misses at a time.
    @inline(__always)
    func forEachPrefix(_ bytes: UnsafeBufferPointer<UInt8>, fromEach starts: InlineArray<4, Int>, count: Int,
                       _ body: (Int, Int, Int32) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            var node = InlineArray<4, Int>(repeating: 0)
            var position = starts
            var live = count
            for lane in count..<Self.lanes { node[lane] = -1 }
            while live > 0 {
                for lane in 0..<Self.lanes where node[lane] >= 0 {
                    let i = position[lane]
                    let child = i < bytes.count ? Int(slots[node[lane]].base) &+ Int(bytes[i]) : -1
                    guard child >= 0, slots[child].check == Int32(truncatingIfNeeded: node[lane]) else {
                        node[lane] = -1
                        live -= 1
                        continue
                    }
                    node[lane] = child
                    position[lane] = i + 1
                    let id = slots[child].id
                    if id >= 0 { body(lane, i + 1 - starts[lane], id) }
                }
            }
        }
    }

    /// The root's slot, where every walk starts.
    public static let root: Int32 = 0

    /// The slot reached from `node` over `bytes[range]`, or -1 when no piece continues that way. A walk can
    /// resume where another ended: the BPE encoder keeps each symbol's slot and walks only the right symbol's
    /// bytes to look up a pair.
    @inline(__always)
    public func walk(from node: Int32, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            var node = Int(node)
            for i in range {
                let child = Int(slots[node].base) &+ Int(bytes[i])
                guard slots[child].check == Int32(truncatingIfNeeded: node) else { return -1 }
                node = child
            }
            return Int32(truncatingIfNeeded: node)
        }
    }

    /// The id of the piece that is exactly `bytes[range]`, or -1.
    @inline(__always)
    public func id(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int32 {
        let node = walk(from: Self.root, bytes, range)
        return node < 0 ? -1 : pieceId(at: node)
    }

    /// The piece id at a slot `walk` returned (-1: no piece ends there).
    @inline(__always)
    public func pieceId(at node: Int32) -> Int32 {
        slots.withUnsafeBufferPointer { $0[Int(node)].id }
    }
}
