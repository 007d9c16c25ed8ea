import Foundation
import SeirenCore
import SeirenICU

/// The normalizers of a `tokenizer.json` (tokenizers' `normalizers/`), applied as `tokenizers` applies them.
/// A type Seiren does not implement is an error at load time, never a silent skip.
indirect enum HuggingFaceNormalizer {
    case sequence([HuggingFaceNormalizer])
    case unicode(UnicodeForm)
    case lowercase
    case strip(left: Bool, right: Bool)
    case replace(SplitPattern, content: [UInt8])
    case prepend([UInt8])
    case bert(cleanText: Bool, chineseCharacters: Bool, stripAccents: Bool, lowercase: Bool)
    case precompiled(PrecompiledCharsMap)
    /// Removes nonspacing marks (without decomposing first).
    case stripAccents

    static func parse(_ json: JSONValue) throws -> HuggingFaceNormalizer {
        guard let type = json["type"]?.stringValue else { throw TokenizerError("normalizer without a \"type\"") }
        let context = "normalizer \(type)"
        switch type {
        case "Sequence":
            guard let list = json["normalizers"]?.arrayValue else { throw TokenizerError("\(context): no \"normalizers\" list") }
            return .sequence(try list.map(parse))
        case "NFC": return .unicode(.nfc)
        case "NFKC": return .unicode(.nfkc)
        case "NFD": return .unicode(.nfd)
        case "NFKD": return .unicode(.nfkd)
        case "Lowercase": return .lowercase
        case "Strip":
            return .strip(left: json["strip_left"]?.boolValue ?? true, right: json["strip_right"]?.boolValue ?? true)
        case "StripAccents":
            return .stripAccents
        case "Replace":
            guard let content = json["content"]?.stringValue else { throw TokenizerError("\(context): no \"content\"") }
            return .replace(try SplitPattern.parse(json["pattern"], context: context), content: Array(content.utf8))
        case "Prepend":
            guard let prepend = json["prepend"]?.stringValue else { throw TokenizerError("\(context): no \"prepend\"") }
            return .prepend(Array(prepend.utf8))
        case "BertNormalizer":
            let lowercase = json["lowercase"]?.boolValue ?? true
            let strip = json["strip_accents"]?.boolValue ?? lowercase
            return .bert(cleanText: json["clean_text"]?.boolValue ?? true,
                         chineseCharacters: json["handle_chinese_chars"]?.boolValue ?? true,
                         stripAccents: strip, lowercase: lowercase)
        case "Precompiled":
            guard let encoded = json["precompiled_charsmap"]?.stringValue, let blob = Data(base64Encoded: encoded).map({ [UInt8]($0) }) else {
                throw TokenizerError("\(context): \"precompiled_charsmap\" is not base64")
            }
            if blob.isEmpty { return .sequence([]) }
            return .precompiled(try PrecompiledCharsMap(blob))
        default:
            throw TokenizerError("unsupported normalizer type \"\(type)\"")
        }
    }

    func copy() throws -> HuggingFaceNormalizer {
        switch self {
        case .sequence(let list): return .sequence(try list.map { try $0.copy() })
        case .replace(let pattern, let content): return .replace(try pattern.copy(), content: content)
        default: return self
        }
    }

    func normalize(_ text: inout NormalizedText) {
        switch self {
        case .sequence(let list):
            for normalizer in list { normalizer.normalize(&text) }
        case .unicode(let form):
            let string = text.string
            guard let result = try? ICU.normalize(string, to: form) else { return }
            text.replaceAll(with: Array(result.utf8)) { (try? ICU.normalize(String($0), to: form)) ?? String($0) }
        case .lowercase:
            text.mapScalars { scalar, out in Self.appendLowercase(scalar, &out) }
        case .strip(let left, let right):
            text.strip(left: left, right: right)
        case .replace(let pattern, let content):
            text.replace(pattern.matches(in: text.bytes), with: content)
        case .prepend(let content):
            if !text.isEmpty { text.prepend(content) }
        case .bert(let clean, let chinese, let stripAccents, let lowercase):
            if clean {
                text.mapScalars { scalar, out in
                    let v = scalar.value
                    if v == 0 || v == 0xFFFD || Self.isBertControl(scalar) { return }
                    out.append(Self.isBertWhitespace(scalar) ? " " : scalar)
                }
            }
            if chinese {
                text.mapScalars { scalar, out in
                    if Self.isChineseCharacter(scalar.value) { out += [" ", scalar, " "] } else { out.append(scalar) }
                }
            }
            if stripAccents {
                HuggingFaceNormalizer.unicode(.nfd).normalize(&text)
                HuggingFaceNormalizer.stripAccents.normalize(&text)
            }
            if lowercase { text.mapScalars { scalar, out in Self.appendLowercase(scalar, &out) } }
        case .precompiled(let map):
            Self.applyPrecompiled(map, &text)
        case .stripAccents:
            text.mapScalars { scalar, out in
                if scalar.properties.generalCategory != .nonspacingMark { out.append(scalar) }
            }
        }
    }

    /// Rust's `char::to_lowercase`: the full, context-free lowercase mapping.
    static func appendLowercase(_ scalar: Unicode.Scalar, _ out: inout [Unicode.Scalar]) {
        if scalar.value < 0x80 {
            out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32)! : scalar)
        } else {
            out += scalar.properties.lowercaseMapping.unicodeScalars
        }
    }

    static func isBertWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// Unicode "Other" (Cc, Cf, Cn, Co, Cs) except tab, newline and carriage return.
    static func isBertControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func isChineseCharacter(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B920...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }

    /// tokenizers' Precompiled: grapheme by grapheme, a grapheme shorter than 6 bytes is replaced whole by the
    /// shortest rule matching its start; otherwise each of its characters by the rule matching it, if any.
    static func applyPrecompiled(_ map: PrecompiledCharsMap, _ text: inout NormalizedText) {
        let old = text
        var bytes: [UInt8] = [], starts: [Int32] = [], ends: [Int32] = []
        bytes.reserveCapacity(old.count)
        func emit(_ replacement: ArraySlice<UInt8>, origin: Range<Int>) {
            bytes += replacement
            starts += repeatElement(Int32(origin.lowerBound), count: replacement.count)
            ends += repeatElement(Int32(origin.upperBound), count: replacement.count)
        }
        func keep(_ range: Range<Int>) {
            bytes += old.bytes[range]
            let slice = old.slice(range)
            starts += slice.starts
            ends += slice.ends
        }
        var position = 0
        old.bytes.withUnsafeBufferPointer { buffer in
            for grapheme in old.string {
                let length = grapheme.utf8.count
                let range = position..<position + length
                position += length
                if length < 6, let replacement = map.shortestMatch(UnsafeBufferPointer(rebasing: buffer[range])) {
                    emit(replacement, origin: old.originalRange(range))
                    continue
                }
                var i = range.lowerBound
                while i < range.upperBound {
                    let scalarRange = i..<i + UTF8Scalar.oneCharLength(buffer[i])
                    if let replacement = map.shortestMatch(UnsafeBufferPointer(rebasing: buffer[scalarRange])) {
                        emit(replacement, origin: old.originalRange(scalarRange))
                    } else {
                        keep(scalarRange)
                    }
                    i = scalarRange.upperBound
                }
            }
        }
        text = NormalizedText(bytes: bytes, starts: starts, ends: ends)
    }
}
