import SeirenCore
import XCTest
@testable import SeirenNormalize

final class NormalizationSettingsTests: XCTestCase {
    func testSettingsNameEveryRuleInTheirJSON() {
        let json = NormalizationPreset.default.settings.json
        XCTAssertEqual(json["preset"], "default")
        XCTAssertEqual(json["form"], "NFKC")
        XCTAssertEqual(json["dialect"], "seiren")
        let rules = json["rules"]?.objectValue?.map(\.0)
        XCTAssertEqual(rules, NormalizationRule.allCases.map(\.rawValue))
        XCTAssertEqual(json["rules"]?["quotes"], "off")
        XCTAssertEqual(json["rules"]?["tildes"], "wave_dash")
        XCTAssertEqual(NormalizationPreset.neologdn.settings.json["form"], "none")
        XCTAssertEqual(NormalizationPreset.neologdn.settings.json["rules"]?["line_endings"], "off")
    }

    func testOverrides() throws {
        var settings = NormalizationPreset.default.settings
        try settings.apply(override: "spaces=off")
        try settings.apply(override: "tildes=ascii")
        XCTAssertFalse(settings.isEnabled(.spaces))
        XCTAssertEqual(settings.tildeHandling, .ascii)
        try settings.apply(override: "tildes=off")
        XCTAssertFalse(settings.isEnabled(.tildes))
        XCTAssertEqual(settings.json["rules"]?["tildes"], "keep")
    }

    func testBadOverridesAndNamesAreExplained() {
        var settings = NormalizationPreset.default.settings
        XCTAssertThrowsError(try settings.apply(override: "spacez=on")) { XCTAssertTrue("\($0)".contains("unknown rule 'spacez'")) }
        XCTAssertThrowsError(try settings.apply(override: "spaces=maybe")) { XCTAssertTrue("\($0)".contains("on or off")) }
        XCTAssertThrowsError(try settings.apply(override: "spaces")) { XCTAssertTrue("\($0)".contains("NAME=on|off")) }
        XCTAssertThrowsError(try NormalizationSettings.parseForm("NFX")) { XCTAssertTrue("\($0)".contains("NFKC")) }
        XCTAssertThrowsError(try NormalizationPreset.named("mecab")) { XCTAssertTrue("\($0)".contains("neologdn")) }
        XCTAssertNil(try NormalizationSettings.parseForm("none"))
        XCTAssertEqual(try NormalizationSettings.parseForm("nfkc_casefold"), .nfkcCasefold)
    }
}
