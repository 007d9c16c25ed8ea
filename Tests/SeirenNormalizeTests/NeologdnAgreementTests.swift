import SeirenCore
import XCTest
@testable import SeirenNormalize

/// The `neologdn` preset against `neologdn.normalize` itself (PyPI neologdn 0.5.6 in the reference venv), on
/// handwritten lines and a few hundred generated ones built from the characters neologdn treats specially.
final class NeologdnAgreementTests: XCTestCase {
    static let handwritten: [String] = [
        "０", "ﾊﾝｶｸ", "o₋o", "majika━", "わ〰い", "スーパーーーー", "!#", "ゼンカク　スペース", "お             お",
        "      おお", "おお      ", "検索 エンジン 自作 入門 を 買い ました!!!", "アルゴリズム C", "　　　ＰＲＭＬ　　副　読　本　　　",
        "Coding the Matrix", "南アルプスの　天然水　Ｓｐａｒｋｉｎｇ　Ｌｅｍｏｎ　レモン一絞り",
        "南アルプスの　天然水-　Ｓｐａｒｋｉｎｇ*　Ｌｅｍｏｎ+　レモン一絞り", "ﾊﾟﾊﾟ", "a˗֊‐‑‒–⁃⁻₋−", "あ﹣－ｰ—―─━ー",
        "チルダ~∼∾〜〰～", "う゛ほﾟ", "A ˗あ", "A ーあ", "A ～あ", "1467〜1487年", "café au lait", "a * b", "a *  b",
        "\u{FEFF}abc", "a\u{FEFF}b", " \u{FEFF}abc", "\u{FEFF}\u{FEFF}x", "ア ﾞ", "か゛", "ｳﾞ", "a\n b", "あ\n い",
        "a \nb", "x  ", "  ", "ーーー", "aーー", "--", "-‐", "a - b", "a — b", "ﾞ", "ﾞﾞ", " ﾞ", "ｶﾞﾞ", "“引用”と‘引用’",
        "¥100", "＂＇＼｀", "ｶﾞ ガ", "Debian　GNU/Linux　の　インストール", "https://www.debian.org/~user/a-b", "é ﾞ",
        "Ω あ", "α β", "ｱ ｲ", "1 ２ 3", "「 括弧 」", "・ 中黒 ・", "（ 全角括弧 ）", "\t タブ \t", "改行\r\n混じり",
        "　", "", "ゼロ\u{200B}幅", "‐‐‐", "ｰｰｰ", "~~~", "〜 〜", "a 〜 b", "あ ~ い", "x ― y", "* * *", "** あ",
    ]

    /// Characters neologdn looks at (its tables, spaces, blocks edges, BOM), plus ordinary kana, kanji and Latin.
    static let alphabet: [Character] = Array(
        "  　 \t\n*-‐−˗֊‑‒–⁃⁻₋﹣－ｰ—―─━ー~∼∾〜〰～ａＺ０９！＂＃＇（）＊＋＝＼［］｀｛｝“”‘’¥ｱｶｷﾊﾋﾌﾍﾎｳﾞﾟ゛゜ｰ｡｢｣､･ｯｧ"
            + "あいうかがはぱほカガハパウヴ漢字日本語、。「」・abcXYZ019é€Ωα\u{FEFF}\u{3000}\u{2028}\u{3001}\u{303F}\u{3040}\u{30FF}\u{FFEF}\u{FF00}\u{4E00}\u{9FFF}\u{A000}😀"
    )

    static func generated(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)  // the same lines on every machine
        func next() -> UInt64 { generator.next() }
        return (0..<count).map { _ in
            let length = Int(next() % 24) + 1
            return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
    }

    /// neologdn's output for each (text, remove_space, tilde) case.
    func reference(_ lines: [String], removeSpace: Bool, tilde: String) throws -> [String] {
        let script = """
            import json, sys, neologdn
            assert neologdn.__version__ == '0.5.6', neologdn.__version__
            lines = json.load(sys.stdin)
            json.dump([neologdn.normalize(t, remove_space=\(removeSpace ? "True" : "False"), tilde='\(tilde)') for t in lines], sys.stdout)
            """
        let output = try ReferencePython.run(script, input: lines)  // throws XCTSkip without the venv
        return try XCTUnwrap(output as? [String])
    }

    func assertAgreement(_ lines: [String], overrides: [String] = [], removeSpace: Bool = true, tilde: String = "remove",
                         file: StaticString = #filePath, line: UInt = #line) throws {
        var settings = NormalizationPreset.neologdn.settings
        for override in overrides { try settings.apply(override: override) }
        let normalizer = TextNormalizer(settings: settings)
        let expected = try reference(lines, removeSpace: removeSpace, tilde: tilde)
        var differences = 0
        for (text, want) in zip(lines, expected) {
            let got = try normalizer.normalize(text)
            if got != want {
                differences += 1
                if differences <= 10 {
                    XCTFail("\(overrides) \(text.debugDescription): seiren \(got.debugDescription), neologdn \(want.debugDescription)",
                            file: file, line: line)
                }
            }
        }
        XCTAssertEqual(differences, 0, "\(differences) of \(lines.count) lines differ", file: file, line: line)
    }

    func testPresetEqualsNeologdnNormalize() throws {
        try assertAgreement(Self.handwritten + Self.generated(count: 600, seed: 20_240_601))
    }

    /// neologdn does not know lines: a whole multi-line document is one string to it, and so to the preset.
    func testMultiLineDocumentsAreOneString() throws {
        let lines = Self.handwritten + Self.generated(count: 300, seed: 99)
        let documents = stride(from: 0, to: lines.count, by: 25).map { lines[$0..<min($0 + 25, lines.count)].joined(separator: "\n") }
        try assertAgreement(documents)
    }

    func testNeologdnOptionsMapToRules() throws {
        let lines = Self.handwritten + Self.generated(count: 200, seed: 7)
        try assertAgreement(lines, overrides: ["spaces=off"], removeSpace: false)
        try assertAgreement(lines, overrides: ["tildes=keep"], tilde: "ignore")
        try assertAgreement(lines, overrides: ["tildes=ascii"], tilde: "normalize")
        try assertAgreement(lines, overrides: ["tildes=wave_dash"], tilde: "normalize_zenkaku")
    }
}
