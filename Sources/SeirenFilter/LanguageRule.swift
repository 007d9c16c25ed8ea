/// Japanese or not, from script statistics alone (no model): a Japanese text is written mostly in Japanese
/// scripts (kana and kanji among all letters), and unlike Chinese it has kana among them.
public struct LanguageRule: FilterRule {
    /// Least share of kana and kanji among letters of any script.
    public var minJapaneseLetters: Double
    /// Least share of kana among kana and kanji (Chinese has none; Japanese prose has well over half).
    public var minKana: Double
    public var name: String { "language" }

    public init(minJapaneseLetters: Double = 0.5, minKana: Double = 0.1) {
        self.minJapaneseLetters = minJapaneseLetters
        self.minKana = minKana
    }

    public enum Language: String, Sendable {
        case japanese = "ja"
        case chinese = "zh"
        case other
    }

    public func measures(_ s: DocumentStatistics) -> (japaneseLetters: Double, kana: Double) {
        let japanese = s.hiragana + s.katakana + s.kanji
        let letters = s.letters
        return (letters == 0 ? 0 : Double(japanese) / Double(letters),
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
