/// A text as Unicode scalars, with a parallel "folded" view in which full-width ASCII (０-９, Ａ-Ｚ, ＠, －, （, ...)
/// and the dashes people type between digit groups (ー, ‐, –, −, ...) become plain ASCII. Folding is one scalar for
/// one scalar, so a match found in the folded view has the same offsets in the original text, and the original
/// span is what gets replaced.
struct FoldedText {
    let scalars: [Unicode.Scalar]
    let folded: [UInt32]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        folded = scalars.map { FoldedText.fold($0.value) }
    }

    var count: Int { folded.count }

    static func fold(_ value: UInt32) -> UInt32 {
        switch value {
        case 0xFF01...0xFF5E: return value - 0xFEE0  // full-width ASCII
        case 0x3000: return 0x20  // ideographic space
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x30FC, 0xFF70, 0xFE63: return 0x2D
        default: return value
        }
    }

    /// The folded scalar at `i`, or 0 outside the text (so look-arounds need no bounds checks).
    subscript(_ i: Int) -> UInt32 { i >= 0 && i < folded.count ? folded[i] : 0 }

    func isDigit(_ i: Int) -> Bool { let c = self[i]; return c >= 0x30 && c <= 0x39 }
    func digit(_ i: Int) -> Int { Int(self[i]) - 0x30 }
    func isLetter(_ i: Int) -> Bool { let c = self[i] | 0x20; return c >= 0x61 && c <= 0x7A }
    func isAlphanumeric(_ i: Int) -> Bool { isDigit(i) || isLetter(i) }
    func isHexDigit(_ i: Int) -> Bool { let c = self[i] | 0x20; return isDigit(i) || (c >= 0x61 && c <= 0x66) }
    func isSpace(_ i: Int) -> Bool { let c = self[i]; return c == 0x20 || c == 0x09 }
    func isWhitespace(_ i: Int) -> Bool { let c = self[i]; return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    func `is`(_ i: Int, _ ascii: Unicode.Scalar) -> Bool { self[i] == ascii.value }

    /// Whether the folded text at `i` spells `word` (ASCII, compared case-insensitively when asked).
    func matches(_ word: String, at i: Int, caseInsensitive: Bool = false) -> Bool {
        var j = i
        for unit in word.unicodeScalars {
            var c = self[j]
            var w = unit.value
            if caseInsensitive {
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if w >= 0x41 && w <= 0x5A { w |= 0x20 }
            }
            if c != w { return false }
            j += 1
        }
        return true
    }

    /// Whether the original (unfolded) text at `i` spells `word` exactly (for Japanese keywords such as 郵便番号).
    func original(_ word: String, at i: Int) -> Bool {
        var j = i
        for unit in word.unicodeScalars {
            guard j >= 0, j < scalars.count, scalars[j] == unit else { return false }
            j += 1
        }
        return true
    }

    // MARK: Number boundaries

    /// Characters that glue numbers into longer codes: `ABC-1234-56`, `2024-03-15`, `1.2.3`, `10/20`, `1,000`.
    private func isJoiner(_ i: Int) -> Bool {
        let c = self[i]
        return c == 0x2D || c == 0x2E || c == 0x2C || c == 0x2F || c == 0x5F
    }

    /// A number may start at `i`: it does not continue a word, a number, a run of space-separated digit groups,
    /// or a code such as `ABC-1234` (but `TEL.03-...` is fine: a letter then a dot ends an abbreviation).
    func numberMayStart(at i: Int) -> Bool {
        if isAlphanumeric(i - 1) { return false }
        if isSpace(i - 1) && isDigit(i - 2) { return false }  // the next group of `4111 1111 ...`
        if isJoiner(i - 1) {
            if self[i - 1] == 0x2E && isLetter(i - 2) { return true }
            if isAlphanumeric(i - 2) { return false }
        }
        return true
    }

    /// A phone number may start at `i` right after a letter (`TEL03-...`, `ＦＡＸ０３...`) or after `_` that
    /// follows no digit (`tel_03...`), though it continues a word; never inside a number or a code of digits.
    func phoneMayStartAfterLabel(at i: Int) -> Bool {
        if isLetter(i - 1) { return true }
        return self[i - 1] == 0x5F && !isDigit(i - 2)
    }

    /// A phone number may end before `i` where other numbers may, before `.` or `_` and a letter (a file
    /// extension or the next part of a file name: `090-1234-5678.xml`, `03-1234-5678_tanaka.txt`), and before `/`
    /// (a folder named after it).
    func phoneMayEnd(before i: Int) -> Bool {
        numberMayEnd(before: i) || ((self[i] == 0x2E || self[i] == 0x5F) && isLetter(i + 1)) || self[i] == 0x2F
    }

    /// A number may end before `i`: the text does not go on with a letter, a digit, a joiner and more code, or
    /// a space and another digit group (a longer number that did not validate must not be taken in part).
    func numberMayEnd(before i: Int) -> Bool {
        if isAlphanumeric(i) { return false }
        if isSpace(i) && isDigit(i + 1) { return false }  // more digit groups follow
        if isJoiner(i) && isAlphanumeric(i + 1) { return false }
        return true
    }
}
