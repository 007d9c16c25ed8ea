/// API keys and secrets of the shapes that leak most often: PEM private-key blocks, AWS access key IDs (`AKIA...`,
/// `ASIA...`), GitHub tokens (`ghp_...`, `github_pat_...`), Slack tokens (`xoxb-...`), Google API keys (`AIza...`),
/// Stripe secret keys (`sk_live_...`), `Bearer` tokens, and the value of assignments whose name ends in a secret
/// word (`password=...`, `DB_PASSWORD: ...`, `api_key = "..."`, `パスワード：...`).
struct SecretScanner {
    /// Names that make the value after `=` or `:` a secret (compared by suffix, lowercased).
    private static let secretNames = [
        "password", "passwd", "passphrase", "secret", "secret_key", "secretkey", "api_key", "apikey", "api-key",
        "token", "private_key", "access_key", "client_secret",
    ]
    private static let japaneseSecretNames = ["パスワード", "暗証番号", "パスフレーズ"]
    /// Japanese labels of keys and tokens, longest first. The words are everyday ones (トークン is also a word
    /// of tokenizer manuals), so only a key-shaped value after them is a secret.
    private static let japaneseKeyLabels = [
        "シークレットアクセスキー", "アクセストークン", "シークレットキー", "アクセスキー", "APIトークン", "API キー", "APIキー",
        "ＡＰＩキー", "シークレット", "トークン", "秘密鍵", "認証キー",
    ]
    private static let japaneseKeyLabelFirstScalars = Array(Set(japaneseKeyLabels.map { $0.unicodeScalars.first!.value }))

    private struct TokenShape {
        var prefix: String
        var minimum: Int
        var maximum: Int
        var alphabet: (UInt32) -> Bool
    }

