import Foundation
import XCTest

/// `seiren vocab merge` and `seiren vocab reestimate` run as a user would run them: train two vocabularies, merge
/// them with a reserved block, re-estimate on the raw text, encode with the result.
final class VocabCommandTests: XCTestCase {
    func testTrainMergeReestimateEncode() throws {
        let directory = try temporaryDirectory(self)
        let japanese = ["パッケージを導入するには apt を使います。", "システムの設定ファイルは /etc にあります。",
                        "端末でコマンドを実行すると、結果が表示されます。", "ネットワークの設定を変更した後は再起動してください。"]
        let english = ["Install the package with apt-get install.", "for (int i = 0; i < n; i++) { total += i; }",
                       "The configuration file lives in the etc directory."]
        func lines(_ sentences: [String]) -> String {
            var lines: [String] = []
            for round in 0..<120 { for s in sentences { lines.append(round % 2 == 0 ? s : "\(round): " + s) } }
            return lines.joined(separator: "\n") + "\n"
        }
        try lines(japanese).write(toFile: directory + "/ja.txt", atomically: true, encoding: .utf8)
        try lines(english).write(toFile: directory + "/en.txt", atomically: true, encoding: .utf8)
        try (lines(japanese) + lines(english)).write(toFile: directory + "/raw.txt", atomically: true, encoding: .utf8)
        try "<|system|>\n<|user|>\n".write(toFile: directory + "/reserved.txt", atomically: true, encoding: .utf8)

        for (name, size, pre) in [("ja", "400", "mecab"), ("en", "330", "whitespace")] {
            let train = try CLI.seiren(["train", "--vocab-size", size, "--pre-tokenizer", pre, directory + "/\(name).txt",
                                        "-o", directory + "/vocab/\(name)", "--workers", "2"])
            XCTAssertEqual(train.status, 0, train.stderr)
        }
        let merge = try CLI.seiren(["vocab", "merge", directory + "/vocab/ja", directory + "/vocab/en/en.model",
                                    "--reserved", directory + "/reserved.txt", "--space-prefix", "drop", "--space-prefix", "keep",
                                    "-o", directory + "/vocab/merged", "--add-eos", "--pad-token", "<unk>"])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertTrue(merge.stderr.contains("2 reserved"), merge.stderr)
        let vocab = try String(contentsOfFile: directory + "/vocab/merged/merged.vocab", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(vocab.prefix(5).map { String($0.split(separator: "\t")[0]) }, ["<unk>", "<s>", "</s>", "<|system|>", "<|user|>"])

        // The Hugging Face files say what the flags asked: </s> after each text, <unk> pads.
        func json(_ path: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + path))) as! [String: Any]
        }
        let config = try json("/vocab/merged/tokenizer_config.json")
        XCTAssertEqual(config["add_eos_token"] as? Bool, true)
        XCTAssertEqual(config["add_bos_token"] as? Bool, false)
        XCTAssertEqual(config["pad_token"] as? String, "<unk>")
        let single = (try json("/vocab/merged/tokenizer.json")["post_processor"] as? [String: Any])?["single"] as? [[String: Any]]
        XCTAssertEqual(single?.count, 2)
        XCTAssertEqual((single?.last?["SpecialToken"] as? [String: Any])?["id"] as? String, "</s>")

        let reestimate = try CLI.seiren(["vocab", "reestimate", directory + "/vocab/merged", directory + "/raw.txt",
                                         "-o", directory + "/vocab/final", "--iterations", "2", "--workers", "2", "--add-bos"])
        XCTAssertEqual(reestimate.status, 0, reestimate.stderr)
        XCTAssertTrue(reestimate.stderr.contains("held-out tokens per character"), reestimate.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/vocab/final/report.json"))) as! [String: Any]
        XCTAssertEqual((report["iterations"] as? [Any])?.count, 2)
        XCTAssertGreaterThan(report["scores_changed"] as? Int ?? 0, 0)
        XCTAssertEqual(try json("/vocab/final/tokenizer_config.json")["add_bos_token"] as? Bool, true)

        let encode = try CLI.seiren(["encode-text", "--tokenizer", directory + "/vocab/final", "パッケージの設定"])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertTrue(encode.stdout.contains("decoded: \"パッケージの設定\""), encode.stdout)
    }

    func testBadArgumentsSayWhatIsWrong() throws {
        let directory = try temporaryDirectory(self)
        let missing = try CLI.seiren(["vocab", "merge", directory + "/nothing", "-o", directory + "/out"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nothing"), missing.stderr)
        let rule = try CLI.seiren(["vocab", "merge", directory, "--space-prefix", "maybe", "-o", directory + "/out"])
        XCTAssertNotEqual(rule.status, 0)
        XCTAssertTrue(rule.stderr.contains("--space-prefix"), rule.stderr)
    }
}
