/// A byte trie over piece strings: for a start position it lists every piece that is a prefix of the text there,
/// shortest first (the order sentencepiece's trie visits them, which decides ties in Viterbi).
public struct PieceTrie: Sendable {
    /// For each node, its children as (byte, node) sorted by byte; node 0 is the root.
    private var childStart: [Int32] = []
    private var childBytes: [UInt8] = []
    private var childNodes: [Int32] = []
    /// The piece id ending at each node, or -1.
    private var value: [Int32] = []

    public init(pieces: [(bytes: [UInt8], id: Int32)]) {
        // Build with a dictionary per node, then flatten to arrays for fast lookups.
        var children: [[UInt8: Int32]] = [[:]]
        var values: [Int32] = [-1]
        for (bytes, id) in pieces where !bytes.isEmpty {
            var node: Int32 = 0
            for byte in bytes {
                if let next = children[Int(node)][byte] {
                    node = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    values.append(-1)
                    children[Int(node)][byte] = next
                    node = next
                }
            }
            if values[Int(node)] < 0 { values[Int(node)] = id }
        }
        childStart.reserveCapacity(children.count + 1)
        for node in children {
            childStart.append(Int32(childBytes.count))
            for (byte, next) in node.sorted(by: { $0.key < $1.key }) {
                childBytes.append(byte)
                childNodes.append(next)
            }
        }
        childStart.append(Int32(childBytes.count))
        value = values
    }

    @inline(__always)
    private func child(_ node: Int, _ byte: UInt8) -> Int {
        var lo = Int(childStart[node]), hi = Int(childStart[node + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let b = childBytes[mid]
            if b == byte { return Int(childNodes[mid]) }
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
            let id = value[node]
            if id >= 0 { body(i - start, id) }
        }
    }
}
