/// An Aho-Corasick automaton over Unicode scalars: finds every occurrence of every pattern in one left-to-right
/// pass, whatever the number of patterns.
public struct AhoCorasick: Sendable {
    /// Child of a state: key `state << 32 | scalar`.
    private var edges: [UInt64: Int32] = [:]
    private var failure: [Int32] = [0]
    /// Length of the longest pattern ending at this state (following failure links); 0 when none does.
    private var longestMatch: [Int32] = [0]

    public init(patterns: [String]) {
        var depth: [Int32] = [0]
        for pattern in patterns {
            var state: Int32 = 0
            var length: Int32 = 0
            for scalar in pattern.unicodeScalars {
                length += 1
                let key = UInt64(state) << 32 | UInt64(scalar.value)
                if let next = edges[key] {
                    state = next
                } else {
                    let next = Int32(failure.count)
                    edges[key] = next
                    failure.append(0)
                    longestMatch.append(0)
                    depth.append(length)
                    state = next
                }
            }
            if length > 0 { longestMatch[Int(state)] = max(longestMatch[Int(state)], length) }
        }
        // Breadth-first, so a state's failure target (a shorter suffix) is final before the state is.
        var children: [[(UInt32, Int32)]] = Array(repeating: [], count: failure.count)
        for (key, child) in edges { children[Int(key >> 32)].append((UInt32(truncatingIfNeeded: key), child)) }
        for index in children.indices { children[index].sort { $0.0 < $1.0 } }
        var queue: [Int32] = children[0].map { $0.1 }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in children[Int(state)] {
                if state != 0 {
                    var fallback = failure[Int(state)]
                    while true {
                        if let next = edges[UInt64(fallback) << 32 | UInt64(scalar)], next != child {
                            failure[Int(child)] = next
                            break
                        }
                        if fallback == 0 { break }
                        fallback = failure[Int(fallback)]
                    }
                }
                longestMatch[Int(child)] = max(longestMatch[Int(child)], longestMatch[Int(failure[Int(child)])])
                queue.append(child)
            }
        }
    }

    public var isEmpty: Bool { failure.count == 1 }

    /// Calls `found(end, length)` for each position where a pattern ends, with the longest pattern ending there.
    @inline(__always)
    public func forEachMatch(in scalars: UnsafeBufferPointer<UInt32>, _ found: (Int, Int) -> Void) {
        var state: Int32 = 0
        for (index, scalar) in scalars.enumerated() {
            while true {
                if let next = edges[UInt64(state) << 32 | UInt64(scalar)] {
                    state = next
                    break
                }
                if state == 0 { break }
                state = failure[Int(state)]
            }
            let length = longestMatch[Int(state)]
            if length > 0 { found(index, Int(length)) }
        }
    }

    /// How many scalars are inside at least one occurrence of a pattern.
    public func coveredCount(in scalars: [UInt32]) -> Int {
        var covered = [Bool](repeating: false, count: scalars.count)
        var count = 0
        scalars.withUnsafeBufferPointer { buffer in
            forEachMatch(in: buffer) { end, length in
                // No early stop at a covered position: a longer match can reach past a gap between earlier ones.
                for position in (end - length + 1)...end where !covered[position] {
                    covered[position] = true
                    count += 1
                }
            }
        }
        return count
    }
}
