import SeirenCore
import SeirenICU

/// A file's bytes made ready for the parser, and what its encoding turned out to be.
struct DecodedInput {
    /// What the parser reads: the raw bytes when libxml2 decodes them itself, else UTF-8.
    var bytes: [UInt8]
    /// The encoding to impose on the parser (`"UTF-8"` after our own decoding), or nil to let it follow the
    /// document's declaration.
    var parserEncoding: String?
    /// The encoding for `metadata.encoding`: what the bytes were decoded as.
    var encoding: String
    /// How `encoding` was found: "declared", "bom" or "detected".
    var encodingSource: String
    /// The encoding the file declares when the bytes are in another one (`metadata.declared_encoding`).
    var declaredEncoding: String? = nil
    /// Why the text was not decoded as declared, or what had to be repaired (`metadata.encoding_note`).
    var note: String? = nil
    /// Bytes that were not valid in `encoding` and became U+FFFD (`metadata.invalid_bytes`).
    var invalidBytes = 0
}

/// Why a file cannot be read as text.
struct InputProblem: Error {
    var reason: String
    var detail: String
}

/// Finds a file's encoding and hands the parser UTF-8 it reads correctly. A declaration is checked against the
/// bytes, never trusted blindly: UTF-8 (with at most a few stray bytes) is recognised whatever is declared, a
/// declared legacy encoding must decode strictly (and, for Japanese ones, better than the other Japanese
/// encodings), and text that fits no evident encoding is a reject, so mojibake is never kept silently. Byte-order
/// marks, UTF-16 and undeclared Shift_JIS, EUC-JP and ISO-2022-JP are decoded with ICU.
enum InputDecoding {
    static func prepare(_ raw: [UInt8], html: Bool) throws -> DecodedInput {
        if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputProblem(reason: "empty", detail: raw.isEmpty ? "the file is empty" : "the file holds only whitespace")
        }
        if raw.starts(with: [0xEF, 0xBB, 0xBF]), UTF8Validation.isValid(raw) {
            return DecodedInput(bytes: Array(raw.dropFirst(3)), parserEncoding: "UTF-8", encoding: "UTF-8",
                                encodingSource: "bom")
        }
        if let utf16 = utf16Layout(raw) {
            let body = utf16.bom ? Array(raw.dropFirst(2)) : raw
            guard let text = try? ICU.decode(body, charset: utf16.charset, strict: true) else {
                throw InputProblem(reason: "undecodable", detail: "looks like \(utf16.charset) but does not decode as it")
            }
            let bytes = Array(text.utf8)
            if let nul = bytes.firstIndex(of: 0) {
                throw InputProblem(reason: "binary", detail: "NUL character at UTF-8 offset \(nul) of the decoded text")
            }
            return DecodedInput(bytes: bytes, parserEncoding: "UTF-8", encoding: utf16.charset,
                                encodingSource: utf16.bom ? "bom" : "detected")
        }
        if let problem = binarySignal(raw) { throw InputProblem(reason: "binary", detail: problem) }

