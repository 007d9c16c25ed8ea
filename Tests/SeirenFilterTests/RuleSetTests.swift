import Foundation
import SeirenCore
@testable import SeirenFilter
import XCTest

final class RuleSetTests: XCTestCase {
    func testPresetsParse() throws {
        XCTAssertEqual(try RuleSet.preset("swallow").rules.count, 20)
        XCTAssertFalse(try RuleSet.preset("manuals").rules.isEmpty)
        XCTAssertThrowsError(try RuleSet.preset("nope"))
    }

    func testSwallowPresetKeepsProseAndRejectsShortText() throws {
        let rules = try RuleSet.preset("swallow")
        let prose = """
        吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。この書生というのは時々我々を捕えて煮て食うという話である。しかしその当時は何という考もなかったから別段恐しいとも思わなかった。ただ彼の掌に載せられてスーと持ち上げられた時何だかフワフワした感じがあったばかりである。掌の上で少し落ちついて書生の顔を見たのがいわゆる人間というものの見始であろう。この時妙なものだと思った感じが今でも残っている。第一毛をもって装飾されべきはずの顔がつるつるしてまるで薬缶だ。その後猫にもだいぶ逢ったがこんな片輪には一度も出会わした事がない。のみならず顔の真中があまりに突起している。そうしてその穴の中から時々ぷうぷうと煙を吹く。どうも咽せぽくて実に弱った。これが人間の飲む煙草というものである事はようやくこの頃知った。
        """
        let doc = Document(id: "a", text: prose, source: "t", added: "x")
        XCTAssertNil(rules.firstFailure(DocumentStatistics(doc)), rules.firstFailure(DocumentStatistics(doc))?.detail ?? "")
        let short = Document(id: "b", text: "短い文です。", source: "t", added: "x")
        XCTAssertEqual(rules.firstFailure(DocumentStatistics(short))?.rule, "characters")
    }

    func testRulesFileErrorsNameTheProblem() throws {
        func parse(_ text: String) throws -> RuleSet { try RuleSet(json: try JSONParser.parse(text), source: "r.json") }
        XCTAssertEqual(try parse(#"[{"rule": "top_n_gram_fraction", "params": {"n": 3, "max": 0.1}}]"#).rules.first?.name,
                       "top_3_gram_fraction")
        XCTAssertThrowsError(try parse(#"[{"rule": "nonsense"}]"#)) { error in
            XCTAssertTrue("\(error)".contains("unknown rule nonsense"), "\(error)")
        }
        XCTAssertThrowsError(try parse(#"[{"rule": "hiragana_fraction", "params": {"minn": 0.1}}]"#)) { error in
            XCTAssertTrue("\(error)".contains("unknown parameter minn"), "\(error)")
        }
        XCTAssertThrowsError(try parse(#"{"rule": "characters"}"#))
    }

    /// A rejection's reason is the name the rules file gave the rule (n-gram rules add their n), so every reject can
    /// be traced to its line in the rules file.
    func testEveryRuleIsNamedAsConfigured() throws {
        let directory = NSTemporaryDirectory() + "seiren-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "激安\n".write(toFile: directory + "/ng.txt", atomically: true, encoding: .utf8)
        for kind in RuleRegistry.kinds {
            let params: String
            switch kind.parameters {
            case ["n", "max"]: params = #"{"n": 2, "max": 0.5}"#
            case ["file", "max"]: params = #"{"file": "ng.txt", "max": 0.1}"#
            case ["min", "max"]: params = #"{"max": 0.5}"#
            default: params = "{}"
            }
            let rules = try RuleSet(json: try JSONParser.parse(#"[{"rule": "\#(kind.name)", "params": \#(params)}]"#),
                                    source: "r.json", baseDirectory: directory)
            XCTAssertEqual(rules.rules.first?.name, kind.name.replacingOccurrences(of: "_n_", with: "_2_"))
        }
        let rules = try RuleSet(json: try JSONParser.parse(#"[{"rule": "ng_words", "params": {"file": "ng.txt"}}]"#),
                                source: "r.json", baseDirectory: directory)
        let failure = try XCTUnwrap(rules.firstFailure(DocumentStatistics(Document(id: "a", text: "激安です", source: "t", added: "x"))))
        XCTAssertEqual(failure.rejection.reason, "ng_words")
        XCTAssertEqual(failure.detail, "ng_word_fraction=0.5 > 0")
    }
}
