/// The repetition statistics of Gopher (Rae et al. 2021, table A1), as datatrove's `GopherRepetitionFilter`
/// computes them, with characters in place of words because Japanese has no spaces:
/// - lines split at runs of `\n`, paragraphs at runs of two or more `\n` (of the trimmed text); a duplicate is an
///   element equal to an earlier one; fractions by count (over elements) and by characters (over all characters);
/// - n-grams are over the non-whitespace characters; the top n-gram fraction is count × n of the most frequent
///   n-gram over the non-whitespace characters; the duplicate n-gram fraction scans left to right and, on an n-gram
///   seen before, counts its n characters and jumps past it (datatrove's `find_all_duplicate`).
/// Each value is computed on first use and kept.
public final class RepetitionStatistics {
    private let scalars: [UInt32]
    private let characters: [UInt32]
    private var topCache: [Int: Double] = [:]
    private var duplicateCache: [Int: Double] = [:]

    init(scalars: [UInt32]) {
        self.scalars = scalars
        characters = scalars.filter { CharacterClass.of($0) != .whitespace }
    }

    public private(set) lazy var lineDuplicates: (fraction: Double, characterFraction: Double) =
        duplicates(of: lineRanges())

    public private(set) lazy var paragraphDuplicates: (fraction: Double, characterFraction: Double) =
        duplicates(of: paragraphRanges())

    /// Count × n of the most frequent character n-gram, over the non-whitespace characters.
    public func topNGramFraction(_ n: Int) -> Double {
        if let cached = topCache[n] { return cached }
        var value = 0.0
        if n > 0 && characters.count >= n {
            var counter = HashCounter(expectedKeys: characters.count - n + 1)
            var top: Int32 = 0
            characters.withUnsafeBufferPointer { chars in
                for start in 0...(chars.count - n) {
                    top = max(top, counter.increment(sequenceHash(chars, start..<(start + n))))
                }
            }
            value = Double(Int(top) * n) / Double(characters.count)
        }
        topCache[n] = value
        return value
    }

    /// Characters in repeated n-grams (datatrove's scan) over the non-whitespace characters.
    public func duplicateNGramFraction(_ n: Int) -> Double {
        if let cached = duplicateCache[n] { return cached }
        var value = 0.0
        if n > 0 && characters.count >= n {
            var counter = HashCounter(expectedKeys: characters.count - n + 1)
            var repeated = 0
            characters.withUnsafeBufferPointer { chars in
                var start = 0
                while start <= chars.count - n {
                    if counter.increment(sequenceHash(chars, start..<(start + n))) > 1 {
                        repeated += n
                        start += n
                    } else {
                        start += 1
                    }
                }
            }
            value = Double(repeated) / Double(characters.count)
        }
        duplicateCache[n] = value
        return value
    }

    // MARK: splitting

    /// `re.split(r"\n+", text)`: may start or end with an empty element, as in datatrove.
    private func lineRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            if scalars[index] == 0x0A {
                ranges.append(start..<index)
                while index < scalars.count && scalars[index] == 0x0A { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        ranges.append(start..<scalars.count)
        return ranges
    }

    /// `re.split(r"\n{2,}", text.strip())`.
    private func paragraphRanges() -> [Range<Int>] {
        var lower = 0
        var upper = scalars.count
        while lower < upper && CharacterClass.of(scalars[lower]) == .whitespace { lower += 1 }
        while upper > lower && CharacterClass.of(scalars[upper - 1]) == .whitespace { upper -= 1 }
        var ranges: [Range<Int>] = []
        var start = lower
        var index = lower
        while index < upper {
            if scalars[index] == 0x0A && index + 1 < upper && scalars[index + 1] == 0x0A {
                ranges.append(start..<index)
                while index < upper && scalars[index] == 0x0A { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        ranges.append(start..<upper)
        return ranges
    }

    private func duplicates(of ranges: [Range<Int>]) -> (fraction: Double, characterFraction: Double) {
        guard !ranges.isEmpty, !scalars.isEmpty else { return (0, 0) }
        var counter = HashCounter(expectedKeys: ranges.count)
        var elements = 0
        var characters = 0
        scalars.withUnsafeBufferPointer { values in
            for range in ranges where counter.increment(sequenceHash(values, range)) > 1 {
                elements += 1
                characters += range.count
            }
        }
        return (Double(elements) / Double(ranges.count), Double(characters) / Double(scalars.count))
    }
}
