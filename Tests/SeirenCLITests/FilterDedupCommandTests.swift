import Foundation
import SeirenCore
import XCTest

/// Runs the built `seiren filter` and `seiren dedup` as a user would.
final class FilterDedupCommandTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "seiren-cli-fd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func seiren(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let binary = Bundle(for: FilterDedupCommandTests.self).bundleURL.deletingLastPathComponent()
            .appendingPathComponent("seiren")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, error)
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
        let run = try seiren(["filter", input, "-o", directory + "/f", "--rules", directory + "/rules.json",
                              "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.error)
        XCTAssertTrue(run.output.contains("3 documents in, 2 kept, 1 rejected"), run.output)
        XCTAssertTrue(run.output.contains("language: 1"), run.output)
        let report = try JSONParser.parse(try FileReader.readAll(directory + "/f/filter-report.json"))
        XCTAssertEqual(report["rejected_per_rule"]?["language"], .int(1))
    }

    func testFilterRejectsBadRulesWithOneLine() throws {
        let input = try writeInput()
        try #"[{"rule": "hiragana", "params": {}}]"#.write(toFile: directory + "/rules.json", atomically: true, encoding: .utf8)
        let run = try seiren(["filter", input, "-o", directory + "/f", "--rules", directory + "/rules.json"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.error.hasPrefix("seiren: "), run.error)
        XCTAssertTrue(run.error.contains("rules.json: rule 1: unknown rule hiragana"), run.error)
    }

    func testDedupRemovesExactDuplicate() throws {
        let input = try writeInput()
        let run = try seiren(["dedup", input, "-o", directory + "/d", "--exact", "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.error)
        XCTAssertTrue(run.output.contains("3 documents in, 2 kept, 1 rejected"), run.output)
        XCTAssertTrue(run.output.contains("exact_duplicate: 1"), run.output)
        let bad = try seiren(["dedup", input, "-o", directory + "/d2", "--bands", "20", "--rows", "8"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.error.contains("more than --hashes"), bad.error)
    }
}
