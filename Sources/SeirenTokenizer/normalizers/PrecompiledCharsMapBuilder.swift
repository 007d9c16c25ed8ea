import Foundation
import SeirenICU

/// Writes a precompiled charsmap in the format sentencepiece reads (see `PrecompiledCharsMap`): a darts-clone
/// double array over the UTF-8 keys, then the NUL-terminated replacements. The double array is built first-fit,
/// node by node in breadth-first order: each node gets a base whose slots (base XOR label, and base itself for the
/// value of a node that ends a key) are all free; the unit stores base XOR its own position as darts' offset.
public enum PrecompiledCharsMapBuilder {
    public static func build(_ rules: [(key: [UInt8], replacement: [UInt8])]) -> [UInt8] {
        // The trie of keys: children by byte, value = offset of the replacement.
        var children: [[UInt8: Int]] = [[:]]
        var values: [Int?] = [nil]
        var blob: [UInt8] = []
        for rule in rules.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where !rule.key.isEmpty && !rule.key.contains(0) {
            var node = 0
            for byte in rule.key {
                if let next = children[node][byte] {
                    node = next
                } else {
                    children.append([:])
                    values.append(nil)
                    children[node][byte] = children.count - 1
                    node = children.count - 1
                }
            }
            if values[node] == nil {
                values[node] = blob.count
                blob.append(contentsOf: rule.replacement)
                blob.append(0)
            }
        }
        var units: [UInt32] = [0]
        var used: [Bool] = [true]
        func ensure(_ size: Int) {
            if units.count < size {
                units.append(contentsOf: repeatElement(0, count: size - units.count))
                used.append(contentsOf: repeatElement(false, count: size - used.count))
            }
        }
        var position = [Int](repeating: -1, count: children.count)
        position[0] = 0
        var queue = [0]
        var head = 0
        var searchFrom = 1
        while head < queue.count {
            let node = queue[head]
            head += 1
            let p = position[node]
            let labels = children[node].keys.sorted()
            let hasLeaf = values[node] != nil && node != 0
            guard !labels.isEmpty || hasLeaf else { continue }
            // First free base whose slots are all free (base 0 is the root's slot, never free).
            var base = searchFrom
            while true {
                ensure(base + 256)
                if (!hasLeaf || !used[base]) && labels.allSatisfy({ !used[base ^ Int($0)] }) && (p ^ base) < (1 << 21) { break }
                base += 1
            }
            while searchFrom < used.count && used[searchFrom] { searchFrom += 1 }
            let offset = UInt32(p ^ base)
            units[p] = (units[p] & ((1 << 31) | (1 << 8) | 0xFF)) | (offset << 10)
            if hasLeaf {
                units[p] |= 1 << 8
                used[base] = true
                units[base] = UInt32(values[node]!) | (1 << 31)
            }
            for label in labels {
                let slot = base ^ Int(label)
                used[slot] = true
                units[slot] = UInt32(label)
                let child = children[node][label]!
                position[child] = slot
                queue.append(child)
            }
        }
        // darts does no bounds checks: a lookup XORs any byte into a base, so every 256-unit block a base lies in
        // must exist in full.
        ensure((units.count + 255) / 256 * 256)
        var result: [UInt8] = []
        let trieBytes = UInt32(units.count * 4)
        for shift in stride(from: 0, to: 32, by: 8) { result.append(UInt8(truncatingIfNeeded: trieBytes >> UInt32(shift))) }
        for unit in units {
            for shift in stride(from: 0, to: 32, by: 8) { result.append(UInt8(truncatingIfNeeded: unit >> UInt32(shift))) }
        }
        result.append(contentsOf: blob)
        return result
    }

    /// NFKC, one character at a time (ICU): every code point whose NFKC form differs. Sequences that compose only
    /// together (a kana followed by a combining voiced mark) are not rules; sentencepiece's nmt_nfkc adds those and
    /// a few extra rules (control characters, odd spaces), which this table does not.
    public static func nfkcRules() throws -> [(key: [UInt8], replacement: [UInt8])] {
        var rules: [(key: [UInt8], replacement: [UInt8])] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            let normalized = try ICU.normalize(text, to: .nfkc)
            if normalized != text || Array(normalized.utf8) != Array(text.utf8) {
                rules.append((Array(text.utf8), Array(normalized.utf8)))
            }
        }
        return rules
    }
}

/// The NFKC charsmap, built once per process (it walks every code point through ICU).
enum NFKCCharsMap {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: [UInt8]?

    static func shared() throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let built = PrecompiledCharsMapBuilder.build(try PrecompiledCharsMapBuilder.nfkcRules())
        cached = built
        return built
    }
}
