import SeirenCore
import SeirenICU

/// The pre-tokenizers of a `tokenizer.json` (tokenizers' `pre_tokenizers/`): each cuts one piece of normalized
/// text into the pieces the model encodes separately. A type Seiren does not implement is an error at load time.
indirect enum HuggingFacePreTokenizer {
    case sequence([HuggingFacePreTokenizer])
    case metaspace(replacement: [UInt8], prepend: PrependScheme, split: Bool)
    case whitespace
    case whitespaceSplit
    case bert
    case punctuation(SplitBehavior)
    case digits(individual: Bool)
    case split(SplitPattern, SplitBehavior, invert: Bool)
    case byteLevel(addPrefixSpace: Bool, regex: ICURegex?)

    enum PrependScheme: String { case first, always, never }

    /// GPT-2's pattern, which tokenizers' ByteLevel uses when `use_regex` is set.
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    static func parse(_ json: JSONValue) throws -> HuggingFacePreTokenizer {
        guard let type = json["type"]?.stringValue else { throw TokenizerError("pre-tokenizer without a \"type\"") }
        let context = "pre-tokenizer \(type)"
        switch type {
        case "Sequence":
            guard let list = json["pretokenizers"]?.arrayValue else { throw TokenizerError("\(context): no \"pretokenizers\" list") }
            return .sequence(try list.map(parse))
        case "Metaspace":
            let replacement = json["replacement"]?.stringValue ?? "\u{2581}"
            guard replacement.unicodeScalars.count == 1 else { throw TokenizerError("\(context): replacement must be one character") }
            var scheme = PrependScheme.always
            if let name = json["prepend_scheme"]?.stringValue {
                guard let parsed = PrependScheme(rawValue: name) else { throw TokenizerError("\(context): unsupported prepend_scheme \"\(name)\"") }
                scheme = parsed
            } else if json["add_prefix_space"]?.boolValue == false {
                scheme = .never
            }
            return .metaspace(replacement: Array(replacement.utf8), prepend: scheme, split: json["split"]?.boolValue ?? true)
        case "Whitespace": return .whitespace
        case "WhitespaceSplit": return .whitespaceSplit
        case "BertPreTokenizer": return .bert
        case "Punctuation":
            return .punctuation(json["behavior"] == nil ? .isolated : try SplitBehavior.parse(json["behavior"], context: context))
        case "Digits": return .digits(individual: json["individual_digits"]?.boolValue ?? false)
        case "Split":
            return .split(try SplitPattern.parse(json["pattern"], context: context),
                          try SplitBehavior.parse(json["behavior"], context: context),
                          invert: json["invert"]?.boolValue ?? false)
        case "ByteLevel":
            let useRegex = json["use_regex"]?.boolValue ?? true
            return .byteLevel(addPrefixSpace: json["add_prefix_space"]?.boolValue ?? true,
                              regex: useRegex ? try ICURegex(OnigurumaPattern.translate(gpt2Pattern)) : nil)
        default:
            throw TokenizerError("unsupported pre-tokenizer type \"\(type)\"")
        }
    }

    func copy() throws -> HuggingFacePreTokenizer {
        switch self {
        case .sequence(let list): return .sequence(try list.map { try $0.copy() })
        case .split(let pattern, let behavior, let invert): return .split(try pattern.copy(), behavior, invert: invert)
        case .byteLevel(let prefix, let regex): return .byteLevel(addPrefixSpace: prefix, regex: try regex?.copy())
        default: return self
        }
    }

    /// Cuts each piece; pieces that come out empty are dropped.
    func preTokenize(_ pieces: [NormalizedText]) -> [NormalizedText] {
        switch self {
        case .sequence(let list):
            return list.reduce(pieces) { $1.preTokenize($0) }
        default:
            return pieces.flatMap { preTokenize(piece: $0) }
        }
    }

    private func preTokenize(piece: NormalizedText) -> [NormalizedText] {
        switch self {
        case .sequence: return preTokenize([piece])
        case .metaspace(let replacement, let scheme, let split):
            var text = piece
            text.replace(SplitPattern.literal([0x20]).matches(in: text.bytes), with: replacement)
            let startsWithReplacement = text.bytes.starts(with: replacement)
            switch scheme {
            case .always: if !startsWithReplacement { text.prepend(replacement) }
            case .first: if !startsWithReplacement && piece.originalStart == 0 { text.prepend(replacement) }
            case .never: break
            }
            guard split else { return text.isEmpty ? [] : [text] }
            let character = String(decoding: replacement, as: UTF8.self).unicodeScalars.first!
            return SplitBehavior.mergedWithNext.split(text, .scalars { $0 == character })
        case .whitespace:
            return Self.wordRuns(piece)
        case .whitespaceSplit:
            return SplitBehavior.removed.split(piece, .scalars { $0.properties.isWhitespace })
        case .bert:
            return SplitBehavior.removed.split(piece, .scalars { $0.properties.isWhitespace })
                .flatMap { SplitBehavior.isolated.split($0, .scalars(Self.isPunctuation)) }
        case .punctuation(let behavior):
            return behavior.split(piece, .scalars(Self.isPunctuation))
        case .digits(let individual):
            let numeric = SplitPattern.scalars { scalar in
                switch scalar.properties.generalCategory {
                case .decimalNumber, .letterNumber, .otherNumber: return true
                default: return false
                }
            }
            return (individual ? SplitBehavior.isolated : .contiguous).split(piece, numeric)
        case .split(let pattern, let behavior, let invert):
            return behavior.split(piece, pattern, invert: invert)
        case .byteLevel(let addPrefixSpace, let regex):
            var text = piece
            if addPrefixSpace && text.bytes.first != 0x20 { text.prepend([0x20]) }
            let parts = regex.map { SplitBehavior.isolated.split(text, .regex($0)) } ?? (text.isEmpty ? [] : [text])
            return parts.map(ByteLevelAlphabet.encode)
        }
    }

    /// tokenizers' punctuation: ASCII punctuation or any Unicode P* category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The regex `\w+|[^\w\s]+` kept and everything else dropped: runs of word characters and runs of other
    /// non-space characters (tokenizers' Whitespace).
    static func wordRuns(_ piece: NormalizedText) -> [NormalizedText] {
        enum Kind { case word, space, other }
        func kind(_ scalar: Unicode.Scalar) -> Kind {
            let p = scalar.properties
            if p.isAlphabetic || p.isJoinControl { return .word }
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return .word
            default: break
            }
            return p.isWhitespace ? .space : .other
        }
        var result: [NormalizedText] = []
        var runStart = 0
        var runKind = Kind.space
        UTF8Scalar.forEachScalar(piece.bytes) { scalar, range in
            let k = kind(scalar)
            if k != runKind {
                if runKind != .space && runStart < range.lowerBound { result.append(piece.slice(runStart..<range.lowerBound)) }
                runStart = range.lowerBound
                runKind = k
            }
        }
        if runKind != .space && runStart < piece.count { result.append(piece.slice(runStart..<piece.count)) }
        return result
    }
}

/// GPT-2's reversible map from bytes to printable characters: printable Latin-1 bytes stand for themselves, the
/// other 68 bytes become U+0100 onwards in byte order.
enum ByteLevelAlphabet {
    static let characters: [[UInt8]] = {
        var map = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if printable { map[b] = UInt32(b) } else { map[b] = next; next += 1 }
        }
        return map.map { UTF8Scalars.encode([$0]) }
    }()

    /// Each byte of the text becomes its character; all characters from one original character keep its range.
    static func encode(_ text: NormalizedText) -> NormalizedText {
        var bytes: [UInt8] = [], starts: [Int32] = [], ends: [Int32] = []
        bytes.reserveCapacity(text.count * 2)
        for i in 0..<text.count {
            let character = characters[Int(text.bytes[i])]
            bytes += character
            starts += repeatElement(text.starts[i], count: character.count)
            ends += repeatElement(text.ends[i], count: character.count)
        }
        return NormalizedText(bytes: bytes, starts: starts, ends: ends)
    }
}