    private static func upperAlnum(_ c: UInt32) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) }
    private static func alnum(_ c: UInt32) -> Bool { upperAlnum(c) || (0x61...0x7A).contains(c) }
    private static let tokenShapes: [TokenShape] = [
        TokenShape(prefix: "AKIA", minimum: 16, maximum: 16, alphabet: upperAlnum),
        TokenShape(prefix: "ASIA", minimum: 16, maximum: 16, alphabet: upperAlnum),
        TokenShape(prefix: "github_pat_", minimum: 22, maximum: 255, alphabet: { alnum($0) || $0 == 0x5F }),
        TokenShape(prefix: "ghp_", minimum: 36, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "gho_", minimum: 36, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "ghu_", minimum: 36, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "ghs_", minimum: 36, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "ghr_", minimum: 36, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "xoxb-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "xoxp-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "xoxa-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "xoxr-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "xoxs-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "xapp-", minimum: 10, maximum: 255, alphabet: { alnum($0) || $0 == 0x2D }),
        TokenShape(prefix: "AIza", minimum: 35, maximum: 35, alphabet: { alnum($0) || $0 == 0x5F || $0 == 0x2D }),
        TokenShape(prefix: "sk_live_", minimum: 16, maximum: 255, alphabet: alnum),
        TokenShape(prefix: "rk_live_", minimum: 16, maximum: 255, alphabet: alnum),
    ]

    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        var i = 0
        while i < text.count {
            if let span = privateKeyBlock(text, at: i) ?? token(text, at: i) ?? labelledKey(text, at: i)
                ?? assignment(text, at: i) {
                spans.append(span)
                i = max(span.end, i + 1)
            } else {
                i += 1
            }
        }
    }

    private func isWordCharacter(_ text: FoldedText, _ i: Int) -> Bool {
        text.isAlphanumeric(i) || text.is(i, "_") || text.is(i, "-")
    }

    /// `-----BEGIN ... PRIVATE KEY-----` to its `-----END ...-----` line (or to the end of the text when the block
    /// has no end: better too much than a half key).
    private func privateKeyBlock(_ text: FoldedText, at i: Int) -> RedactionSpan? {
        guard text[i] == 0x2D, text.matches("-----BEGIN ", at: i) else { return nil }
        var j = i + 11
        while j < text.count && !text.is(j, "-") && !text.is(j, "\n") { j += 1 }
        let label = String(decoding: (i + 11..<j).map { UInt8(truncatingIfNeeded: text[$0]) }, as: UTF8.self)
        guard label.hasSuffix("PRIVATE KEY") || label.hasSuffix("PRIVATE KEY BLOCK"), text.matches("-----", at: j) else {
            return nil
        }
        var k = j + 5
        while k < text.count {
            if text.matches("-----END ", at: k) {
                var e = k + 9
                while e < text.count && !text.is(e, "-") && !text.is(e, "\n") { e += 1 }
                if text.matches("-----", at: e) { return RedactionSpan(kind: .secret, start: i, end: e + 5) }
            }
            k += 1
        }
        return RedactionSpan(kind: .secret, start: i, end: text.count)
    }

    private static let tokenFirstScalars = Array(Set(tokenShapes.map { $0.prefix.unicodeScalars.first!.value } + [0x42]))

    private func token(_ text: FoldedText, at i: Int) -> RedactionSpan? {
        guard Self.tokenFirstScalars.contains(text[i]), !isWordCharacter(text, i - 1) else { return nil }
        if text.matches("Bearer ", at: i) {
            var end = i + 7
            while text.isAlphanumeric(end) || [0x2E, 0x5F, 0x7E, 0x2B, 0x2F, 0x3D, 0x2D].contains(text[end]) { end += 1 }
            return end - (i + 7) >= 16 ? RedactionSpan(kind: .secret, start: i + 7, end: end) : nil
        }
        for shape in Self.tokenShapes where text.matches(shape.prefix, at: i) {
            let bodyStart = i + shape.prefix.unicodeScalars.count
            var end = bodyStart
            while end - bodyStart < shape.maximum + 1 && shape.alphabet(text[end]) { end += 1 }
            let length = end - bodyStart
            guard (shape.minimum...shape.maximum).contains(length), !isWordCharacter(text, end) else { continue }
            return RedactionSpan(kind: .secret, start: i, end: end)
        }
        return nil
    }

    /// `APIキー：AbC123...`, `アクセスキー AKIA...`, `トークンは 9f8e...`: a Japanese key label, then optionally
    /// `:`, `=` or は, then a key-shaped value (16 or more of letters, digits and `_-+/=.`, with both letters and
    /// digits). Only the value is replaced.
    private func labelledKey(_ text: FoldedText, at i: Int) -> RedactionSpan? {
        guard i < text.count, Self.japaneseKeyLabelFirstScalars.contains(text.scalars[i].value),
              let label = Self.japaneseKeyLabels.first(where: { text.original($0, at: i) }) else { return nil }
        var j = i + label.unicodeScalars.count
        while text.isSpace(j) { j += 1 }
        if text.is(j, ":") || text.is(j, "=") || text.original("は", at: j) || text.original("：", at: j) { j += 1 }
        while text.isSpace(j) { j += 1 }
        if text.is(j, "\"") || text.is(j, "'") || text.original("「", at: j) { j += 1 }
        let start = j
        var end = j
        var letters = 0, digits = 0
        while text.isAlphanumeric(end) || [0x5F, 0x2D, 0x2B, 0x2F, 0x3D, 0x2E].contains(text[end]) {
            if text.isDigit(end) { digits += 1 } else if text.isLetter(end) { letters += 1 }
            end += 1
        }
        while end > start && [0x2E, 0x2D].contains(text[end - 1]) { end -= 1 }
        guard end - start >= 16, letters > 0, digits > 0 else { return nil }
        return RedactionSpan(kind: .secret, start: start, end: end)
    }

    // Arrays, not sets: a few comparisons are cheaper than hashing at every position.
    private static let japaneseFirstScalars = japaneseSecretNames.map { $0.unicodeScalars.first!.value }

    /// After a name: an optional closing quote, spaces, then `=` or `:`; returns where the value may begin.
    private func valueStart(_ text: FoldedText, after nameEnd: Int) -> Int? {
        var j = nameEnd
        if text.is(j, "\"") || text.is(j, "'") { j += 1 }
        while text.isSpace(j) { j += 1 }
        guard text.is(j, "=") || text.is(j, ":") else { return nil }
        return j + 1
    }

    /// Whether the identifier ends in a secret word that starts a part of it: `password`, `DB_PASSWORD`,
    /// `db.password`, `dbPassword`, but not `NOPASSWD` (sudoers) or `keypassword`.
    private func endsWithSecretName(_ text: FoldedText, from start: Int, to end: Int) -> Bool {
        for word in Self.secretNames {
            let n = word.unicodeScalars.count
            let at = end - n
            guard at >= start, text.matches(word, at: at, caseInsensitive: true) else { continue }
            if at == start || text.is(at - 1, "_") || text.is(at - 1, "-") || text.is(at - 1, ".") { return true }
            let before = text[at - 1], first = text[at]
            if (0x61...0x7A).contains(before) && (0x41...0x5A).contains(first) { return true }  // camelCase
        }
        return false
    }

    /// `NAME = value`, `NAME: value`, `"NAME": "value"`: only the value is replaced.
    private func assignment(_ text: FoldedText, at i: Int) -> RedactionSpan? {
        var nameEnd = i
        if text.isLetter(i), !isWordCharacter(text, i - 1), !text.is(i - 1, ".") {
            while isWordCharacter(text, nameEnd) || text.is(nameEnd, ".") { nameEnd += 1 }
            guard valueStart(text, after: nameEnd) != nil, endsWithSecretName(text, from: i, to: nameEnd) else { return nil }
        } else if Self.japaneseFirstScalars.contains(text[i]),
                  let word = Self.japaneseSecretNames.first(where: { text.original($0, at: i) }) {
            nameEnd = i + word.unicodeScalars.count
        } else {
            return nil
        }
        guard var j = valueStart(text, after: nameEnd) else { return nil }
        while text.isSpace(j) { j += 1 }
        var quote: UInt32?
        if text.is(j, "\"") || text.is(j, "'") || text.is(j, "`") {
            quote = text[j]
            j += 1
        }
        let start = j
        var end = j
        if let quote {
            // A quoted value runs to its closing quote (spaces included), on the same line.
            while end < text.count, text[end] != quote, text[end] != 0x0A { end += 1 }
            guard text[end] == quote else { return nil }
        } else {
            while end < text.count, text[end] > 0x20, text[end] < 0x7F, !text.is(end, "\""), !text.is(end, "'") {
                end += 1
            }
        }
        if quote == nil {
            while end > start && [0x2E, 0x2C, 0x3B, 0x29].contains(text[end - 1]) { end -= 1 }
        }
        let minimum = quote == nil ? 3 : 1
        guard end - start >= minimum else { return nil }
        // "********" or "xxxx" is a mask already, not a secret.
        guard (start..<end).contains(where: { text[$0] != text[start] }) || end - start == 1 else { return nil }
        return RedactionSpan(kind: .secret, start: start, end: end)
    }
}
