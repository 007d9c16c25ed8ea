/// A statistic of a document that a `ThresholdRule` bounds.
public enum Statistic: Equatable, Sendable {
    case characters
    case japaneseFraction
    case hiraganaFraction
    case katakanaFraction
    case symbolFraction
    case meanSentenceLength
    case maxSentenceLength
    case ellipsisLineFraction
    case duplicateLineFraction
    case duplicateLineCharacterFraction
    case duplicateParagraphFraction
    case duplicateParagraphCharacterFraction
    case topNGramFraction(Int)
    case duplicateNGramFraction(Int)

    /// The name used in rules files, reports and rejections.
    public var name: String {
        switch self {
        case .characters: return "characters"
        case .japaneseFraction: return "japanese_fraction"
        case .hiraganaFraction: return "hiragana_fraction"
        case .katakanaFraction: return "katakana_fraction"
        case .symbolFraction: return "symbol_fraction"
        case .meanSentenceLength: return "mean_sentence_length"
        case .maxSentenceLength: return "max_sentence_length"
        case .ellipsisLineFraction: return "ellipsis_line_fraction"
        case .duplicateLineFraction: return "duplicate_line_fraction"
        case .duplicateLineCharacterFraction: return "duplicate_line_character_fraction"
        case .duplicateParagraphFraction: return "duplicate_paragraph_fraction"
        case .duplicateParagraphCharacterFraction: return "duplicate_paragraph_character_fraction"
        case .topNGramFraction(let n): return "top_\(n)_gram_fraction"
        case .duplicateNGramFraction(let n): return "duplicate_\(n)_gram_fraction"
        }
    }

    /// Every statistic with a fixed name (the n-gram ones take `n` from the rule's parameters).
    static let named: [Statistic] = [
        .characters, .japaneseFraction, .hiraganaFraction, .katakanaFraction, .symbolFraction, .meanSentenceLength,
        .maxSentenceLength, .ellipsisLineFraction, .duplicateLineFraction, .duplicateLineCharacterFraction,
        .duplicateParagraphFraction, .duplicateParagraphCharacterFraction,
    ]

    public func value(of s: DocumentStatistics) -> Double {
        switch self {
        case .characters: return Double(s.characters)
        case .japaneseFraction: return s.japaneseFraction
        case .hiraganaFraction: return s.hiraganaFraction
        case .katakanaFraction: return s.katakanaFraction
        case .symbolFraction: return s.symbolFraction
        case .meanSentenceLength: return s.meanSentenceLength
        case .maxSentenceLength: return Double(s.longestSentence)
        case .ellipsisLineFraction: return s.ellipsisLineFraction
        case .duplicateLineFraction: return s.repetition.lineDuplicates.fraction
        case .duplicateLineCharacterFraction: return s.repetition.lineDuplicates.characterFraction
        case .duplicateParagraphFraction: return s.repetition.paragraphDuplicates.fraction
        case .duplicateParagraphCharacterFraction: return s.repetition.paragraphDuplicates.characterFraction
        case .topNGramFraction(let n): return s.repetition.topNGramFraction(n)
        case .duplicateNGramFraction(let n): return s.repetition.duplicateNGramFraction(n)
        }
    }
}

/// Keeps documents whose statistic lies within `[min, max]` (either bound optional).
public struct ThresholdRule: FilterRule {
    public var statistic: Statistic
    public var min: Double?
    public var max: Double?

    public init(_ statistic: Statistic, min: Double? = nil, max: Double? = nil) {
        self.statistic = statistic
        self.min = min
        self.max = max
    }

    public var name: String { statistic.name }

    public func check(_ statistics: DocumentStatistics) -> RuleOutcome {
        let value = statistic.value(of: statistics)
        if let min, value < min { return .fail(RuleFailure(rule: name, value: value, threshold: min, bound: .minimum)) }
        if let max, value > max { return .fail(RuleFailure(rule: name, value: value, threshold: max, bound: .maximum)) }
        return .pass
    }
}

extension ThresholdRule {
    /// A statistic with `min` and/or `max`.
    static func kind(_ statistic: Statistic) -> RuleKind {
        RuleKind(name: statistic.name, parameters: ["min", "max"]) { parameters in
            let min = try parameters.number("min")
            let max = try parameters.number("max")
            guard min != nil || max != nil else { throw parameters.error("needs min or max") }
            return ThresholdRule(statistic, min: min, max: max)
        }
    }

    /// An n-gram statistic with `n` (1...64) and `max`; its rejections are named with the n (`top_2_gram_fraction`).
    static func nGramKind(_ name: String, _ statistic: @escaping @Sendable (Int) -> Statistic) -> RuleKind {
        RuleKind(name: name, parameters: ["n", "max"]) { parameters in
            guard let n = parameters.params["n"]?.intValue, n >= 1, n <= 64 else { throw parameters.error("n must be 1...64") }
            guard let max = try parameters.number("max") else { throw parameters.error("needs max") }
            return ThresholdRule(statistic(n), max: max)
        }
    }
}
