import SeirenCore

/// Rejects documents where too many characters are inside NG words (offensive or spam expressions) from a word
/// list: the covered characters, counted once even where words overlap, over all characters. The words are matched
/// as written, so the list should be in the same normal form as the text (NFKC after the normalize stage).
public struct NGWordRule: FilterRule {
    public let automaton: AhoCorasick
    public var max: Double
    /// The name a rules file gives the rule, and so the reason of its rejections; what it measures is
    /// `ng_word_fraction`.
    public var name: String { "ng_words" }

    public init(words: [String], max: Double) {
        automaton = AhoCorasick(patterns: words)
        self.max = max
    }

    /// Reads a word list: one word per line; blank lines and lines starting with `#` are skipped; surrounding
    /// whitespace is trimmed.
    public init(wordListFile path: String, max: Double) throws {
        let text = String(decoding: try FileReader.readAll(path), as: UTF8.self)
        let words = text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !words.isEmpty else { throw FileError(path: path, reason: "NG word list has no words") }
        self.init(words: words, max: max)
    }

    /// `file` (relative to the rules file) and `max` (default 0: any NG word rejects).
    static func parse(_ parameters: RuleParameters) throws -> any FilterRule {
        guard let file = parameters.params["file"]?.stringValue else { throw parameters.error("needs file") }
        return try NGWordRule(wordListFile: parameters.path(file), max: try parameters.number("max") ?? 0)
    }

    public func fraction(_ statistics: DocumentStatistics) -> Double {
        guard statistics.characters > 0 else { return 0 }
        return Double(automaton.coveredCount(in: statistics.scalars)) / Double(statistics.characters)
    }

    public func check(_ statistics: DocumentStatistics) -> RuleOutcome {
        let value = fraction(statistics)
        return value > max ? .fail(RuleFailure(rule: name, value: value, threshold: max, bound: .maximum, measure: "ng_word_fraction")) : .pass
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var s = self[...]
        while let first = s.unicodeScalars.first, first.properties.isWhitespace { s = s.dropFirst() }
        while let last = s.unicodeScalars.last, last.properties.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
