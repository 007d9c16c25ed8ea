import SeirenICU
import XCTest
@testable import SeirenNormalize

/// One test per rule of the default preset (NFKC + Seiren's dialect), with Japanese examples, and what must stay.
final class JapaneseRuleTests: XCTestCase {
    let normalizer = TextNormalizer(preset: .default)

    func normalize(_ text: String) throws -> String { try normalizer.normalize(text) }

    /// The rules alone, without Unicode normalization, so each rule is seen doing its own work.
    func rulesOnly(_ text: String, _ overrides: String...) throws -> String {
        var settings = NormalizationPreset.default.settings
        settings.form = nil
        for override in overrides { try settings.apply(override: override) }
        return try TextNormalizer(settings: settings).normalize(text)
    }

    func testFullwidthASCIIBecomesASCII() throws {
        XCTAssertEqual(try normalize("ＰＲＭＬ　第２版"), "PRML第2版")
        XCTAssertEqual(try rulesOnly("ＡＢＣ１２３！？"), "ABC123!?")
        XCTAssertEqual(try rulesOnly("ＡＢＣ", "fullwidth_ascii=off"), "ＡＢＣ")
    }

    func testHalfwidthKatakanaBecomesFullwidthAndJoinsSoundMarks() throws {
        XCTAssertEqual(try normalize("ﾊﾝｶｸｶﾀｶﾅ"), "ハンカクカタカナ")
        XCTAssertEqual(try rulesOnly("ﾊﾟﾋﾞﾌﾟﾍﾞﾎﾟｳﾞ"), "パビプベポヴ")
        XCTAssertEqual(try rulesOnly("｢ﾃｽﾄ｣､ﾃｽﾄ｡"), "「テスト」、テスト。")
        XCTAssertEqual(try rulesOnly("ｶﾞ", "halfwidth_katakana=off"), "ｶﾞ")
    }

    func testSpacingSoundMarksJoinTheKanaBefore() throws {
        // NFKC turns a lone ゛ into a space and a combining mark; the rule joins them back.
        XCTAssertEqual(try normalize("か゛き゛"), "がぎ")
        XCTAssertEqual(try rulesOnly("う゛ほ゜"), "ゔぽ")
        // Nothing to join: the mark stays, in its full-width spacing form.
        XCTAssertEqual(try rulesOnly("ﾞあ"), "゛あ")
    }

    func testHyphenLookalikesBecomeHyphenMinus() throws {
        XCTAssertEqual(try normalize("ISO‐8859‑1 と UTF−8"), "ISO-8859-1とUTF-8")
        XCTAssertEqual(try rulesOnly("A–B", "hyphens=off"), "A–B")
        // ASCII runs are options and separators, never touched.
        XCTAssertEqual(try normalize("--help と -- の違い"), "--helpと--の違い")
    }

    func testLongVowelLookalikesAfterKanaBecomeOneChoonpu() throws {
        XCTAssertEqual(try normalize("スーパーーーー"), "スーパー")
        XCTAssertEqual(try normalize("カ―ド と メ—ル と ラ━メン"), "カードとメールとラーメン")
        XCTAssertEqual(try normalize("すごーーーい"), "すごーい")
        XCTAssertEqual(try rulesOnly("ｺｰﾋｰ"), "コーヒー")
        // Not after kana: dashes keep their meaning (English dashes, box drawing).
        XCTAssertEqual(try normalize("wait—what"), "wait—what")
        XCTAssertEqual(try normalize("┌──┐"), "┌──┐")
        XCTAssertEqual(try rulesOnly("スーーー", "long_vowels=off"), "スーーー")
    }

    func testTildesBecomeWaveDashButASCIITildeStays() throws {
        XCTAssertEqual(try normalize("1467〜1487年"), "1467〜1487年")
        XCTAssertEqual(try rulesOnly("10∼20個、10～20個"), "10〜20個、10〜20個")
        XCTAssertEqual(try rulesOnly("10～20", "tildes=remove"), "1020")
        XCTAssertEqual(try rulesOnly("10〜20", "tildes=ascii"), "10~20")
        XCTAssertEqual(try rulesOnly("10〜20", "tildes=off"), "10〜20")
        XCTAssertEqual(try normalize("cd ~/.config"), "cd ~/.config")
    }

    func testIdeographicSpaceBecomesSpace() throws {
        XCTAssertEqual(try normalize("Debian　GNU/Linux"), "Debian GNU/Linux")
        XCTAssertEqual(try rulesOnly("全角　スペース", "spaces=off"), "全角 スペース")
        XCTAssertEqual(try rulesOnly("全角　スペース", "spaces=off", "ideographic_space=off"), "全角　スペース")
    }

