import SeirenSegment

/// Which MeCab morpheme each UTF-8 byte of a text belongs to (-1: none, e.g. the spaces MeCab skips), so a token's
/// span in the original text can be checked for crossing a morpheme boundary: it crosses when it covers bytes of
/// two or more morphemes. Spaces belong to no morpheme, so `▁word` tokens do not cross because of their space.
public struct MorphemeBoundaries {
    private var morpheme: [Int32]

    /// Segments `text` with MeCab (line by line, as `seiren segment` does).
    public init(_ text: String, segmenter: Segmenter) throws {
        morpheme = [Int32](repeating: -1, count: text.utf8.count)
        var index: Int32 = 0
        try segmenter.forEachMorpheme(in: text) { surface, _, _, offset in
            for i in offset..<min(offset + surface.count, morpheme.count) { morpheme[i] = index }
            index += 1
        }
    }

    /// Whether original bytes `start..<end` cover parts of more than one morpheme.
    public func crosses(_ start: Int, _ end: Int) -> Bool {
        var first: Int32 = -1
        for i in max(0, start)..<min(end, morpheme.count) {
            let m = morpheme[i]
            if m < 0 { continue }
            if first < 0 { first = m } else if m != first { return true }
        }
        return false
    }
}
