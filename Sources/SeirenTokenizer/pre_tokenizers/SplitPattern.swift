import SeirenCore
import SeirenICU

/// What normalizers and pre-tokenizers search for (tokenizers' `Pattern`): a literal string, a regular expression,
/// or a character class tested scalar by scalar. `segments` cuts text into matches and the gaps between them.
enum SplitPattern {
    case literal([UInt8])
    case regex(ICURegex)
    /// Each matching scalar is a match of its own (tokenizers' `Fn(char) -> bool` patterns).
    case scalars((Unicode.Scalar) -> Bool)

    /// Reads `{"String": s}` or `{"Regex": r}`.
    static func parse(_ json: JSONValue?, context: String) throws -> SplitPattern {
        if let literal = json?["String"]?.stringValue { return .literal(Array(literal.utf8)) }
        if let regex = json?["Regex"]?.stringValue { return .regex(try ICURegex(OnigurumaPattern.translate(regex))) }
        throw TokenizerError("\(context): pattern must be {\"String\": ...} or {\"Regex\": ...}")
    }

    func copy() throws -> SplitPattern {
        if case .regex(let regex) = self { return .regex(try regex.copy()) }
        return self
    }

    /// The matched byte ranges, in order, non-overlapping.
    func matches(in bytes: [UInt8]) -> [Range<Int>] {
        switch self {
        case .literal(let needle):
            guard !needle.isEmpty, needle.count <= bytes.count else { return [] }
            var result: [Range<Int>] = []
            var i = 0
            let first = needle[0]
            while i + needle.count <= bytes.count {
                if bytes[i] == first && bytes[i..<i + needle.count].elementsEqual(needle) {
                    result.append(i..<i + needle.count)
                    i += needle.count
                } else {
                    i += 1
                }
            }
            return result
        case .regex(let regex):
            // A failed search (ICU out of memory) has no faithful fallback; it cannot happen on valid UTF-8.
            return bytes.withUnsafeBufferPointer { (try? regex.matches(in: $0)) ?? [] }
        case .scalars(let test):
            var result: [Range<Int>] = []
            UTF8Scalar.forEachScalar(bytes) { scalar, range in if test(scalar) { result.append(range) } }
            return result
        }
    }

    /// The whole text as (range, is a match) segments, as tokenizers' `find_matches` gives them.
    func segments(of bytes: [UInt8], invert: Bool = false) -> [(Range<Int>, Bool)] {
        if bytes.isEmpty { return [(0..<0, false)] }
        if case .literal(let needle) = self, needle.isEmpty { return [(0..<bytes.count, invert)] }
        var result: [(Range<Int>, Bool)] = []
        var last = 0
        for match in matches(in: bytes) {
            if last != match.lowerBound { result.append((last..<match.lowerBound, invert)) }
            result.append((match, !invert))
            last = match.upperBound
        }
        if last != bytes.count { result.append((last..<bytes.count, invert)) }
        return result
    }
}

/// What a split does with the matched delimiters (tokenizers' `SplitDelimiterBehavior`).
enum SplitBehavior: String {
    case removed = "Removed", isolated = "Isolated", mergedWithPrevious = "MergedWithPrevious",
         mergedWithNext = "MergedWithNext", contiguous = "Contiguous"

    static func parse(_ json: JSONValue?, context: String) throws -> SplitBehavior {
        guard let name = json?.stringValue, let behavior = SplitBehavior(rawValue: name) else {
            throw TokenizerError("\(context): unsupported split behavior \(json.map { "\($0)" } ?? "(missing)")")
        }
        return behavior
    }

    /// Cuts `text` at the pattern's segments; empty pieces are dropped, as tokenizers drops them.
    func split(_ text: NormalizedText, _ pattern: SplitPattern, invert: Bool = false) -> [NormalizedText] {
        let segments = pattern.segments(of: text.bytes, invert: invert)
        var pieces: [(Range<Int>, remove: Bool)] = []
        switch self {
        case .isolated: pieces = segments.map { ($0.0, false) }
        case .removed: pieces = segments.map { ($0.0, $0.1) }
        case .contiguous:
            var previous = false
            for (range, isMatch) in segments {
                if isMatch == previous, let last = pieces.last {
                    pieces[pieces.count - 1].0 = last.0.lowerBound..<range.upperBound
                } else {
                    pieces.append((range, false))
                }
                previous = isMatch
            }
        case .mergedWithPrevious:
            var previous = false
            for (range, isMatch) in segments {
                if isMatch && !previous, let last = pieces.last {
                    pieces[pieces.count - 1].0 = last.0.lowerBound..<range.upperBound
                } else {
                    pieces.append((range, false))
                }
                previous = isMatch
            }
        case .mergedWithNext:
            var previous = false
            for (range, isMatch) in segments.reversed() {
                if isMatch && !previous, let last = pieces.last {
                    pieces[pieces.count - 1].0 = range.lowerBound..<last.0.upperBound
                } else {
                    pieces.append((range, false))
                }
                previous = isMatch
            }
            pieces.reverse()
        }
        return pieces.compactMap { range, remove in remove || range.isEmpty ? nil : text.slice(range) }
    }
}

/// Oniguruma (what `tokenizers` compiles its patterns with) and ICU agree on the syntax real tokenizer files use:
/// `\p{L}`, `\p{N}`, lookahead and lookbehind, `(?i:...)`, `{1,3}`, `\A`, `\z`. They differ on `\s`, which in
/// Oniguruma is Unicode White_Space but in ICU misses U+000B and U+0085: rewrite it to the property itself.
enum OnigurumaPattern {
    static func translate(_ pattern: String) -> String {
        var result = ""
        var escaped = false
        for character in pattern {
            if escaped {
                switch character {
                case "s": result += "\\p{White_Space}"
                case "S": result += "\\P{White_Space}"
                default: result += "\\"; result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result += "\\" }
        return result
    }
}
