import Foundation
import SeirenCore
import XCTest

/// Each stage's settings check themselves, so the command line and a manifest refuse the same values with the same
/// reason; only the setting's name is spelled each surface's way (`--vocab-size`, `stages.train.vocab_size`).
final class SettingsAgreementTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
        try #"{"id": "a", "text": "パッケージを入れる前に、依存関係を確かめます。"}"#.write(toFile: directory + "/in.jsonl", atomically: true,
                                                                                    encoding: .utf8)
    }

    /// The reason `seiren run` gives for a manifest whose `stage` section is `section`.
    private func manifestReason(_ stage: String, _ section: String, key: String) throws -> String {
        let manifest = """
            name: t
            output: \(directory)/run
            sources:
              - {name: s, paths: [\(directory)/in.jsonl], format: jsonl}
            stages:
              \(stage): {\(section)}

            """
        try manifest.write(toFile: directory + "/m.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["run", directory + "/m.yaml"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let prefix = "stages.\(stage).\(key): "
        guard let range = run.stderr.range(of: prefix) else { XCTFail(run.stderr); return "" }
        return run.stderr[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The reason a command gives for `arguments`.
    private func commandReason(_ arguments: [String], option: String) throws -> String {
        let run = try CLI.seiren(arguments)
        XCTAssertEqual(run.status, 1, run.stderr)
        let prefix = "seiren: \(option): "
        guard run.stderr.hasPrefix(prefix) else { XCTFail(run.stderr); return "" }
        return run.stderr.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testTrainRefusesTheSameValuesForTheSameReason() throws {
        let cases: [(key: String, value: String, reason: String)] = [
            ("vocab_size", "0", "0 is outside 1...2147483647"),
            // sentencepiece's own limits: coverage 0.98...1, pieces of 1...512 characters, sentences of 10 bytes up.
            ("character_coverage", "0.9", "0.9 is outside 0.98...1.0"),
            ("max_piece_length", "513", "513 is outside 1...512"),
            ("held_out_every", "-1", "-1 is outside 0...2147483647"),
            ("max_sentences", "-1", "-1 is outside 0...2147483647"),
        ]
        for (key, value, reason) in cases {
            let option = "--" + key.replacingOccurrences(of: "_", with: "-")
            var arguments = ["train", directory + "/in.jsonl", "-o", directory + "/vocab/v", option + "=" + value]
            if key != "vocab_size" { arguments += ["--vocab-size", "400"] }
            let section = key == "vocab_size" ? "vocab_size: \(value)" : "vocab_size: 400, \(key): \(value)"
            XCTAssertEqual(try commandReason(arguments, option: option), reason, key)
            XCTAssertEqual(try manifestReason("train", section, key: key), reason, key)
        }
    }

    func testDedupRefusesTheSameValuesForTheSameReason() throws {
        for (key, value, reason) in [("ngram", "65", "65 is outside 1...64"), ("bands", "0", "0 is outside 1...4096"),
                                     ("threshold", "1.5", "1.5 is outside 0.0...1.0")] {
            let option = "--" + key
            let arguments = ["dedup", directory + "/in.jsonl", "-o", directory + "/d", option + "=" + value]
            XCTAssertEqual(try commandReason(arguments, option: option), reason, key)
            XCTAssertEqual(try manifestReason("dedup", "\(key): \(value)", key: key), reason, key)
        }
        // A reason about several settings names each the surface's way.
        let command = try CLI.seiren(["dedup", directory + "/in.jsonl", "-o", directory + "/d", "--bands", "20"])
        XCTAssertTrue(command.stderr.contains("seiren: --bands × --rows (160) is more than --hashes (128)"), command.stderr)
        try "name: t\noutput: \(directory)/run\nsources: [{name: s, paths: [\(directory)/in.jsonl], format: jsonl}]\nstages: {dedup: {bands: 20}}\n"
            .write(toFile: directory + "/m.yaml", atomically: true, encoding: .utf8)
        let manifest = try CLI.seiren(["run", directory + "/m.yaml"])
        XCTAssertTrue(manifest.stderr.contains("stages.dedup: bands × rows (160) is more than hashes (128)"), manifest.stderr)
    }

    func testEncodeRefusesTheSameEndOfDocumentIds() throws {
        let reason = "-1 is outside 0...2147483647"
        XCTAssertEqual(try commandReason(["encode", "--tokenizer", directory + "/none.model", directory + "/in.jsonl",
                                          "-o", directory + "/tokens", "--eod-id=-1"], option: "--eod-id"), reason)
        XCTAssertEqual(try manifestReason("encode", "tokenizer: none.model, eod_id: -1", key: "eod_id"), reason)
    }

    func testExtractRefusesTheSameFileSizeLimits() throws {
        let reason = "0 is outside 1...2147483647"
        XCTAssertEqual(try commandReason(["extract", directory + "/in.jsonl", "-o", directory + "/x", "--max-file-bytes=0"],
                                         option: "--max-file-bytes"), reason)
        XCTAssertEqual(try manifestReason("extract", "max_file_bytes: 0", key: "max_file_bytes"), reason)
    }
}
