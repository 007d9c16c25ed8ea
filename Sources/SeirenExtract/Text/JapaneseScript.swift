/// Which characters are set without spaces between them in Japanese text. A line break in the source between two
/// of them is an artifact of the editor's line width, never a word boundary.
enum JapaneseScript {
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, // CJK symbols and punctuation (、。「」々〆)
             0x3040...0x309F, // hiragana
             0x30A0...0x30FF, // katakana (with ー)
             0x31F0...0x31FF, // katakana phonetic extensions
             0x3400...0x4DBF, // CJK extension A
             0x4E00...0x9FFF, // CJK unified ideographs
             0xF900...0xFAFF, // CJK compatibility ideographs
             0xFF00...0xFFEF, // full-width forms and half-width katakana
             0x20000...0x3FFFF: // CJK extensions B and later
            return true
        default:
            return false
        }
    }
}
