import Foundation
import XCTest
@testable import SeirenTokenizer

final class CorpusReaderTests: XCTestCase {
    /// Datasets (JSON Lines documents) and plain text both feed training; a bad record is counted, not fatal.
    func testReadsDatasetsAndTextFilesAndCountsBadRecords() throws {
        let directory = try temporaryDirectory()
        let documents = TrainingFixtures.lines().prefix(600).enumerated().map { index, line in
            "{\"id\":\"doc\(index)\",\"text\":\(jsonString(line + "\n" + line)),\"source\":\"test\",\"added\":\"2026-01-01T00:00:00Z\"}"
        }
        let jsonl = directory + "/docs.jsonl"
        try (documents + ["{not json"]).joined(separator: "\n").write(toFile: jsonl, atomically: true, encoding: .utf8)
        let text = directory + "/more.txt"
        try ["日本語の追加の行です。", "もう一行。"].joined(separator: "\n").write(toFile: text, atomically: true, encoding: .utf8)

        var settings = UnigramTrainingTests.settings()
        settings.heldOutEvery = 0
        let corpus = try TrainingCorpus(settings: settings)
        var warnings: [String] = []
        let summary = try CorpusReader().read([jsonl, text], into: corpus) { warnings.append($0) }
        XCTAssertEqual(summary.documents, 600)
        XCTAssertEqual(summary.badRecords, 1)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("docs.jsonl:601"), warnings[0])
        XCTAssertEqual(corpus.statistics.lines, 1200 + 2)
        let proto = try VocabularyTrainer(settings: settings).train(corpus)
        XCTAssertEqual(proto.pieces.count, 500)
    }

    private func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
