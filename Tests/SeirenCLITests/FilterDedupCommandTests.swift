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

    /// `--lines` alone runs only the boilerplate-line removal: a line in more than --line-threshold documents leaves
    /// every one of them, and exact duplicates stay (the default --exact --minhash is off once a mode is named).
    func testDedupLinesAloneRemovesBoilerplateAndKeepsDuplicates() throws {
        let texts = ["パッケージを入れる前に、依存関係を確かめます。", "パッケージを入れる前に、依存関係を確かめます。",
                     "設定ファイルの場所を確かめておきましょう。", "再起動してから動作を確認してください。"]
        let lines = try texts.enumerated().map { i, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "d\(i)", "text": text + "\n© Example Corp."]),
                   as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/in.jsonl", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["dedup", directory + "/in.jsonl", "-o", directory + "/d", "--lines", "--line-threshold", "2",
                                  "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("4 documents in, 4 kept, 0 rejected"), run.stdout)
        XCTAssertTrue(run.stdout.contains("1 boilerplate lines, 4 removed from 4 documents"), run.stdout)
        var kept: [String] = []
        for file in try DatasetLocator.files(for: directory + "/d/documents") {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() {
                if case .document(let document, _) = record { kept.append(document.text) }
            }
        }
        XCTAssertEqual(kept, texts.map { $0 + "\n" })
    }

    /// `filter --statistics FILE` writes one line of statistics per input document, rejected ones included.
    func testFilterStatisticsHaveALinePerInputDocument() throws {
        let input = try writeInput()
        let run = try CLI.seiren(["filter", input, "-o", directory + "/f", "--preset", "manuals",
                                  "--statistics", directory + "/stats.jsonl", "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = try String(contentsOfFile: directory + "/stats.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(rows.map { $0["id"] as? String }, ["a", "b", "c"])
        XCTAssertTrue(rows.allSatisfy { $0["characters"] is Int && $0["japanese_fraction"] != nil }, "\(rows)")
    }

    /// The benchmark door `minhash-lines` signs every line at each vector level and reports the same checksum.
    func testMinHashLinesGivesTheSameSignaturesAtEveryLevel() throws {
        let lines = (0..<50).map { "第\($0)章 パッケージの設定と apt-get install package\($0) の使い方。" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/lines.txt", atomically: true, encoding: .utf8)
        var checksums = Set<String>()
        for level in ["portable", "avx2", "avx512", "avx512ifma"] {
            let run = try CLI.seiren(["minhash-lines", directory + "/lines.txt", "--repeat", "1", "--level", level])
            XCTAssertEqual(run.status, 0, run.stderr)
            let report = try JSONParser.parse(Array(run.stdout.utf8))
            XCTAssertEqual(report["documents"], .number("50"))
            if case .number(let checksum)? = report["checksum"] { checksums.insert(checksum) }
        }
        XCTAssertEqual(checksums.count, 1, "\(checksums)")
        let wrong = try CLI.seiren(["minhash-lines", directory + "/lines.txt", "--level", "sse9"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("--level must be one of"), wrong.stderr)
    }
}
