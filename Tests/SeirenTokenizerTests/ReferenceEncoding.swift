import Foundation
import XCTest
@testable import SeirenTokenizer

/// Lines that exercise what tokenizers get wrong: Japanese, English, code, whitespace runs, emoji, unseen scripts,
/// full-width forms, control characters, the `▁` character itself.
let trickyLines: [String] = [
    "日本語の文章をトークンに分割します。",
    "  先頭と末尾の空白   ",
    "Debian パッケージは apt-get install で入れます。",
    "for (int i = 0; i < n; i++) { sum += a[i]; }",
    "def f(x):\treturn x ** 2  # コメント",
    "絵文字🍣🍺と顔文字(´・ω・`)",
    "ｈａｌｆ　ｗｉｄｔｈ　ＡＢＣ１２３ ｶﾀｶﾅ",
    "한국어 문장과 中文句子 и русский текст",
    "制御文字\u{01}\u{1F}と\u{7F}削除",
    "▁既にある▁記号",
    "数字 1234567890 と ½ ① ㍻",
    "    ",
    "",
    "a",
    "改行\nを含む\r\n行",
]

/// sentencepiece's ids and decoded text for each line, computed by the reference library.
func sentencepieceEncode(python: String, model: String, lines: [String]) throws -> (ids: [[Int]], decoded: [String]) {
    let script = """
    import json, sys
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
    lines = json.load(open(sys.argv[2], encoding='utf-8'))
    ids = [sp.encode(line) for line in lines]
    print(json.dumps({"ids": ids, "decoded": [sp.decode(i) for i in ids]}, ensure_ascii=False))
    """
    let input = try temporaryDirectory() + "/lines.json"
    try JSONSerialization.data(withJSONObject: lines).write(to: URL(fileURLWithPath: input))
    let output = try runPython(python, script: script, arguments: [model, input])
    let object = try JSONSerialization.jsonObject(with: output) as! [String: Any]
    return (object["ids"] as! [[Int]], object["decoded"] as! [String])
}

/// Seiren's ids and decoded text agree with sentencepiece's on every line (`note` says which model, in messages).
func assertEncodesLikeSentencepiece(_ tokenizer: SentencePieceTokenizer, model: String, lines: [String], python: String,
                                    note: String = "", file: StaticString = #filePath, line: UInt = #line) throws {
    let reference = try sentencepieceEncode(python: python, model: model, lines: lines)
    for (i, text) in lines.enumerated() {
        let ids = tokenizer.encode(text).map(Int.init)
        XCTAssertEqual(ids, reference.ids[i], "ids differ for \(text.debugDescription)\(note)", file: file, line: line)
        XCTAssertEqual(tokenizer.decode(ids), reference.decoded[i], "decode differs for \(text.debugDescription)\(note)",
                       file: file, line: line)
    }
}
