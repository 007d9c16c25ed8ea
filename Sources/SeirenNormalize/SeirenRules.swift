/// Seiren's own dialect of the Japanese rules: one pass over the scalars, judged per line. Unlike neologdn it keeps
/// ASCII `~` and `-` as they are (paths, options, URLs), leaves dashes that do not follow kana alone (English
/// dashes, box drawing), keeps indentation before non-Japanese text, and removes trailing spaces on every line.
struct SeirenRules {
    let flags: RuleFlags

    func apply(to text: inout String) -> String {
        var out = ScalarBuffer(inputBytes: text.utf8.count)
        var filter = InvisibleCharacterFilter(flags: flags)
        // The last scalar written (0 at the start of the text) and the spaces read since, not yet judged.
        var last: UInt32 = 0
        var pendingSpaces = 0
        text.withUTF8 { input in
            var cursor = UTF8Cursor(input)
            while let scalar = cursor.next() {
                guard var c = filter.filter(scalar) else { continue }
                if c == 0x3000 && flags.ideographicSpace { c = 0x20 }
                if c == 0x20 && flags.spaces {
                    pendingSpaces += 1
                    continue
                }
                c = convertWidth(c)

                // Sound marks join the kana before them (ｶﾞ, か゛, or NFKC's " ゙" from a lone ゛).
                if flags.halfwidthKatakana, let mark = Self.soundMark(c) {
                    let joined = mark == .voiced ? CharacterTables.voiced(last) : CharacterTables.semiVoiced(last)
                    if let joined, pendingSpaces == 0 || (c == 0x3099 || c == 0x309A) {
                        pendingSpaces = 0
                        out.removeLast()
                        out.append(joined)
                        last = joined
                        continue
                    }
                    if c == CharacterTables.halfwidthVoicedMark { c = 0x309B }
                    if c == CharacterTables.halfwidthSemiVoicedMark { c = 0x309C }
                }

                let afterKana = pendingSpaces == 0 && CharacterTables.isKana(last)
                if flags.longVowels && afterKana
                    && (CharacterTables.isLongVowelLookalike(c) || CharacterTables.isHyphen(c)) {
                    if last == CharacterTables.longVowel { continue }
                    c = CharacterTables.longVowel
                } else if (flags.hyphens && CharacterTables.isHyphen(c)) || (flags.fullwidthASCII && c == 0xFF0D) {
                    c = 0x2D  // － not after kana is a full-width hyphen-minus
                } else if flags.quotes {
                    switch c {
                    case 0x201C, 0x201D: c = 0x22
                    case 0x2018, 0x2019: c = 0x27
                    default: break
                    }
                }
                if c != 0x7E && CharacterTables.isTilde(c) {
                    switch flags.tildes {
                    case .keep: break
                    case .remove: continue
                    case .ascii: c = 0x7E
                    case .waveDash: c = CharacterTables.waveDash
                    }
                }

                if pendingSpaces > 0 {
                    let atLineStart = last == 0 || last == 0x0A
                    if c == 0x0A || CharacterTables.isJapanese(c) {
                        // Trailing spaces, and spaces before Japanese, go.
                    } else if atLineStart {
                        for _ in 0..<pendingSpaces { out.append(0x20) }  // indentation of code and lists
                    } else if !CharacterTables.isJapanese(last) {
                        out.append(0x20)
                    }
                    pendingSpaces = 0
                }
                out.append(c)
                last = c
            }
        }
        return out.string
    }

    /// Full-width ASCII → ASCII and half-width katakana → full-width. ～ and － are left to the tilde and
    /// hyphen/long-vowel rules.
    @inline(__always)
    private func convertWidth(_ c: UInt32) -> UInt32 {
        if c < 0xFF01 || c > 0xFF9D { return c }
        if flags.fullwidthASCII && c <= 0xFF5D && c != 0xFF0D { return c - 0xFEE0 }
        if flags.halfwidthKatakana, let full = CharacterTables.fullwidthKatakana(c) { return full }
        return c
    }

    private enum SoundMark { case voiced, semiVoiced }

    /// Combining, spacing and half-width forms of ゛ and ゜.
    @inline(__always)
    private static func soundMark(_ c: UInt32) -> SoundMark? {
        switch c {
        case 0x3099, 0x309B, 0xFF9E: return .voiced
        case 0x309A, 0x309C, 0xFF9F: return .semiVoiced
        default: return nil
        }
    }
}
