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
        var origins: [Range<Int>]? = nil
        return normalize(input, origins: &origins)
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
