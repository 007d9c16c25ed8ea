import SeirenCore
import SeirenICU

/// A file's bytes made ready for the parser, and what its encoding turned out to be.
struct DecodedInput {
    /// What the parser reads: the raw bytes when libxml2 decodes them itself, else UTF-8.
    var bytes: [UInt8]
    /// The encoding to impose on the parser (`"UTF-8"` after our own decoding), or nil to let it follow the
    /// document's declaration.
    var parserEncoding: String?
    /// The encoding for `metadata.encoding`: as declared, or as detected.
    var encoding: String
    /// How `encoding` was found: "declared", "bom" or "detected".
    var encodingSource: String
}

/// Why a file cannot be read as text.
struct InputProblem: Error {
    var reason: String
    var detail: String
}

/// Finds a file's encoding and hands the parser something it reads correctly: declared encodings are left to
/// libxml2; byte-order marks, UTF-16 and undeclared Shift_JIS, EUC-JP and ISO-2022-JP are decoded here with ICU.
enum InputDecoding {
    static func prepare(_ raw: [UInt8], html: Bool) throws -> DecodedInput {
        if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputProblem(reason: "empty", detail: raw.isEmpty ? "the file is empty" : "the file holds only whitespace")
        }
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DecodedInput(bytes: Array(raw.dropFirst(3)), parserEncoding: "UTF-8", encoding: "UTF-8",
                                encodingSource: "bom")
        }
        if let utf16 = utf16Layout(raw) {
            let body = utf16.bom ? Array(raw.dropFirst(2)) : raw
            guard let text = try? ICU.decode(body, charset: utf16.charset, strict: true) else {
                throw InputProblem(reason: "undecodable", detail: "looks like \(utf16.charset) but does not decode as it")
            }
            return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: utf16.charset,
                                encodingSource: utf16.bom ? "bom" : "detected")
        }
        if let problem = binarySignal(raw) { throw InputProblem(reason: "binary", detail: problem) }

        if let (charset, text) = iso2022JP(raw) {
            return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: charset,
                                encodingSource: "detected")
        }
        if let declared = declaredEncoding(raw, html: html) {
            let isUTF8 = ["utf-8", "utf8"].contains(declared.lowercased())
            if !isUTF8 || UTF8Validation.isValid(raw) {
                return DecodedInput(bytes: raw, parserEncoding: nil, encoding: canonicalName(declared),
                                    encodingSource: "declared")
            }
            // Declared UTF-8 but is not: detection below says what it is.
        }
        if UTF8Validation.isValid(raw) {
            return DecodedInput(bytes: raw, parserEncoding: "UTF-8", encoding: "UTF-8", encodingSource: "detected")
        }
        let (charset, text) = try detectJapanese(raw)
        return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: charset,
                            encodingSource: "detected")
    }

    /// Declared names as usually written (`utf-8` → `UTF-8`, `shift_jis` → `Shift_JIS`), so metadata groups well.
    static func canonicalName(_ name: String) -> String {
        switch name.lowercased() {
        case "shift_jis", "shift-jis", "sjis", "x-sjis": return "Shift_JIS"
        case "utf8": return "UTF-8"
        default: return name.uppercased()
        }
    }

    /// UTF-16 by byte-order mark, or by the pattern of zero bytes that markup in UTF-16 always has (`<` is 3C 00).
    static func utf16Layout(_ raw: [UInt8]) -> (charset: String, bom: Bool)? {
        if raw.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", true) }
        if raw.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", true) }
        let sample = raw.prefix(4096)
        guard sample.count >= 4 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let half = sample.count / 2
        if zeroOdd > half / 4 && zeroEven < zeroOdd / 8 && sample.first == 0x3C { return ("UTF-16LE", false) }
        if zeroEven > half / 4 && zeroOdd < zeroEven / 8 && sample.dropFirst().first == 0x3C { return ("UTF-16BE", false) }
        return nil
    }

    /// Text files have no NUL bytes and few control characters.
    static func binarySignal(_ raw: [UInt8]) -> String? {
        let sample = raw.prefix(8192)
        if let index = sample.firstIndex(of: 0) { return "NUL byte at offset \(index)" }
        let controls = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }.count
        if controls * 20 > sample.count { return "\(controls) control bytes in the first \(sample.count)" }
        return nil
    }

    /// The encoding named by the XML declaration, or for HTML by a `<meta>` charset, in the file's first bytes.
    static func declaredEncoding(_ raw: [UInt8], html: Bool) -> String? {
        let head = String(decoding: raw.prefix(html ? 4096 : 512).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
        if head.hasPrefix("<?xml"), let end = head.range(of: "?>") {
            let declaration = head[..<end.lowerBound]
            if let value = attributeValue(named: "encoding", in: declaration) { return value }
        }
        guard html else { return nil }
        let lower = head.lowercased()
        var searchStart = lower.startIndex
        while let meta = lower.range(of: "<meta", range: searchStart..<lower.endIndex) {
            let close = lower[meta.upperBound...].firstIndex(of: ">") ?? lower.endIndex
            let tag = lower[meta.upperBound..<close]
            if let charset = tag.range(of: "charset") {
                var rest = tag[charset.upperBound...].drop { $0 == " " }
                if rest.first == "=" {
                    rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    let value = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
                    if !value.isEmpty { return String(value) }
                }
            }
            searchStart = close
        }
        return nil
    }

    private static func attributeValue(named name: String, in text: Substring) -> String? {
        guard let key = text.range(of: name) else { return nil }
        let rest = text[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    /// Undeclared, non-UTF-8 bytes: ISO-2022-JP by its escape sequences, else whichever of ICU's guess, Shift_JIS
    /// and EUC-JP decodes strictly. On short text ICU's detector confuses Shift_JIS and EUC-JP; a strict decode
    /// settles most cases, and when both decode, the one giving more kana wins.
    static func detectJapanese(_ raw: [UInt8]) throws -> (String, String) {
        if let found = iso2022JP(raw) { return found }
        let guess = ICU.detectCharset(raw.prefix(65536))
        var candidates = ["Shift_JIS", "EUC-JP"]
        if let guess, !candidates.contains(guess.name) { candidates.append(guess.name) }
        var clean: [(String, String)] = []
        for charset in candidates {
            if let text = try? ICU.decode(raw, charset: charset, strict: true) { clean.append((charset, text)) }
        }
        let japanese = clean.filter { $0.0 == "Shift_JIS" || $0.0 == "EUC-JP" }
        if japanese.count == 1 { return japanese[0] }
        if japanese.count == 2 {
            if let guess, let chosen = japanese.first(where: { $0.0 == guess.name }),
               kanaCount(chosen.1) >= kanaCount(japanese.first { $0.0 != guess.name }!.1) {
                return chosen
            }
            return japanese.max { kanaCount($0.1) < kanaCount($1.1) }!
        }
        if let other = clean.first { return other }
        throw InputProblem(reason: "undecodable",
                           detail: "not UTF-8 and no encoding declared; not valid Shift_JIS or EUC-JP either"
                               + (guess.map { " (ICU guessed \($0.name), \($0.confidence)%)" } ?? ""))
    }

    /// ISO-2022-JP is 7-bit, so it also passes as ASCII/UTF-8: its escape sequences (ESC $ B, ESC $ @, ESC ( J)
    /// give it away.
    static func iso2022JP(_ raw: [UInt8]) -> (String, String)? {
        guard let escape = raw.firstIndex(of: 0x1B), escape + 2 < raw.count,
              (raw[escape + 1] == 0x24 && (raw[escape + 2] == 0x42 || raw[escape + 2] == 0x40))
                || (raw[escape + 1] == 0x28 && raw[escape + 2] == 0x4A),
              raw.allSatisfy({ $0 < 0x80 }),
              let text = try? ICU.decode(raw, charset: "ISO-2022-JP", strict: true) else { return nil }
        return ("ISO-2022-JP", text)
    }

    /// Hiragana and katakana (full-width), which a wrong Japanese decoding turns into kanji or half-width forms.
    static func kanaCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ((0x3041...0x30FF).contains($1.value) ? 1 : 0) }
    }
}
