/// neologdn 0.5.6's `normalize(text)` transcribed rule for rule, over UTF-8: one pass, the same tables, the same order
/// of checks and the same quirks, so that the `neologdn` preset gives byte-identical output. The quirks kept on
/// purpose (see docs/normalize.md): spaces are judged against the previous *output* character over the whole text
/// (not per line), a space after a non-ASCII non-Japanese character is dropped (`café au` → `caféau`), `*` keeps no
/// space after it, only hiragana う/は行 and katakana join sound marks, the ASCII `-`/`ー` run checks look at the
/// previous character only, and a leading U+FEFF in the result is dropped (Python's UTF-32 decoder takes it for a BOM).
struct NeologdnRules {
    let flags: RuleFlags

    func apply(to text: inout String) -> String {
        var out = ScalarBuffer(inputBytes: text.utf8.count)
        var filter = InvisibleCharacterFilter(flags: flags)
        var prev: UInt32 = 0
        var latinSpace = false
        let removeSpace = flags.spaces
        text.withUTF8 { input in
            var cursor = UTF8Cursor(input)
            while let scalar = cursor.next() {
                guard var c = filter.filter(scalar) else { continue }
                if c == 0x20 || (c == 0x3000 && flags.ideographicSpace) {
                    c = 0x20
                    if (out.isEmpty || prev == 0x20 || Self.isBlock(prev)) && removeSpace { continue }
                    if prev != 0x2A && !out.isEmpty && prev < 0x80 {
                        latinSpace = true
                        out.append(c)
                    } else if !removeSpace {
                        out.append(c)
                    }
                    // Else neologdn steps back and forward again: the space is dropped but still becomes `prev`.
                } else if flags.hyphens && CharacterTables.isHyphen(c) {
                    if prev == 0x2D { continue }
                    c = 0x2D
                    out.append(c)
                    latinSpace = false
                } else if flags.longVowels && CharacterTables.isLongVowelLookalike(c) {
                    if prev == CharacterTables.longVowel { continue }
                    c = CharacterTables.longVowel
                    out.append(c)
                    latinSpace = false
                } else if CharacterTables.isTilde(c) {
                    // neologdn always takes this branch; `ignore` (our `keep`) still ends a Latin space.
                    switch flags.tildes {
                    case .keep: break
                    case .ascii: c = 0x7E
                    case .waveDash: c = CharacterTables.waveDash
                    case .remove: continue
                    }
                    out.append(c)
                    latinSpace = false
                } else {
                    c = convert(c)
                    if flags.halfwidthKatakana && !out.isEmpty {
                        if c == CharacterTables.halfwidthVoicedMark, let joined = Self.voiced(prev) {
                            out.removeLast()
                            c = joined
                        } else if c == CharacterTables.halfwidthSemiVoicedMark, let joined = Self.semiVoiced(prev) {
                            out.removeLast()
                            c = joined
                        }
                    }
                    if latinSpace && !out.isEmpty && Self.isBlock(c) && removeSpace { out.removeLast() }
                    latinSpace = false
                    out.append(c)
                }
                prev = c
            }
        }
        if out.endsWithSpace { out.removeLastByte() }
        if out.starts(with: [0xEF, 0xBB, 0xBF]) { out.dropFirst(3) }
        return out.string
    }

    /// neologdn's `conversion_map`, split by rule.
    @inline(__always)
    private func convert(_ c: UInt32) -> UInt32 {
        if flags.fullwidthASCII {
            if c >= 0xFF01 && c <= 0xFF5D {
                switch c {
                case 0xFF02, 0xFF07, 0xFF0D, 0xFF3C, 0xFF40: break  // not in neologdn's table
                default: return c - 0xFEE0
                }
            }
            if c == 0xA5 { return 0x5C }
            if c == 0x2212 { return 0x2D }
        }
        if flags.quotes {
            switch c {
            case 0x201C, 0x201D: return 0x22
            case 0x2018: return 0x60
            case 0x2019: return 0x27
            default: break
            }
        }
        if flags.halfwidthKatakana {
            if let full = CharacterTables.fullwidthKatakana(c) { return full }
            if c == 0x309B { return CharacterTables.halfwidthVoicedMark }
            if c == 0x309C { return CharacterTables.halfwidthSemiVoicedMark }
        }
        return c
    }

    /// neologdn's `blocks`: CJK ideographs, hiragana, katakana, CJK symbols (without U+3000) and the half-/full-width
    /// forms.
    @inline(__always)
    static func isBlock(_ c: UInt32) -> Bool {
        (c >= 0x4E00 && c < 0xA000) || (c >= 0x3001 && c < 0x3100) || (c >= 0xFF00 && c < 0xFFF0)
    }

    /// neologdn's `kana_ten_map`: katakana カ行 to ハ行 and ウ, and hiragana う only.
    private static func voiced(_ c: UInt32) -> UInt32? {
        if c == 0x3046 { return 0x3094 }
        if c == 0x30A6 { return 0x30F4 }
        guard c >= 0x30AB && c <= 0x30DB, let joined = CharacterTables.voiced(c) else { return nil }
        return joined
    }

    /// neologdn's `kana_maru_map`: は行 in both scripts.
    private static func semiVoiced(_ c: UInt32) -> UInt32? { CharacterTables.semiVoiced(c) }
}
