/// SentencePiece's normalizer (normalizer.cc), byte for byte: user-defined symbols pass through untouched, the
/// precompiled charsmap (if any) rewrites the rest, leading/trailing/repeated spaces are removed, a dummy `▁` is
/// prepended and spaces become `▁`. Works on UTF-8 bytes; the output is UTF-8 bytes.
public struct SentencePieceNormalizer: Sendable {
    public var charsMap: PrecompiledCharsMap?
    public var addDummyPrefix: Bool
    public var removeExtraWhitespaces: Bool
    public var escapeWhitespaces: Bool
    public var treatWhitespaceAsSuffix: Bool
    private let userDefined: UserDefinedSymbols

    public static let spaceSymbol: [UInt8] = Array("\u{2581}".utf8)

    public init(spec: NormalizerSpec, treatWhitespaceAsSuffix: Bool = false, userDefinedSymbols: [String] = []) throws {
        let blob = spec.precompiledCharsmap
        charsMap = blob.isEmpty ? nil : try PrecompiledCharsMap(blob)
        addDummyPrefix = spec.addDummyPrefix
        removeExtraWhitespaces = spec.removeExtraWhitespaces
        escapeWhitespaces = spec.escapeWhitespaces
        self.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix
        userDefined = UserDefinedSymbols(userDefinedSymbols.map { Array($0.utf8) })
    }

    /// The normalized form of one prefix of the input and how many input bytes it consumed. The form is lent
    /// (input, symbol, charsmap or constant bytes), never copied: this runs once per character. Static, with the
    /// two tables passed in: as a method it copied the whole normalizer (retaining each of its buffers) per call.
    @inline(__always)
    private static func normalizePrefix(_ input: UnsafeBufferPointer<UInt8>, _ start: Int,
                                        _ userDefined: UserDefinedSymbols, _ charsMap: PrecompiledCharsMap?,
                                        _ output: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        let end = input.count
        let symbolLength = userDefined.match(input, at: start)
        if symbolLength > 0 {
            output(UnsafeBufferPointer(rebasing: input[start..<start + symbolLength]))
            return symbolLength
        }
        if let charsMap, let match = charsMap.longestMatch(input, from: start, to: end) {
            match.replacement.withUnsafeBufferPointer(output)
            return match.length
        }
        let length = UTF8Scalar.validLength(input, start)
        if length == 0 {
            UTF8Scalar.replacementCharacter.withUnsafeBufferPointer(output)
            return 1
        }
        output(UnsafeBufferPointer(rebasing: input[start..<start + length]))
        return length
    }

    /// Normalizes `text` (UTF-8).
    public func normalize(_ text: [UInt8]) -> [UInt8] {
        text.withUnsafeBufferPointer { normalize($0) }
    }

    public func normalize(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if charsMap == nil { return normalizeWhitespace(input) }
        var origins: [Range<Int>]? = nil
        return normalize(input, origins: &origins)
    }

