import SeirenCore
@testable import SeirenFilter
import XCTest

final class FilterStageTests: XCTestCase {
    func testEveryDocumentIsKeptOrRejectedWithAReason() throws {
        let directory = NSTemporaryDirectory() + "seiren-filter-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var lines: [String] = []
        for i in 0..<40 {
            let text = i % 3 == 0 ? "短い\(i)" : "これは\(i)番目の文書です。ひらがなを十分に含んでいます。"
            lines.append(JSONWriter.string(Document(id: "d\(i)", text: text, source: "t", added: "x").json))
        }
        lines.append("{not json")
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/in.jsonl", atomically: true, encoding: .utf8)
        let rules = try RuleSet(json: try JSONParser.parse(#"[{"rule": "characters", "params": {"min": 10}}]"#),
                                source: "test")
        let report = try FilterStage.run(inputs: [directory + "/in.jsonl"], output: directory + "/out", rules: rules,
                                         workers: 2, added: "2026-01-01T00:00:00Z")
        XCTAssertEqual(report.summary.documentsIn, 40)
        XCTAssertEqual(report.summary.documentsOut + report.summary.rejected, 40)
        XCTAssertEqual(report.summary.rejected, 14)
        XCTAssertEqual(report.summary.reasons["characters"], 14)
        XCTAssertEqual(report.summary.badRecords, 1)

        var kept = 0
        for file in try DatasetLocator.files(for: directory + "/out/documents") {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() { if case .document = record { kept += 1 } }
        }
        var rejected: [Rejection] = []
        for file in try DatasetLocator.files(for: directory + "/out/rejects") {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() {
                if case .document(let doc, _) = record { rejected.append(try XCTUnwrap(doc.rejection)) }
            }
        }
        XCTAssertEqual(kept, 26)
        XCTAssertEqual(rejected.count, 15)  // 14 documents and the bad line
        XCTAssertEqual(rejected.filter { $0.reason == "characters" }.count, 14)
        let first = try XCTUnwrap(rejected.first { $0.reason == "characters" })
        XCTAssertEqual(first.details.first { $0.0 == "rule" }?.1, .string("characters"))
        XCTAssertEqual(first.details.first { $0.0 == "threshold" }?.1, .double(10))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/out/filter-report.json"))
    }
}
