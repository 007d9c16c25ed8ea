/// sentencepiece's `IsValidSentencePiece`: which strings may become pieces. Length in characters, `▁` only at the
/// start (or anywhere but the end when whitespace does not split), one script per piece (Hiragana and Katakana
/// count as Han), digits alone when digits are split, never the rare-character marker.
struct PieceValidity {
    let maxLength: Int
    let splitsByWhitespace: Bool
    let allowWhitespaceOnly: Bool
    let splitByUnicodeScript: Bool
    let splitByNumber: Bool
    let splitDigits: Bool

    init(settings: TrainingSettings) {
        maxLength = settings.maxPieceLength
        splitsByWhitespace = settings.splitsByWhitespace
        allowWhitespaceOnly = settings.allowWhitespaceOnlyPieces
        splitByUnicodeScript = settings.splitByUnicodeScript
        splitByNumber = settings.splitByNumber
        splitDigits = settings.splitDigits
    }

    func isValid<C: Collection>(_ piece: C) -> Bool where C.Element == UInt32, C.Index == Int {
        let count = piece.count
        if count == 0 || count > maxLength { return false }
        let allWhitespace = piece.allSatisfy { $0 == 0x2581 }
        var previous: UnicodeScript? = nil  // nil: any
        for (position, c) in zip(0..., piece) {
            if c == TrainingCorpus.unknownCharacter || c == 0 || c == 0x2586 || c == 0x20 { return false }
            if c == 0x2581 {
                if !allowWhitespaceOnly || !allWhitespace {
                    if splitsByWhitespace && position > 0 { return false }
                    if !splitsByWhitespace && position > 0 && position == count - 1 { return false }
                }
                continue
            }
            let isNumber = c >= 0x30 && c <= 0x39
            var script: UnicodeScript? = UnicodeScript.of(c)
            if script == .inherited { script = previous }
            if !splitByNumber && isNumber { script = nil }
            if splitDigits && isNumber && count > 1 { return false }
            if splitByUnicodeScript, let s = script, let p = previous, s != p { return false }
            previous = script
        }
        return true
    }
}
