import SeirenMeCab
import XCTest

final class MeCabTests: XCTestCase {
    static let ipadic = "/var/lib/mecab/dic/ipadic-utf8"

    func testParsesJapaneseWithIpadic() throws {
        let model = try MeCabModel(dictionary: Self.ipadic)
        let tagger = try MeCabTagger(model: model)
        let morphemes = try tagger.parse("すもももももももものうち")
        XCTAssertEqual(morphemes.map(\.surface), ["すもも", "も", "もも", "も", "もも", "の", "うち"])
        XCTAssertTrue(morphemes[0].feature.hasPrefix("名詞,一般"), morphemes[0].feature)
        XCTAssertEqual(morphemes[1].feature.split(separator: ",").first, "助詞")
    }

    func testOffsetsPointIntoTheText() throws {
        let tagger = try MeCabTagger(model: try MeCabModel(dictionary: Self.ipadic))
        let text = "ブレーキ液を点検します。"
        let bytes = Array(text.utf8)
        for morpheme in try tagger.parse(text) {
            let slice = bytes[morpheme.utf8Offset..<(morpheme.utf8Offset + morpheme.surface.utf8.count)]
            XCTAssertEqual(String(decoding: slice, as: UTF8.self), morpheme.surface)
        }
    }

    func testUnknownWordsAreMarked() throws {
        let tagger = try MeCabTagger(model: try MeCabModel(dictionary: Self.ipadic))
        let morphemes = try tagger.parse("Seirenを使う")
        XCTAssertEqual(morphemes.first?.surface, "Seiren")
        XCTAssertEqual(morphemes.first?.isUnknown, true)
    }

    func testEmptyTextHasNoMorphemes() throws {
        let tagger = try MeCabTagger(model: try MeCabModel(dictionary: Self.ipadic))
        XCTAssertEqual(try tagger.parse(""), [])
    }

    func testMissingDictionaryIsAClearError() {
        XCTAssertThrowsError(try MeCabModel(dictionary: "/nonexistent/dic")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/dic"), "\(error)")
        }
    }

    func testSharedModelWithATaggerPerThread() throws {
        let model = try MeCabModel(dictionary: Self.ipadic)
        let text = "非常停止の後は、必ず原点復帰を行ってから自動運転を再開してください。"
        let expected = try MeCabTagger(model: model).parse(text).map(\.surface)
        let results = UnsafeMutableBufferPointer<[String]>.allocate(capacity: 8)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let tagger = try! MeCabTagger(model: model)
            var last: [String] = []
            for _ in 0..<50 { last = try! tagger.parse(text).map(\.surface) }
            (results.baseAddress! + i).initialize(to: last)
        }
        for i in 0..<8 { XCTAssertEqual(results[i], expected) }
    }
}
