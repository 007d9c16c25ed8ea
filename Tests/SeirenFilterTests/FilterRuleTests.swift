import SeirenCore
@testable import SeirenFilter
import XCTest

private func stats(_ text: String) -> DocumentStatistics {
    DocumentStatistics(Document(id: "t", text: text, source: "test", added: "2026-01-01T00:00:00Z"))
}

private func failure(_ rule: any FilterRule, _ text: String) -> RuleFailure? {
    if case .fail(let f) = rule.check(stats(text)) { return f }
    return nil
}

final class FilterRuleTests: XCTestCase {
    func testScriptCounts() {
        let s = stats("ひらがなカタカナ漢字。ABC ｶﾅ\n！")
        XCTAssertEqual(s.hiragana, 4)
        XCTAssertEqual(s.katakana, 4 + 2)  // with half-width ｶﾅ
        XCTAssertEqual(s.kanji, 2)
        XCTAssertEqual(s.japanesePunctuation, 2)  // 。！
        XCTAssertEqual(s.otherLetters, 3)
        XCTAssertEqual(s.otherWords, 1)
        XCTAssertEqual(s.nonWhitespace, 17)
        XCTAssertEqual(s.characters, 19)
    }

    func testHiraganaFractionFailureDetail() throws {
        let rule = ThresholdRule(.hiraganaFraction, min: 0.2)
        XCTAssertNil(failure(rule, "これはひらがなの多い文です。"))
        let f = try XCTUnwrap(failure(rule, "東京都千代田区丸の内一丁目"))
        XCTAssertEqual(f.rule, "hiragana_fraction")
        XCTAssertEqual(f.detail, "hiragana_fraction=0.0769 < 0.2")
        XCTAssertEqual(f.rejection.reason, "hiragana_fraction")
        XCTAssertEqual(f.rejection.stage, "filter")
        XCTAssertEqual(f.rejection.json["threshold"], .double(0.2))
        XCTAssertEqual(f.rejection.json["value"], .double(0.0769))
    }

    func testKatakanaAndJapaneseFractions() {
        XCTAssertNotNil(failure(ThresholdRule(.katakanaFraction, max: 0.5), "コンピューターネットワークサーバー"))
        XCTAssertNil(failure(ThresholdRule(.katakanaFraction, max: 0.5), "サーバーを再起動してください。"))
        XCTAssertNotNil(failure(ThresholdRule(.japaneseFraction, min: 0.5), "sudo apt-get install aptitude で入れる"))
        XCTAssertNil(failure(ThresholdRule(.japaneseFraction, min: 0.5), "パッケージを「aptitude」で入れる。"))
    }

    func testCharacterBounds() {
        let rule = ThresholdRule(.characters, min: 5, max: 10)
        XCTAssertEqual(failure(rule, "短い")?.detail, "characters=2 < 5")
        XCTAssertEqual(failure(rule, "これはとても長い文章なのです")?.bound, .maximum)
        XCTAssertNil(failure(rule, "ちょうどよい長さ"))
    }

    func testSentencesEndAtTerminatorsAndLineEnds() {
        let s = stats("今日は晴れ。明日は雨！本当？\nはい\n\n  Yes!  ")
        // 今日は晴れ。(6) 明日は雨！(5) 本当？(3) はい(2) Yes!(4)
        XCTAssertEqual(s.sentences, 5)
        XCTAssertEqual(s.longestSentence, 6)
        XCTAssertEqual(s.meanSentenceLength, 20.0 / 5, accuracy: 1e-9)
        XCTAssertEqual(failure(ThresholdRule(.maxSentenceLength, max: 5), "今日は晴れ。明日は雨！")?.value, 6)
        XCTAssertEqual(failure(ThresholdRule(.meanSentenceLength, min: 20), "はい。いいえ。")?.rule, "mean_sentence_length")
    }

    func testEllipsisLines() {
        let s = stats("続きは…\nこちら...\n普通の行。\n\n省略‥")
        XCTAssertEqual(s.lines, 4)
        XCTAssertEqual(s.ellipsisLines, 3)
        XCTAssertNotNil(failure(ThresholdRule(.ellipsisLineFraction, max: 0.2), "続きは…\nこちら...\n普通の行。"))
    }

    func testSymbolFraction() {
        XCTAssertNotNil(failure(ThresholdRule(.symbolFraction, max: 0.3), "★☆★☆【重要】★☆★☆"))
        XCTAssertNil(failure(ThresholdRule(.symbolFraction, max: 0.3), "重要なお知らせです。"))
    }