        if let (charset, text) = iso2022JP(raw) {
            return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: charset,
                                encodingSource: "detected")
        }
        let declared = declaredEncoding(raw, html: html).map(canonicalName)
        let utf8 = UTF8Damage(raw)
        if utf8.isEvident || (utf8.invalidBytes == 0 && (declared == nil || declared == "UTF-8")) {
            return utf8.decoded(raw, declared: declared, html: html)
        }
        if let declared, declared != "UTF-8" {
            return try checkDeclared(declared, raw, html: html)
        }
        // Declared UTF-8 (or nothing) but not UTF-8: the bytes say what it is.
        if let (charset, text) = strictJapanese(raw) {
            return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: charset,
                                encodingSource: "detected", declaredEncoding: declared,
                                note: declared.map { "the file declares \($0) but its bytes are \(charset)" })
        }
        if declared != nil {
            throw InputProblem(reason: "undecodable",
                               detail: "declares UTF-8 but \(utf8.invalidBytes) bytes are not UTF-8 (the first at offset "
                                   + "\(utf8.firstInvalidOffset ?? 0)), and it is not Shift_JIS or EUC-JP either")
        }
        let (charset, text) = try detectJapanese(raw)
        return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: charset,
                            encodingSource: "detected")
    }

    /// A declared legacy encoding, kept when the bytes decode strictly in it, else replaced by the Japanese
    /// encoding they do decode in (with a note), else a reject. Names ICU does not know are left to libxml2.
    private static func checkDeclared(_ declared: String, _ raw: [UInt8], html: Bool) throws -> DecodedInput {
        let text: String
        do {
            text = try ICU.decode(raw, charset: declared, strict: true)
        } catch let error as ICUError where error.name == "U_FILE_ACCESS_ERROR" || error.name == "U_ILLEGAL_ARGUMENT_ERROR" {
            return DecodedInput(bytes: raw, parserEncoding: html ? declared : nil, encoding: declared,
                                encodingSource: "declared")
        } catch {
            guard let (charset, other) = strictJapanese(raw) else {
                throw InputProblem(reason: "undecodable",
                                   detail: "declares \(declared) but the bytes are not valid \(declared), nor UTF-8, "
                                       + "Shift_JIS or EUC-JP")
            }
            return DecodedInput(bytes: Array(other.utf8), parserEncoding: "UTF-8", encoding: charset,
                                encodingSource: "detected", declaredEncoding: declared,
                                note: "the file declares \(declared) but its bytes are \(charset)")
        }
        // EUC-JP passes a strict Shift_JIS decoding as half-width katakana (and some Shift_JIS passes as EUC-JP):
        // the Japanese reading with clearly more kana is the real one.
        if japaneseCharsets.contains(declared), let (charset, other) = strictJapanese(raw), charset != declared,
           kanaCount(other) > 2 * kanaCount(text) {
            return DecodedInput(bytes: Array(other.utf8), parserEncoding: "UTF-8", encoding: charset,
                                encodingSource: "detected", declaredEncoding: declared,
                                note: "the file declares \(declared) but its bytes are \(charset)")
        }
        return DecodedInput(bytes: Array(text.utf8), parserEncoding: "UTF-8", encoding: declared, encodingSource: "declared")
    }

    private static let japaneseCharsets: Set<String> = ["Shift_JIS", "EUC-JP", "WINDOWS-31J", "CP932", "EUC-JIS-2004",
                                                        "SHIFT_JIS-2004", "MS_KANJI"]

    /// The Japanese encoding the bytes decode in strictly (the one with more kana when both do), or nil.
    static func strictJapanese(_ raw: [UInt8]) -> (String, String)? {
        let clean = ["Shift_JIS", "EUC-JP"].compactMap { charset in
            (try? ICU.decode(raw, charset: charset, strict: true)).map { (charset, $0) }
        }
        return clean.max { kanaCount($0.1) < kanaCount($1.1) }
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

    /// Text files have no NUL bytes (anywhere: libxml2 would end the text at one) and few control characters.
    static func binarySignal(_ raw: [UInt8]) -> String? {
        if let index = raw.firstIndex(of: 0) { return "NUL byte at offset \(index)" }
        let sample = raw.prefix(8192)
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

/// How far bytes are from UTF-8: the invalid bytes (each maximal ill-formed subpart becomes one U+FFFD, as
/// Unicode recommends) and the valid multi-byte characters around them.
struct UTF8Damage {
    var invalidBytes = 0
    var invalidSequences = 0
    var multibyteCharacters = 0
    var firstInvalidOffset: Int?

    init(_ raw: [UInt8]) {
        if UTF8Validation.isValid(raw) {
            multibyteCharacters = raw.reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
            return
        }
        var iterator = raw.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count > 1 { multibyteCharacters += 1 }
                offset += scalar.count
            case .error(let length):
                if firstInvalidOffset == nil { firstInvalidOffset = offset }
                invalidBytes += length
                invalidSequences += 1
                offset += length
            case .emptyInput:
                break loop
            }
        }
    }

    /// UTF-8 is the evident encoding when the text has multi-byte characters and at most one stray sequence per
    /// ten of them (Shift_JIS and EUC-JP text is never that close to UTF-8).
    var isEvident: Bool { multibyteCharacters > 0 && multibyteCharacters >= 10 * invalidSequences }

    func decoded(_ raw: [UInt8], declared: String?, html: Bool) -> DecodedInput {
        var notes: [String] = []
        if let declared, declared != "UTF-8" { notes.append("the file declares \(declared) but its bytes are UTF-8") }
        if invalidBytes > 0 { notes.append("\(invalidBytes) invalid UTF-8 bytes replaced by U+FFFD") }
        let bytes = invalidBytes > 0 ? Array(String(decoding: raw, as: UTF8.self).utf8) : raw
        let asDeclared = declared == "UTF-8" && invalidBytes == 0
        return DecodedInput(bytes: bytes, parserEncoding: asDeclared && !html ? nil : "UTF-8", encoding: "UTF-8",
                            encodingSource: asDeclared ? "declared" : "detected",
                            declaredEncoding: declared == "UTF-8" ? nil : declared,
                            note: notes.isEmpty ? nil : notes.joined(separator: "; "), invalidBytes: invalidBytes)
    }
}
