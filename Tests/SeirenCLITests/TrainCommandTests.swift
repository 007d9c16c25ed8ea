import Foundation
import XCTest

/// `seiren train` and `seiren encode-text` run as a user would run them.
final class TrainCommandTests: XCTestCase {
    private func seiren(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try CLI.seiren(arguments)
        return (result.status, result.stdout, result.stderr)
    }

    private func corpusFile() throws -> (directory: String, path: String) {
        let directory = NSTemporaryDirectory() + "seiren-train-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sentences = [
            "パッケージを導入するには apt を使います。", "システムの設定ファイルは /etc にあります。",
            "端末でコマンドを実行すると、結果が表示されます。", "ネットワークの設定を変更した後は再起動してください。",
            "Install the package with apt-get install.", "for (int i = 0; i < n; i++) { total += i; }",
        ]
        var lines: [String] = []
        for round in 0..<120 { for s in sentences { lines.append(round % 2 == 0 ? s : "第\(round)節: " + s) } }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        bytes += [0x61, 0xFF, 0x0A]  // one line of invalid UTF-8
        let path = directory + "/corpus.txt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    func testTrainWritesTheFourFilesAndEncodeTextUsesThem() throws {
        let (directory, corpus) = try corpusFile()
        let output = directory + "/vocab/tiny"
        let train = try seiren(["train", "--model", "unigram", "--vocab-size", "380", corpus, "-o", output,
                                "--user-defined-symbol", "\\n", "--workers", "2"])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stderr.contains("skipped 1 lines of invalid UTF-8"), train.stderr)
        for file in ["tiny.model", "tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                     "tiny.vocab", "report.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/" + file), "missing \(file)")
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/report.json"))) as! [String: Any]
        let corpusReport = report["corpus"] as! [String: Any]
        XCTAssertEqual(corpusReport["skipped_invalid_utf8"] as? Int, 1)
        XCTAssertNotNil((report["held_out"] as! [String: Any])["tokens_per_character"] as? Double)
        XCTAssertNotNil(report["peak_memory_bytes"] as? Int)

        let encode = try seiren(["encode-text", "--tokenizer", output, "パッケージの設定"])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertTrue(encode.stdout.contains("decoded: \"パッケージの設定\""), encode.stdout)
    }

    /// By default a whole document round-trips: code indentation, repeated spaces, tabs and newlines survive
    /// encode and decode (sentencepiece's --remove-extra-whitespaces is off unless asked for).
    func testDocumentsRoundTripByDefault() throws {
        let (directory, corpus) = try corpusFile()
        let output = directory + "/vocab/tiny"
        let train = try seiren(["train", "--vocab-size", "380", corpus, "-o", output, "--user-defined-symbol", "\\n"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let document = "コードの例:\n\n    for (int i = 0; i < n; i++) {\n        total  +=  i;\n    }\n\tタブ  と  空白 \n"
        let encode = try seiren(["encode-text", "--tokenizer", output, document])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertTrue(encode.stdout.contains("decoded: \(document.debugDescription)"), encode.stdout)
        let squeezed = directory + "/vocab/squeezed"
        let trainSqueezed = try seiren(["train", "--vocab-size", "380", corpus, "-o", squeezed, "--remove-extra-whitespaces"])
        XCTAssertEqual(trainSqueezed.status, 0, trainSqueezed.stderr)
        let lossy = try seiren(["encode-text", "--tokenizer", squeezed, "a    b"])
        XCTAssertTrue(lossy.stdout.contains("decoded: \"a b\""), lossy.stdout)
    }

    func testBadInputFailsWithAMessageSayingWhatWouldWork() throws {
        let (directory, corpus) = try corpusFile()
        let tooSmall = try seiren(["train", "--vocab-size", "100", corpus, "-o", directory + "/small"])
        XCTAssertEqual(tooSmall.status, 1)
        XCTAssertTrue(tooSmall.stderr.contains("--vocab-size 359 or more"), tooSmall.stderr)

        let tooLarge = try seiren(["train", "--vocab-size", "50000", corpus, "-o", directory + "/large"])
        XCTAssertEqual(tooLarge.status, 1)
        XCTAssertTrue(tooLarge.stderr.contains("or less"), tooLarge.stderr)

        let empty = directory + "/empty.txt"
        try Data().write(to: URL(fileURLWithPath: empty))
        let nothing = try seiren(["train", "--vocab-size", "400", empty, "-o", directory + "/none"])
        XCTAssertEqual(nothing.status, 1)
        XCTAssertTrue(nothing.stderr.contains("no training text"), nothing.stderr)

        let missing = try seiren(["train", "--vocab-size", "400", directory + "/missing.jsonl", "-o", directory + "/m"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("missing.jsonl"), missing.stderr)
    }
}