    func testSpacesNextToJapaneseGoAndLatinWordsKeepOne() throws {
        XCTAssertEqual(try normalize("検索 エンジン 自作 入門 を 買い ました!!!"), "検索エンジン自作入門を買いました!!!")
        XCTAssertEqual(try normalize("Linux カーネル の ビルド"), "Linuxカーネルのビルド")
        XCTAssertEqual(try normalize("Coding the   Matrix"), "Coding the Matrix")
        XCTAssertEqual(try normalize("南アルプスの　天然水　Ｓｐａｒｋｉｎｇ　Ｌｅｍｏｎ　レモン一絞り"),
                       "南アルプスの天然水Sparking Lemonレモン一絞り")
        XCTAssertEqual(try normalize("café au lait"), "café au lait")
    }

    func testSpacesAreJudgedPerLine() throws {
        XCTAssertEqual(try normalize("行末の空白   \n  次の行  "), "行末の空白\n次の行")
        XCTAssertEqual(try normalize("English   \n  indented  "), "English\n  indented")
        XCTAssertEqual(try normalize("　　字下げした段落。\n　　次の段落。"), "字下げした段落。\n次の段落。")
        // Indentation before code is kept exactly.
        XCTAssertEqual(try normalize("例:\n    apt-get install mecab\n"), "例:\n    apt-get install mecab\n")
    }

    func testControlAndZeroWidthCharactersAreRemoved() throws {
        XCTAssertEqual(try normalize("\u{FEFF}ゼロ\u{200B}幅\u{2060}の\u{00AD}文字"), "ゼロ幅の文字")
        XCTAssertEqual(try normalize("ベル\u{07}と\u{1B}[0mエスケープ"), "ベルと[0mエスケープ")
        XCTAssertEqual(try normalize("タブ\tは残る"), "タブ\tは残る")
        // Emoji sequences and kanji variation selectors need these.
        XCTAssertEqual(try normalize("👨\u{200D}👩\u{200D}👧 葛\u{E0100}"), "👨\u{200D}👩\u{200D}👧葛\u{E0100}")
        XCTAssertEqual(try rulesOnly("a\u{200B}b", "control_characters=off"), "a\u{200B}b")
    }

    func testLineEndingsBecomeLF() throws {
        XCTAssertEqual(try normalize("一行目\r\n二行目\r三行目\u{2028}四行目\u{85}五行目"), "一行目\n二行目\n三行目\n四行目\n五行目")
        XCTAssertEqual(try rulesOnly("一\r\n二", "line_endings=off"), "一\r\n二")
    }

    func testWhatMustNotChange() throws {
        for text in [
            "「こんにちは」と言った。",
            "東京・大阪・名古屋",
            "『吾輩は猫である』夏目漱石",
            "https://www.debian.org/doc/manuals/debian-reference/ch01.ja.html#_login_to_a_shell_prompt",
            "http://example.com/~user/a-b_c?x=1&y=2",
            "for (i = 0; i < n; i++) { sum += a[i]; }",
            "$ sudo apt-get install -y mecab-ipadic-utf8 2>&1 | tee log",
            "if x == \"--\" { return 'a' }",
        ] {
            XCTAssertEqual(try normalize(text), text, text)
        }
    }

    /// Decision (docs/normalize.md): NFKC maps ＝ to =, inside Japanese too, as every NFKC pipeline and neologdn do.
    /// Text that must keep it can use NFC with fullwidth_ascii off.
    func testFullwidthEqualsSignFollowsTheUnicodeForm() throws {
        XCTAssertEqual(try normalize("長さ＝３メートル"), "長さ=3メートル")
        var settings = NormalizationPreset.default.settings
        settings.form = .nfc
        try settings.apply(override: "fullwidth_ascii=off")
        XCTAssertEqual(try TextNormalizer(settings: settings).normalize("長さ＝３メートル"), "長さ＝３メートル")
    }

    func testCasefoldForm() throws {
        var settings = NormalizationPreset.default.settings
        settings.form = .nfkcCasefold
        XCTAssertEqual(try TextNormalizer(settings: settings).normalize("ＤＥＢＩＡＮ Linux"), "debian linux")
    }

    func testNoFormAndNoRulesLeavesTextAlone() throws {
        var settings = NormalizationPreset.default.settings
        settings.form = nil
        settings.enabledRules = []
        settings.tildeHandling = .keep
        let text = "ＡＢＣ　ｶﾞ\r\n〜"
        XCTAssertEqual(try TextNormalizer(settings: settings).normalize(text), text)
    }
}
