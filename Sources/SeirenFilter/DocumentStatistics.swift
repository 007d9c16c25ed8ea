import SeirenCore

/// Everything the filter rules measure on one document, computed in one pass over its scalars when the document
/// is read. The repetition statistics (lines, paragraphs, character n-grams) cost more and are computed on first use
/// only, once, whatever the number of rules that read them.
///
/// Fractions are taken over non-whitespace characters, so the newlines and indentation of a manual do not dilute
/// them; lengths count Unicode scalars (what Python's `len` counts).
public final class DocumentStatistics {
    public let document: Document
    /// The text as scalar values.
    public let scalars: [UInt32]

    public private(set) var characters = 0
    public private(set) var nonWhitespace = 0
    public private(set) var hiragana = 0
    public private(set) var katakana = 0
    public private(set) var kanji = 0
    public private(set) var japanesePunctuation = 0
    public private(set) var symbols = 0
    public private(set) var otherLetters = 0
    /// Runs of letters of other scripts: the words of a Latin-script text, what the language rule weighs against
    /// Japanese characters (one Japanese character carries about as much as one English word).
    public private(set) var otherWords = 0
    /// Lines with at least one non-whitespace character.
    public private(set) var lines = 0
    /// Non-blank lines whose last non-whitespace characters are `…`, `‥` or `...`.
    public private(set) var ellipsisLines = 0
    /// Sentences end at 。！？!? and at line ends; blank ones are not counted. A sentence's length runs from its first
    /// to its last non-whitespace character, terminator included.
    public private(set) var sentences = 0
    public private(set) var sentenceCharacters = 0
    public private(set) var longestSentence = 0

    public init(_ document: Document) {
        self.document = document
        var scalars: [UInt32] = []
        scalars.reserveCapacity(document.text.utf8.count)
        for scalar in document.text.unicodeScalars { scalars.append(scalar.value) }
        self.scalars = scalars
        measure()
    }

    private func measure() {
        characters = scalars.count
        var sentenceStart = -1
        var lastNonWhitespace = -1
        var lineHasText = false
        var previousWasOtherLetter = false

        func endSentence(at end: Int) {
            if sentenceStart >= 0 && end >= sentenceStart {
                let length = end - sentenceStart + 1
                sentences += 1
                sentenceCharacters += length
                if length > longestSentence { longestSentence = length }
            }
            sentenceStart = -1
        }
        func endLine() {
            if lineHasText {
                lines += 1
                if endsWithEllipsis(lastNonWhitespace) { ellipsisLines += 1 }
            }
            lineHasText = false
        }

        for (index, value) in scalars.enumerated() {
            let kind = CharacterClass.of(value)
            if value == 0x0A {
                endSentence(at: lastNonWhitespace)
                endLine()
                continue
            }
            if kind != .otherLetter { previousWasOtherLetter = false }
            if kind == .whitespace { continue }
            nonWhitespace += 1
            lastNonWhitespace = index
            lineHasText = true
            if sentenceStart < 0 { sentenceStart = index }
            switch kind {
            case .hiragana: hiragana += 1
            case .katakana: katakana += 1
            case .kanji: kanji += 1
            case .japanesePunctuation: japanesePunctuation += 1
            case .symbol: symbols += 1
            case .otherLetter:
                otherLetters += 1
                if !previousWasOtherLetter { otherWords += 1 }
                previousWasOtherLetter = true
            default: break
            }
            // 。！？!? end a sentence.
            if value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0x21 || value == 0x3F {
                endSentence(at: index)
            }
        }
        endSentence(at: lastNonWhitespace)
        endLine()
    }

    private func endsWithEllipsis(_ last: Int) -> Bool {
        guard last >= 0 else { return false }
        if scalars[last] == 0x2026 || scalars[last] == 0x2025 { return true }
        return last >= 2 && scalars[last] == 0x2E && scalars[last - 1] == 0x2E && scalars[last - 2] == 0x2E
    }

    // MARK: derived values

    private func fraction(_ count: Int) -> Double { nonWhitespace == 0 ? 0 : Double(count) / Double(nonWhitespace) }

    public var hiraganaFraction: Double { fraction(hiragana) }
    public var katakanaFraction: Double { fraction(katakana) }
    /// Hiragana, katakana, kanji and Japanese punctuation.
    public var japaneseFraction: Double { fraction(hiragana + katakana + kanji + japanesePunctuation) }
    /// Punctuation and symbols, Japanese or not.
    public var symbolFraction: Double { fraction(symbols + japanesePunctuation) }
    public var meanSentenceLength: Double { sentences == 0 ? 0 : Double(sentenceCharacters) / Double(sentences) }
    public var ellipsisLineFraction: Double { lines == 0 ? 0 : Double(ellipsisLines) / Double(lines) }

    /// The Gopher repetition statistics, computed on first use.
    public private(set) lazy var repetition = RepetitionStatistics(scalars: scalars)
}