    func testDuplicateLinesAndParagraphsFollowDatatrove() {
        // lines: a, b, a, a -> 2 duplicates of 4; chars duplicated 2*3 over 15 total characters
        let text = "あいう\nかきく\nあいう\nあいう"
        let r = stats(text).repetition
        XCTAssertEqual(r.lineDuplicates.fraction, 0.5, accuracy: 1e-9)
        XCTAssertEqual(r.lineDuplicates.characterFraction, 6.0 / 15, accuracy: 1e-9)
        let paragraphs = stats("第一段落です。\n\n第二段落です。\n\n第一段落です。").repetition
        XCTAssertEqual(paragraphs.paragraphDuplicates.fraction, 1.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(failure(ThresholdRule(.duplicateLineFraction, max: 0.3), text)?.rule, "duplicate_line_fraction")
    }

    func testCharacterNGramRepetition() {
        // "ああいああい": 2-grams ああ×2, あい×2, いあ×1 -> top = 2*2/6
        let r = stats("ああいああい").repetition
        XCTAssertEqual(r.topNGramFraction(2), 4.0 / 6, accuracy: 1e-9)
        // datatrove's scan for n=3: ああい(new) あいあ(new) いああ(new) ああい(dup: +3, jump) -> 3/6
        XCTAssertEqual(r.duplicateNGramFraction(3), 3.0 / 6, accuracy: 1e-9)
        let repeated = String(repeating: "同じ文をなんども繰り返します。", count: 10)
        XCTAssertEqual(failure(ThresholdRule(.duplicateNGramFraction(5), max: 0.15), repeated)?.rule,
                       "duplicate_5_gram_fraction")
        XCTAssertNil(failure(ThresholdRule(.duplicateNGramFraction(5), max: 0.15), "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"))
        // Whitespace is not part of the character n-grams.
        XCTAssertEqual(stats("あい あい").repetition.topNGramFraction(2), 4.0 / 4, accuracy: 1e-9)
    }

    func testAhoCorasickCoverageCountsOverlapsOnce() {
        let automaton = AhoCorasick(patterns: ["ばか", "かば", "ばかばかしい", "あほ"])
        // ばかばかしい covers 6; the overlapping ばか/かば inside are not counted twice.
        XCTAssertEqual(automaton.coveredCount(in: Array("それはばかばかしい話".unicodeScalars.map(\.value))), 6)
        XCTAssertEqual(automaton.coveredCount(in: Array("かばかば".unicodeScalars.map(\.value))), 4)
        XCTAssertEqual(automaton.coveredCount(in: Array("あほうどり".unicodeScalars.map(\.value))), 2)
        XCTAssertEqual(automaton.coveredCount(in: Array("何もない".unicodeScalars.map(\.value))), 0)
        // A pattern found only through a failure link (す -> すし inside すすし).
        let sushi = AhoCorasick(patterns: ["すし", "すすき"])
        XCTAssertEqual(sushi.coveredCount(in: Array("すすし".unicodeScalars.map(\.value))), 2)
    }

    func testNGWordRuleReadsWordList() throws {
        let directory = NSTemporaryDirectory() + "seiren-ng-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "# NG words\n激安\n\n  今すぐクリック  \n".write(toFile: directory + "/ng.txt", atomically: true, encoding: .utf8)
        let rule = try NGWordRule(wordListFile: directory + "/ng.txt", max: 0.2)
        let f = try XCTUnwrap(failure(rule, "激安！今すぐクリック"))
        XCTAssertEqual(f.rule, "ng_words")
        XCTAssertEqual(f.measure, "ng_word_fraction")
        XCTAssertEqual(f.value, 9.0 / 10, accuracy: 1e-9)  // all but ！
        XCTAssertNil(failure(rule, "このパッケージは安定版に含まれています。激安ではありません。"))
        XCTAssertThrowsError(try NGWordRule(wordListFile: directory + "/missing.txt", max: 0.1))
    }

    func testLanguageRule() {
        let rule = LanguageRule()
        XCTAssertEqual(rule.language(stats("パッケージを apt で入れてから、設定ファイルを編集します。")), .japanese)
        XCTAssertEqual(rule.language(stats("Install the package with apt, then edit the configuration file.")), .other)
        XCTAssertEqual(rule.language(stats("我们使用这个软件包来管理系统配置文件。")), .chinese)
        XCTAssertEqual(failure(rule, "我们使用这个软件包来管理系统配置文件。")?.measure, "kana_fraction_of_japanese")
        XCTAssertEqual(failure(rule, "Install the package with apt.")?.measure, "japanese_letter_fraction")
    }
}