    /// `normalize` for a model without charsmap (identity models, LLM-jp's among them), where only spaces change:
    /// the same rules written byte by byte into one buffer, without the per-character closure and appends of the
    /// general path (the encoder's hottest loop after the Viterbi).
    private func normalizeWhitespace(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let end = input.count
        var position = 0
        let userDefined = self.userDefined
        if removeExtraWhitespaces {
            // A user-defined symbol longer than one space that starts here is not a space.
            while position < end && input[position] == 0x20 && userDefined.match(input, at: position) <= 1 { position += 1 }
        }
        if position >= end { return [] }
        let escape = escapeWhitespaces, removeExtra = removeExtraWhitespaces
        let spaceLength = escape ? 3 : 1
        // Each input byte becomes at most 3 (a space becomes ▁, a malformed byte U+FFFD), plus the dummy prefix.
        return [UInt8](unsafeUninitializedCapacity: (end - position) * 3 + 3) { output, count in
            var n = 0
            @inline(__always) func appendSpace() {
                if escape {
                    output[n] = 0xE2  // U+2581 ▁
                    output[n + 1] = 0x96
                    output[n + 2] = 0x81
                } else {
                    output[n] = 0x20
                }
                n += spaceLength
            }
            if !treatWhitespaceAsSuffix && addDummyPrefix { appendSpace() }
            var isPreviousSpace = removeExtra
            while position < end {
                let byte = input[position]
                let symbolLength = userDefined.match(input, at: position)
                if symbolLength > 1 {
                    // Taken whole, its own spaces treated as the general path treats a character's.
                    var from = position
                    if isPreviousSpace {
                        while from < position + symbolLength && input[from] == 0x20 { from += 1 }
                    }
                    if from < position + symbolLength {
                        for k in from..<position + symbolLength {
                            if input[k] == 0x20 && escape {
                                appendSpace()
                            } else {
                                output[n] = input[k]
                                n += 1
                            }
                        }
                        isPreviousSpace = removeExtra && input[position + symbolLength - 1] == 0x20
                    } else if !removeExtra {
                        isPreviousSpace = false
                    }
                    position += symbolLength
                    continue
                }
                if byte == 0x20 {
                    if !isPreviousSpace { appendSpace() }
                    isPreviousSpace = removeExtra
                    position += 1
                    continue
                }
                isPreviousSpace = false
                if byte < 0x80 {
                    output[n] = byte
                    n += 1
                    position += 1
                    continue
                }
                let length = UTF8Scalar.validLength(input, position)
                if length == 0 {
                    for replacement in UTF8Scalar.replacementCharacter {
                        output[n] = replacement
                        n += 1
                    }
                    position += 1
                    continue
                }
                for k in 0..<length { output[n + k] = input[position + k] }
                n += length
                position += length
            }
            if removeExtra {
                while n >= spaceLength
                    && (escape ? output[n - 3] == 0xE2 && output[n - 2] == 0x96 && output[n - 1] == 0x81 : output[n - 1] == 0x20) {
                    n -= spaceLength
                }
            }
            if treatWhitespaceAsSuffix && addDummyPrefix { appendSpace() }
            count = n
        }
    }

    /// Normalizes and, when `origins` is not nil, records for each output byte the input bytes it came from (the
    /// dummy prefix from none: an empty range where the text starts), so tokens can be mapped back onto the text.
    public func normalize(_ input: UnsafeBufferPointer<UInt8>, origins: inout [Range<Int>]?) -> [UInt8] {
        // Locals, so the per-character closures below capture these and not a copy of the whole normalizer.
        let userDefined = self.userDefined, charsMap = self.charsMap, escapeWhitespaces = self.escapeWhitespaces
        var normalized: [UInt8] = []
        var position = 0
        let end = input.count
        if removeExtraWhitespaces {
            while position < end {
                var isSpace = false
                let consumed = Self.normalizePrefix(input, position, userDefined, charsMap) { isSpace = $0.count == 1 && $0.first == 0x20 }
                if !isSpace { break }
                position += consumed
            }
        }
        if position >= end { return [] }
        normalized.reserveCapacity((end - position) * 3 / 2 + 3)
        let space: [UInt8] = escapeWhitespaces ? Self.spaceSymbol : [0x20]
        if !treatWhitespaceAsSuffix && addDummyPrefix {
            normalized.append(contentsOf: space)
            origins?.append(contentsOf: repeatElement(position..<position, count: space.count))
        }
        var isPreviousSpace = removeExtraWhitespaces
        while position < end {
            let before = normalized.count
            let consumed = Self.normalizePrefix(input, position, userDefined, charsMap) { piece in
                var from = 0
                if isPreviousSpace {
                    while from < piece.count && piece[from] == 0x20 { from += 1 }
                }
                guard from < piece.count else { return }
                for index in from..<piece.count {
                    let byte = piece[index]
                    if escapeWhitespaces && byte == 0x20 {
                        normalized.append(0xE2)  // U+2581 ▁
                        normalized.append(0x96)
                        normalized.append(0x81)
                    } else {
                        normalized.append(byte)
                    }
                }
                isPreviousSpace = piece[piece.count - 1] == 0x20
            }
            if origins != nil { origins!.append(contentsOf: repeatElement(position..<position + consumed, count: normalized.count - before)) }
            position += consumed
            if !removeExtraWhitespaces { isPreviousSpace = false }
        }
        if removeExtraWhitespaces {
            while normalized.count >= space.count, Array(normalized.suffix(space.count)) == space {
                normalized.removeLast(space.count)
                origins?.removeLast(space.count)
            }
        }
        if treatWhitespaceAsSuffix && addDummyPrefix {
            normalized.append(contentsOf: space)
            origins?.append(contentsOf: repeatElement(end..<end, count: space.count))
        }
        return normalized
    }
}
