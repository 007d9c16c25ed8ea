import SeirenCore

/// The `added_tokens` of a `tokenizer.json`, cut out of the text before the model sees it, as `tokenizers`' added
/// vocabulary does: tokens with `normalized: false` are found in the original text first; the rest of the text is
/// normalized and tokens with `normalized: true` are found (in their normalized form) in that. Matching is
/// leftmost-longest; `single_word`, `lstrip` and `rstrip` apply as in `tokenizers`.
struct AddedTokens {
    struct Token {
        var id: Int32
        var content: String
        var special: Bool
        var normalized: Bool
        var singleWord: Bool
        var leftStrip: Bool
        var rightStrip: Bool
    }

    let tokens: [Token]
    private let rawTrie: PieceTrie
    private let normalizedTrie: PieceTrie

    init(_ json: JSONValue?, normalizer: HuggingFaceNormalizer?) throws {
        var tokens: [Token] = []
        for (i, entry) in (json?.arrayValue ?? []).enumerated() {
            guard let id = entry["id"]?.intValue, let content = entry["content"]?.stringValue else {
                throw TokenizerError("added token \(i) has no id or content")
            }
            let special = entry["special"]?.boolValue ?? false
            tokens.append(Token(id: Int32(id), content: content, special: special,
                                normalized: entry["normalized"]?.boolValue ?? !special,
                                singleWord: entry["single_word"]?.boolValue ?? false,
                                leftStrip: entry["lstrip"]?.boolValue ?? false,
                                rightStrip: entry["rstrip"]?.boolValue ?? false))
        }
        self.tokens = tokens
        // The trie maps a content to its index in `tokens`; with equal contents the first is kept.
        var raw: [(bytes: [UInt8], id: Int32)] = [], normalized: [(bytes: [UInt8], id: Int32)] = []
        for (index, token) in tokens.enumerated() where !token.content.isEmpty {
            if token.normalized {
                var text = NormalizedText(token.content)
                normalizer?.normalize(&text)
                normalized.append((text.bytes, Int32(index)))
            } else {
                raw.append((Array(token.content.utf8), Int32(index)))
            }
        }
        rawTrie = PieceTrie(pieces: raw)
        normalizedTrie = PieceTrie(pieces: normalized)
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// Cuts `text` into pieces and added tokens (raw tokens when `normalizedForms` is false).
    func split(_ text: NormalizedText, normalizedForms: Bool) -> [(text: NormalizedText, id: Int32?)] {
        let trie = normalizedForms ? normalizedTrie : rawTrie
        let bytes = text.bytes
        var result: [(NormalizedText, Int32?)] = []
        var startOffset = 0
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            while position < buffer.count {
                var longest: (length: Int, index: Int32)?
                trie.forEachPrefix(buffer, from: position) { length, index in longest = (length, index) }
                guard let (length, index) = longest else { position += 1; continue }
                var start = position, stop = position + length
                position = stop
                let token = tokens[Int(index)]
                if token.singleWord {
                    let startSpace = start == 0 || !Self.endsWithWord(bytes, start)
                    let stopSpace = stop == bytes.count || !Self.startsWithWord(bytes, stop)
                    if !startSpace || !stopSpace { continue }
                }
                if token.leftStrip {
                    var newStart = start
                    while newStart > 0 {
                        var s = newStart - 1
                        while bytes[s] & 0xC0 == 0x80 { s -= 1 }
                        guard UTF8Scalar.scalar(bytes, at: s).0.properties.isWhitespace else { break }
                        newStart = s
                    }
                    start = max(newStart, startOffset)
                }
                if token.rightStrip {
                    while stop < bytes.count {
                        let (scalar, length) = UTF8Scalar.scalar(bytes, at: stop)
                        guard scalar.properties.isWhitespace else { break }
                        stop += length
                    }
                }
                if startOffset < start { result.append((text.slice(startOffset..<start), nil)) }
                result.append((text.slice(start..<stop), token.id))
                startOffset = stop
            }
        }
        if startOffset < bytes.count { result.append((text.slice(startOffset..<bytes.count), nil)) }
        return result
    }

    /// Regex `\w` (Unicode): alphabetic, marks, decimal digits, connector punctuation, join controls.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func endsWithWord(_ bytes: [UInt8], _ end: Int) -> Bool {
        var s = end - 1
        while s > 0 && bytes[s] & 0xC0 == 0x80 { s -= 1 }
        return isWord(UTF8Scalar.scalar(bytes, at: s).0)
    }

    static func startsWithWord(_ bytes: [UInt8], _ start: Int) -> Bool { isWord(UTF8Scalar.scalar(bytes, at: start).0) }
}
