import SeirenCore

/// Line-level boilerplate: lines (compared with surrounding whitespace trimmed) that occur in more than
/// `threshold` documents, such as navigation bars, footers and copyright lines, are removed from every document.
/// A line counts once per document however often it repeats there. Lines without a letter or digit (code fences,
/// separators) never count: they are structure.
public struct LineBoilerplate: Sendable {
    public let threshold: Int
    /// Documents per line hash, summed over shards.
    public private(set) var documentFrequency: [UInt64: Int32] = [:]

    public init(threshold: Int) { self.threshold = threshold }

    /// The distinct line hashes of one document (one shard's contribution is the merge of these).
    public static func distinctLines(of text: String) -> Set<UInt64> {
        var keys = Set<UInt64>()
        forEachLine(text) { _, key in if let key { keys.insert(key) } }
        return keys
    }

    public mutating func add(_ lines: Set<UInt64>) {
        for key in lines { documentFrequency[key, default: 0] += 1 }
    }

    mutating func add(_ key: UInt64, _ count: Int32) { documentFrequency[key, default: 0] += count }

    /// The lines to remove: more than `threshold` documents.
    public func boilerplate() -> [UInt64: Int32] { documentFrequency.filter { $0.value > Int32(threshold) } }

    /// The text without the boilerplate lines, and the removed lines (hash, trimmed text).
    public static func remove(from text: String, boilerplate: [UInt64: Int32]) -> (text: String, removed: [(UInt64, Substring)]) {
        guard !boilerplate.isEmpty else { return (text, []) }
        var kept = ""
        var removed: [(UInt64, Substring)] = []
        forEachLine(text) { line, key in
            if let key, boilerplate[key] != nil {
                removed.append((key, line.trimmedLine()))
            } else {
                kept += line
            }
        }
        return removed.isEmpty ? (text, []) : (kept, removed)
    }

    /// Calls `body` with each line (newline included) and the hash of its trimmed content (nil for a line that
    /// cannot be boilerplate: blank, or without any letter or digit).
    static func forEachLine(_ text: String, _ body: (Substring, UInt64?) -> Void) {
        var start = text.startIndex
        while start < text.endIndex {
            // Scalars, not Characters: "\r\n" is one Character and would hide the "\n".
            let newline = text.unicodeScalars[start...].firstIndex(of: "\n")
            let end = newline.map { text.unicodeScalars.index(after: $0) } ?? text.endIndex
            let line = text[start..<end]
            let trimmed = line.trimmedLine()
            // Lines with no letter or digit (code fences, rules, bullets) are structure, not boilerplate text:
            // removing a "```" that opens code in many documents would break every one of them.
            let isText = trimmed.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            body(line, isText ? lineHash(trimmed) : nil)
            start = end
        }
    }

    static func lineHash(_ line: Substring) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in line.unicodeScalars { h = (h ^ UInt64(scalar.value)) &* 0x100_0000_01B3 }
        return FastHash.mix64(h)
    }
}

extension Substring {
    func trimmedLine() -> Substring {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, isWhitespace(first.value) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isWhitespace(last.value) { scalars = scalars.dropLast() }
        return Substring(scalars)
    }
}
