import Foundation
import XCTest

/// `seiren measure`: token counts per source must be exactly sentencepiece's on LLM-jp's real model.
final class MeasureCommandTests: XCTestCase {
    static let sources: [String: [String]] = [
        "ja.txt": [
            "日本語の技術文書をトークン列に変換します。",
            "ｈａｌｆ　ｗｉｄｔｈ　ＡＢＣ１２３ ｶﾀｶﾅ と絵文字🍣、顔文字(´・ω・`)",
            "パッケージ管理システムは依存関係を自動的に解決する。",
        ],
        "en.txt": [
            "Install the package with apt-get and read the manual page.",
            "  Leading and trailing   spaces  ",
        ],
        "code.txt": [
            "for (int i = 0; i < n; i++) { sum += a[i]; }",
            "def f(x):\treturn x ** 2  # コメント",
        ],
    ]
    static let documents: [(text: String, source: String)] = [
        ("第一章\n日本語の文章を\n改行で区切る。", "manual"),
        ("Debian パッケージは apt-get install で入れます。", "manual"),
        ("한국어 문장과 中文句子 и русский текст", "other"),
    ]

    func testTokenCountsEqualSentencepieceOnLLMjpModel() throws {
        let python = try referencePython(to: "compare with sentencepiece")
        let model = try llmjpTokenizer("code10K_en20K_ja30K.ver2.2.model")
        let dir = try temporaryDirectory(self)
        var inputs: [String] = []
        var texts: [(String, String)] = []  // (text, expected source)
        for (name, lines) in Self.sources.sorted(by: { $0.key < $1.key }) {
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            inputs.append(dir + "/" + name)
            texts += lines.map { ($0, name) }
        }
        var jsonl = ""
        for (i, document) in Self.documents.enumerated() {
            let json = try JSONSerialization.data(withJSONObject: ["id": "d\(i)", "text": document.text, "source": document.source])
            jsonl += String(decoding: json, as: UTF8.self) + "\n"
            texts.append((document.text, document.source))
        }
        try jsonl.write(toFile: dir + "/docs.jsonl", atomically: true, encoding: .utf8)
        inputs.append(dir + "/docs.jsonl")

        let result = try CLI.seiren(["measure", "--tokenizer", model, "--json", dir + "/m.json", "--svg", dir + "/m.svg",
                                     "--workers", "2"] + inputs)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("code10K_en20K_ja30K.ver2.2"), result.stdout)

        // sentencepiece's counts per source: tokens, unknown pieces, byte pieces, characters.
        let reference = try CLI.run(python, ["-c", """
            import json, sys
            import sentencepiece as spm
            sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
            out = {}
            for text, source in json.loads(sys.argv[2]):
                ids = sp.encode(text)
                c = out.setdefault(source, {"tokens": 0, "unknown": 0, "byte": 0, "characters": 0})
                c["tokens"] += len(ids)
                c["unknown"] += sum(1 for i in ids if sp.is_unknown(i))
                c["byte"] += sum(1 for i in ids if sp.is_byte(i))
                c["characters"] += len(text)
            print(json.dumps(out))
            """, model, String(decoding: try JSONSerialization.data(withJSONObject: texts.map { [$0.0, $0.1] }), as: UTF8.self)])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as! [String: [String: Int]]

        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/m.json"))) as! [String: Any]
        let tokenizer = (report["tokenizers"] as! [[String: Any]])[0]
        let sources = tokenizer["sources"] as! [String: [String: Any]]
        XCTAssertEqual(Set(sources.keys), Set(expected.keys))
        for (source, counts) in expected {
            XCTAssertEqual(sources[source]?["tokens"] as? Int, counts["tokens"], source)
            XCTAssertEqual(sources[source]?["unknown_tokens"] as? Int, counts["unknown"], source)
            XCTAssertEqual(sources[source]?["byte_fallback_tokens"] as? Int, counts["byte"], source)
            XCTAssertEqual(sources[source]?["characters"] as? Int, counts["characters"], source)
        }
        let total = tokenizer["total"] as! [String: Any]
        XCTAssertEqual(total["tokens"] as? Int, expected.values.map { $0["tokens"]! }.reduce(0, +))
        XCTAssertGreaterThan(expected.values.map { $0["byte"]! }.reduce(0, +), 0, "the texts should exercise byte fallback")

