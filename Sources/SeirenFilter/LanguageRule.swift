/// Japanese or not, from script statistics alone (no model): a Japanese text is written mostly in Japanese
/// scripts, and unlike Chinese it has kana among them. Japanese characters are weighed against *words* of other
/// scripts (runs of letters), since one kanji or kana carries about what one English word does: a manual page with
/// English command names stays Japanese, an untranslated English page does not.
public struct LanguageRule: FilterRule {
    /// Least share of Japanese characters among Japanese characters plus other-script words.
    public var minJapaneseLetters: Double
    /// Least share of kana among kana and kanji (Chinese has none; Japanese prose has well over half).
    public var minKana: Double
    public var name: String { "language" }

    public init(minJapaneseLetters: Double = 0.5, minKana: Double = 0.1) {
        self.minJapaneseLetters = minJapaneseLetters
        self.minKana = minKana
    }

    /// `min_japanese_letters` (default 0.5) and `min_kana` (default 0.1).
    static func parse(_ parameters: RuleParameters) throws -> any FilterRule {
        LanguageRule(minJapaneseLetters: try parameters.number("min_japanese_letters") ?? 0.5,
                     minKana: try parameters.number("min_kana") ?? 0.1)
    }

    public enum Language: String, Sendable {
        case japanese = "ja"
        case chinese = "zh"
        case other
    }

    public func measures(_ s: DocumentStatistics) -> (japaneseLetters: Double, kana: Double) {
        let japanese = s.hiragana + s.katakana + s.kanji
        let units = japanese + s.otherWords
        return (units == 0 ? 0 : Double(japanese) / Double(units),
                japanese == 0 ? 0 : Double(s.hiragana + s.katakana) / Double(japanese))
    }

    public func language(_ s: DocumentStatistics) -> Language {
        let (japaneseLetters, kana) = measures(s)
        if japaneseLetters < minJapaneseLetters { return .other }
        return kana < minKana ? .chinese : .japanese
    }

    public func check(_ s: DocumentStatistics) -> RuleOutcome {
        let (japaneseLetters, kana) = measures(s)
        if japaneseLetters < minJapaneseLetters {
            return .fail(RuleFailure(rule: name, value: japaneseLetters, threshold: minJapaneseLetters,
                                     bound: .minimum, measure: "japanese_letter_fraction"))
        }
        if kana < minKana {
            return .fail(RuleFailure(rule: name, value: kana, threshold: minKana, bound: .minimum,
                                     measure: "kana_fraction_of_japanese"))
        }
        return .pass
    }
}
