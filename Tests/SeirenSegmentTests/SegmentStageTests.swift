import SeirenCore
import XCTest
@testable import SeirenSegment

final class SegmentStageTests: XCTestCase {
    func document(_ text: String) -> Document {
        Document(id: "d1", text: text, source: "test", added: "2024-01-01T00:00:00Z")
    }

    func testWakatiModeAddsSegmentedAndKeepsText() throws {
        let stage = SegmentStage(model: SegmenterTests.ipadic, mode: .wakati)
        guard case .keep(let result) = stage.process(document("東京へ行きました"), with: try Segmenter(model: stage.model))
        else { return XCTFail("rejected") }
        XCTAssertEqual(result.text, "東京へ行きました")
        XCTAssertEqual(result.json["segmented"], "東京 へ 行き まし た")
        XCTAssertEqual(result.annotation("segment")?["dictionary"], "ipadic")
        XCTAssertEqual(result.annotation("segment")?["tokens"], 5)
    }

    func testDocumentsRecordTheDictionaryByNameOnlyAndTheManifestByFolderToo() throws {
        let stage = SegmentStage(model: SegmenterTests.ipadic, mode: .tokens)
        let segmenter = try Segmenter(model: stage.model)
        for (text, count) in [("猫がいる", 3), ("東京へ行きました", 5)] {
            guard case .keep(let result) = stage.process(document(text), with: segmenter) else { return XCTFail("rejected") }
            // The folder is the machine's, not the document's: it stays out of every document.
            XCTAssertEqual(result.annotation("segment"),
                           ["dictionary": "ipadic", "mode": "tokens", "field": "tokens", "tokens": .int(count)])
        }
        XCTAssertEqual(stage.manifestSettings["segment"]?["dictionary_path"], .string(stage.model.dictionary.path))
    }

    func testTokensModeWritesColumns() throws {
        let stage = SegmentStage(model: SegmenterTests.ipadic, mode: .tokens)
        guard case .keep(let result) = stage.process(document("猫がいる"), with: try Segmenter(model: stage.model))
        else { return XCTFail("rejected") }
        let tokens = try XCTUnwrap(result.json["tokens"])
        XCTAssertEqual(tokens["surface"], ["猫", "が", "いる"])
        XCTAssertEqual(tokens["pos"], ["名詞-一般", "助詞-格助詞-一般", "動詞-自立"])
        XCTAssertEqual(tokens["reading"], ["ネコ", "ガ", "イル"])
        XCTAssertEqual(tokens["base"], ["猫", "が", "いる"])
        XCTAssertEqual(tokens["offset"], [0, 1, 2])
    }
}
