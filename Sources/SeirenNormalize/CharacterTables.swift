/// The character sets and tables the rules use. Code points, not Characters: the rules run on scalars.
enum CharacterTables {
    // MARK: look-alikes (the sets neologdn 0.5.6 uses)

    /// Hyphen and minus look-alikes: ˗ ֊ ‐ ‑ ‒ – ⁃ ⁻ ₋ −.
    @inline(__always)
    static func isHyphen(_ c: UInt32) -> Bool {
        switch c {
        case 0x02D7, 0x058A, 0x2010, 0x2011, 0x2012, 0x2013, 0x2043, 0x207B, 0x208B, 0x2212: return true
        default: return false
        }
    }

    /// Long-vowel look-alikes: ﹣ － ｰ — ― ─ ━ ー.
    @inline(__always)
    static func isLongVowelLookalike(_ c: UInt32) -> Bool {
        switch c {
        case 0xFE63, 0xFF0D, 0xFF70, 0x2014, 0x2015, 0x2500, 0x2501, 0x30FC: return true
        default: return false
        }
    }

    /// Tildes and wave dashes: ~ ∼ ∾ 〜 〰 ～.
    @inline(__always)
    static func isTilde(_ c: UInt32) -> Bool {
        switch c {
        case 0x7E, 0x223C, 0x223E, 0x301C, 0x3030, 0xFF5E: return true
        default: return false
        }
    }

    static let longVowel: UInt32 = 0x30FC
    static let waveDash: UInt32 = 0x301C

    // MARK: width

    /// Half-width katakana and punctuation U+FF61...U+FF9D → their full-width forms (｡ ｢ ｣ ､ ･ ｦ ... ﾝ).
    static let halfwidthKatakana: [UInt32] = [
        0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5,
        0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,
        0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC,
        0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4,
        0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,
    ]

    @inline(__always)
    static func fullwidthKatakana(_ c: UInt32) -> UInt32? {
        c >= 0xFF61 && c <= 0xFF9D ? halfwidthKatakana[Int(c - 0xFF61)] : nil
    }

    static let halfwidthVoicedMark: UInt32 = 0xFF9E
    static let halfwidthSemiVoicedMark: UInt32 = 0xFF9F

    // MARK: sound marks

    /// The kana that take the voiced mark ゛ (hiragana; katakana is +0x60), with the voiced form one code point on.
    private static let voicedBases: [UInt32] = [
        0x304B, 0x304D, 0x304F, 0x3051, 0x3053, 0x3055, 0x3057, 0x3059, 0x305B, 0x305D, 0x305F, 0x3061, 0x3064,
        0x3066, 0x3068, 0x306F, 0x3072, 0x3075, 0x3078, 0x307B,
    ]
    private static let semiVoicedBases: [UInt32] = [0x306F, 0x3072, 0x3075, 0x3078, 0x307B]

    /// The composed voiced kana for `c` (か → が, ウ → ヴ, ワ → ヷ), or nil. Every pair Unicode composes.
    static func voiced(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x3046: return 0x3094
        case 0x30A6: return 0x30F4
        case 0x309D: return 0x309E
        case 0x30FD: return 0x30FE
        case 0x30EF...0x30F2: return c + 8
        default:
            let hiragana = c >= 0x30A0 ? c - 0x60 : c
            return voicedBases.contains(hiragana) ? c + 1 : nil
        }
    }

    /// The composed semi-voiced kana for `c` (は → ぱ, ホ → ポ), or nil.
    static func semiVoiced(_ c: UInt32) -> UInt32? {
        let hiragana = c >= 0x30A0 ? c - 0x60 : c
        return semiVoicedBases.contains(hiragana) ? c + 2 : nil
    }

    // MARK: scripts

    /// Hiragana, katakana and the long-vowel mark.
    @inline(__always)
    static func isKana(_ c: UInt32) -> Bool {
        (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A1 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF)
    }

    /// Japanese for the seiren space rule: CJK punctuation, kana, ideographs (with extensions and compatibility
    /// ideographs) and full-/half-width forms.
    @inline(__always)
    static func isJapanese(_ c: UInt32) -> Bool {
        if c < 0x3000 { return false }
        return c <= 0x30FF || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF)
            || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF)
            || (c >= 0x20000 && c <= 0x3FFFF)
    }

    // MARK: invisible characters

    /// Controls other than tab, LF and CR (C0, DEL, C1 without NEL) and invisible format characters: zero-width
    /// space, word joiner, BOM, soft hyphen, LRM/RLM/ALM and bidi embeddings/isolates.
    @inline(__always)
    static func isRemovableControl(_ c: UInt32) -> Bool {
        if c < 0x20 { return c != 0x09 && c != 0x0A && c != 0x0D }
        if c < 0x7F { return false }
        if c <= 0x9F { return c != 0x85 }
        switch c {
        case 0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069,
             0xFEFF:
            return true
        default:
            return false
        }
    }
}
