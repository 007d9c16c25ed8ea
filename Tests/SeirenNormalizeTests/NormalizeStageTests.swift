import SeirenCore
import XCTest
@testable import SeirenNormalize

final class NormalizeStageTests: XCTestCase {
    let stage = NormalizeStage(normalizer: TextNormalizer(preset: .default))

    func document(_ text: String) -> Document {
        Document(id: "d1", text: text, source: "test", added: "2024-01-01T00:00:00Z")
    }

    func testNormalizedDocumentsRecordTheSettings() throws {
        guard case .keep(let result) = try stage.process(document("ﾃｽﾄ　ＯＫ")) else { return XCTFail("rejected") }
        XCTAssertEqual(result.text, "テストOK")
        XCTAssertEqual(result.annotation("normalize"), NormalizationPreset.default.settings.json)
        XCTAssertEqual(stage.manifestSettings["normalize"]?["rules"]?["spaces"], "on")
    }

    func testDocumentsLeftWithoutTextAreRejectedWithAReason() throws {
        for text in ["\u{200B}\u{FEFF}", "　　 \r\n\u{3000}", ""] {
            guard case .reject(_, let rejection) = try stage.process(document(text)) else {
                XCTFail("\(text.debugDescription) was kept")
                continue
            }
            XCTAssertEqual(rejection.stage, "normalize")
            XCTAssertEqual(rejection.reason, NormalizeStage.emptyReason)
        }
    }
}