        let svg = try String(contentsOfFile: dir + "/m.svg", encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg"), svg)
        XCTAssertTrue(svg.contains("code10K_en20K_ja30K.ver2.2"), svg)
    }

    /// Two tokenizers (a vocabulary seiren trains, given as its folder, and its .model file) over a dataset and a
    /// text file: the JSON report is the same for any number of workers, and the two names give the same counts.
    func testReportIsTheSameForAnyWorkerCount() throws {
        let dir = try temporaryDirectory(self)
        var corpus = ""
        for i in 0..<100 { corpus += "第\(i)章 パッケージを入れる方法を説明します。Install package \(i).\n" }
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        let train = try CLI.seiren(["train", dir + "/corpus.txt", "-o", dir + "/vocab/tiny", "--vocab-size", "400"])
        XCTAssertEqual(train.status, 0, train.stderr)
        var reports: [Data] = []
        for workers in ["1", "2"] {
            let result = try CLI.seiren(["measure", "--tokenizer", dir + "/vocab/tiny", "--tokenizer", dir + "/vocab/tiny/tiny.model",
                                         dir + "/corpus.txt", "--json", dir + "/m\(workers).json", "--workers", workers])
            XCTAssertEqual(result.status, 0, result.stderr)
            reports.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/m\(workers).json")))
        }
        XCTAssertEqual(reports[0], reports[1])
        let report = try JSONSerialization.jsonObject(with: reports[0]) as! [String: Any]
        let totals = (report["tokenizers"] as! [[String: Any]]).map { ($0["total"] as! [String: Any])["tokens"] as! Int }
        XCTAssertEqual(totals.count, 2)
        XCTAssertEqual(totals[0], totals[1])
        XCTAssertGreaterThan(totals[0], 0)
    }

    /// LLM-jp's tokenizer.json: measure's counts per source are exactly `tokenizers`' (without template tokens).
    func testTokenizerJSONCountsEqualTokenizers() throws {
        let python = try referencePython(to: "compare with tokenizers")
        let tokenizer = try llmjpTokenizer("code10k_en20k_ja30k.ver2.1.tokenizer.json")
        let dir = try temporaryDirectory(self)
        var inputs: [String] = []
        var texts: [[String]] = []
        for (name, lines) in Self.sources.sorted(by: { $0.key < $1.key }) {
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            inputs.append(dir + "/" + name)
            texts += lines.map { [$0, name] }
        }
        let result = try CLI.seiren(["measure", "--tokenizer", tokenizer, "--json", dir + "/m.json", "--workers", "2"] + inputs)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("code10k_en20k_ja30k.ver2.1.tokenizer "), result.stdout)
        let reference = try CLI.run(python, ["-c", """
            import json, sys
            from tokenizers import Tokenizer
            t = Tokenizer.from_file(sys.argv[1])
            out = {}
            for text, source in json.loads(sys.argv[2]):
                out[source] = out.get(source, 0) + len(t.encode(text, add_special_tokens=False).ids)
            print(json.dumps(out))
            """, tokenizer, String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as! [String: Int]
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/m.json"))) as! [String: Any]
        let measured = (report["tokenizers"] as! [[String: Any]])[0]
        let sources = measured["sources"] as! [String: [String: Any]]
        for (source, tokens) in expected { XCTAssertEqual(sources[source]?["tokens"] as? Int, tokens, source) }
        XCTAssertEqual((measured["total"] as! [String: Any])["tokens"] as? Int, expected.values.reduce(0, +))
        XCTAssertNotNil((measured["total"] as! [String: Any])["morpheme_crossing_rate"])
    }

    func testTokenizerJSONOfUnsupportedTypeIsRefusedWithItsName() throws {
        let dir = try temporaryDirectory(self)
        try "テスト\n".write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        try #"{"model": {"type": "WordLevel", "vocab": {}}}"#.write(toFile: dir + "/tokenizer.json", atomically: true, encoding: .utf8)
        let result = try CLI.seiren(["measure", "--tokenizer", dir + "/tokenizer.json", dir + "/a.txt"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(dir + "/tokenizer.json"), result.stderr)
        XCTAssertTrue(result.stderr.contains("unsupported model type \"WordLevel\""), result.stderr)
    }
}
