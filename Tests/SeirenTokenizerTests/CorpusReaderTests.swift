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

    /// Documents are prepared on the worker threads and added in input order: the corpus, the warnings and the
    /// trained model are the same for 1 and 3 threads, with a bad record in the middle of the batches.
    func testDatasetReadingIsTheSameForAnyThreadCount() throws {
        let directory = try temporaryDirectory()
        var documents = TrainingFixtures.lines().enumerated().map { index, line in
            "{\"id\":\"doc\(index)\",\"text\":\(jsonString(line + "\n" + line + "。追加"))}"
        }
        documents.insert("{broken", at: 700)
        let jsonl = directory + "/docs.jsonl"
        try documents.joined(separator: "\n").write(toFile: jsonl, atomically: true, encoding: .utf8)
        var models: [[UInt8]] = []
        var warningLists: [[String]] = []
        for threads in [1, 3] {
            var settings = UnigramTrainingTests.settings(threads: threads)
            settings.heldOutEvery = 7
            let corpus = try TrainingCorpus(settings: settings)
            var warnings: [String] = []
            let summary = try CorpusReader().read([jsonl], into: corpus) { warnings.append($0) }
            XCTAssertEqual(summary.documents, documents.count - 1)
            XCTAssertEqual(summary.badRecords, 1)
            warningLists.append(warnings)
            models.append(try VocabularyTrainer(settings: settings).train(corpus).serialized())
        }
        XCTAssertEqual(warningLists[0], warningLists[1])
        XCTAssertTrue(warningLists[0].first?.contains("docs.jsonl:701") ?? false, "\(warningLists[0])")
        XCTAssertEqual(models[0], models[1])
    }

    private func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
