import SeirenMeCab

/// Person names as MeCab with ipadic tags them (`名詞,固有名詞,人名,姓|名`). A surname followed directly (or after
/// one space) by a given name becomes one span.
///
/// Limits, on purpose stated: ipadic knows common Japanese names only; names it does not know are missed, names
/// written in katakana or Latin letters mostly are, and ordinary words that are also names (地名 and company names
/// such as 本田, 豊田, 松下) are redacted. It is a second line behind not writing names into manuals, not a guarantee.
final class PersonNameScanner {
    private let tagger: MeCabTagger
    private static let personTag = Array("名詞,固有名詞,人名".utf8)

    init(model: MeCabModel) throws {
        tagger = try MeCabTagger(model: model)
    }

    func scan(_ text: String, _ folded: FoldedText, into spans: inout [RedactionSpan]) throws {
        // MeCab reports UTF-8 offsets; walk the scalars alongside to turn them into scalar offsets.
        var utf8Position = 0
        var scalarPosition = 0
        var iterator = text.unicodeScalars.makeIterator()
        func scalarOffset(ofUTF8 target: Int) -> Int {
            while utf8Position < target, let scalar = iterator.next() {
                utf8Position += UTF8.width(scalar)
                scalarPosition += 1
            }
            return scalarPosition
        }
        var found: [RedactionSpan] = []
        try tagger.forEachMorpheme(in: text) { surface, feature, _, offset in
            guard feature.starts(with: Self.personTag) else { return }
            let start = scalarOffset(ofUTF8: offset)
            let length = String(decoding: surface, as: UTF8.self).unicodeScalars.count
            if let last = found.last, start - last.end <= 1,
               start == last.end || folded.isSpace(last.end) {
                found[found.count - 1].end = start + length
            } else {
                found.append(RedactionSpan(kind: .person, start: start, end: start + length))
            }
        }
        spans += found
    }
}
