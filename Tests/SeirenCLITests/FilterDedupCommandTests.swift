import Foundation
import SeirenCore
import XCTest

/// Runs the built `seiren filter` and `seiren dedup` as a user would.
final class FilterDedupCommandTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    func writeInput() throws -> String {
        let prose = "パッケージを入れる前に、依存関係と設定ファイルの場所を確かめておきましょう。"
        let lines = [
            #"{"id": "a", "text": "\#(prose)"}"#,
            #"{"id": "b", "text": "\#(prose)"}"#,
            #"{"id": "c", "text": "Install the package first."}"#,
        ]
        let path = directory + "/in.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testFilterWithRulesFileAndReport() throws {
        let input = try writeInput()
        try #"[{"rule": "language", "params": {}}]"#.write(toFile: directory + "/rules.json", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["filter", input, "-o", directory + "/f", "--rules", directory + "/rules.json",
                              "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("3 documents in, 2 kept, 1 rejected"), run.stdout)
        XCTAssertTrue(run.stdout.contains("language: 1"), run.stdout)
        let report = try JSONParser.parse(try FileReader.readAll(directory + "/f/filter-report.json"))
        XCTAssertEqual(report["rejected_per_rule"]?["language"], .int(1))
    }

    func testFilterRejectsBadRulesWithOneLine() throws {
        let input = try writeInput()
        try #"[{"rule": "hiragana", "params": {}}]"#.write(toFile: directory + "/rules.json", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["filter", input, "-o", directory + "/f", "--rules", directory + "/rules.json"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("seiren: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("rules.json: rule 1: unknown rule hiragana"), run.stderr)
    }

    func testDedupRemovesExactDuplicate() throws {
        let input = try writeInput()
        let run = try CLI.seiren(["dedup", input, "-o", directory + "/d", "--exact", "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("3 documents in, 2 kept, 1 rejected"), run.stdout)
        XCTAssertTrue(run.stdout.contains("exact_duplicate: 1"), run.stdout)
        let bad = try CLI.seiren(["dedup", input, "-o", directory + "/d2", "--bands", "20", "--rows", "8"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("more than --hashes"), bad.stderr)
    }
}
