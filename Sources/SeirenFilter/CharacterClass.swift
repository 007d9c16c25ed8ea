/// The script classes the filters count, decided from the scalar's code point alone (no locale, no tables beyond
/// these ranges), so a document's statistics never depend on the machine.
enum CharacterClass {
    case whitespace
    case hiragana
    case katakana
    case kanji
    /// Japanese punctuation and symbols: the CJK punctuation block (、。「」…), the katakana middle dot and the
    /// full-width forms of ASCII punctuation.
    case japanesePunctuation
    /// Other punctuation or symbols (ASCII `!"#...`, math, arrows, box drawing, ...).
    case symbol
    case digit
    /// Letters of other scripts (Latin, Greek, Hangul, ...).
    case otherLetter
    case other

    @inline(__always)
    static func of(_ v: UInt32) -> CharacterClass {
        if v < 0x80 {
            if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return .whitespace }
            if v >= 0x30 && v <= 0x39 { return .digit }
            if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { return .otherLetter }
            if v < 0x20 || v == 0x7F { return .other }
            return .symbol
        }
        switch v {
        case 0x3041...0x309F: return .hiragana  // includes ゝゞ and the combining voicing marks
        case 0x30FB: return .japanesePunctuation  // ・
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .katakana  // with ー and half-width forms
        case 0x3005...0x3007, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return .kanji
        case 0x3000: return .whitespace
        case 0x3001...0x303F: return .japanesePunctuation
        case 0xFF10...0xFF19: return .digit
        case 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .otherLetter
        case 0xFF01...0xFF65: return .japanesePunctuation
        default:
            guard let scalar = Unicode.Scalar(v) else { return .other }
            let properties = scalar.properties
            if properties.isWhitespace { return .whitespace }
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .otherLetter
            case .decimalNumber, .letterNumber, .otherNumber: return .digit
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                return .symbol
            default: return .other
            }
        }
    }
}
