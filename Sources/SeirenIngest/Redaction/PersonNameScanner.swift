import SeirenMeCab

/// Person names as MeCab with ipadic tags them (`名詞,固有名詞,人名,姓|名`). A surname followed directly (or after
/// one space) by a given name becomes one span. Because ipadic also tags fragments of ordinary words as names
/// (on the Debian Reference, グラム of プログラム, ハード, ミラー, レビ+ジョン of レビジョン, single kanji such as 関
/// or 成), a tagged span is kept only when it looks like a name in context: followed by an honorific (さん, 様, 氏,
/// ...), or written in two or more kanji (山田, 山田太郎).
///
/// Limits, on purpose stated: ipadic knows common Japanese names only; names it does not know are missed, names
/// in katakana or Latin letters are missed unless an honorific follows, and ordinary words that are also names
/// (company names such as 本田, 豊田, 松下) are redacted. It is a second line behind not writing names into
/// manuals, not a guarantee.
final class PersonNameScanner {
    private let tagger: MeCabTagger
    private static let personTag = Array("名詞,固有名詞,人名".utf8)
    private static let honorifics = ["さん", "様", "さま", "氏", "君", "くん", "ちゃん", "先生", "殿"]

    init(model: MeCabModel) throws {
        tagger = try MeCabTagger(model: model)
    }

    private struct Candidate {
        var span: RedactionSpan
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
        var found: [Candidate] = []
        try tagger.forEachMorpheme(in: text) { surface, feature, _, offset in
            guard feature.starts(with: Self.personTag) else { return }
            let start = scalarOffset(ofUTF8: offset)
            let length = String(decoding: surface, as: UTF8.self).unicodeScalars.count
            if let last = found.last, start - last.span.end <= 1,
               start == last.span.end || folded.isSpace(last.span.end) {
                found[found.count - 1].span.end = start + length
            } else {
                found.append(Candidate(span: RedactionSpan(kind: .person, start: start, end: start + length)))
            }
        }
        for candidate in found where looksLikeName(candidate, folded) { spans.append(candidate.span) }
    }

    private func looksLikeName(_ candidate: Candidate, _ text: FoldedText) -> Bool {
        if Self.honorifics.contains(where: { text.original($0, at: candidate.span.end) }) { return true }
        let scalars = text.scalars[candidate.span.start..<candidate.span.end]
        return scalars.count >= 2 && scalars.allSatisfy { $0.properties.isIdeographic }
    }
}
