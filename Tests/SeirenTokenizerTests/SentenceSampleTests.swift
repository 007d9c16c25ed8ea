import SeirenCore
import XCTest
@testable import SeirenTokenizer

/// The bounded sentence sample: below its limit it changes nothing; above it, it keeps exactly the `limit` distinct
/// sentences with the smallest hashes, with exact counts, whatever the order of the input.
final class SentenceSampleTests: XCTestCase {
    private func sentences() -> [[UInt8]] {
        // 300 distinct sentences, sentence i repeated 1 + i % 4 times, interleaved.
        var all: [[UInt8]] = []
        for round in 0..<4 {
            for i in 0..<300 where i % 4 >= round { all.append(Array("文\(i)を点検します。".utf8)) }
        }
        return all
    }

    private func hash(_ sentence: [UInt8]) -> UInt64 { sentence.withUnsafeBytes { FastHash.bytes($0, seed: 0x5345_4E54) } }

    func testBelowTheLimitEverySentenceIsKeptInFirstSeenOrder() {
        var sample = SentenceSample(limit: 300)
        for sentence in sentences() { sample.add(sentence) }
        let (kept, counts) = sample.take()
        XCTAssertEqual(kept, (0..<300).map { Array("文\($0)を点検します。".utf8) })
        XCTAssertEqual(counts, (0..<300).map { 1 + $0 % 4 })
        XCTAssertEqual(sample.dropped, 0)
    }

    func testAboveTheLimitTheSmallestHashesAreKeptWithExactCountsInAnyOrder() {
        let input = sentences()
        let expected = Set((0..<300).map { Array("文\($0)を点検します。".utf8) }.sorted { hash($0) < hash($1) }.prefix(50))
        var results: [[[UInt8]: Int]] = []
        for order in [input, input.reversed(), input.shuffled(), input.shuffled()] {
            var sample = SentenceSample(limit: 50)
            for sentence in order { sample.add(sentence) }
            let (kept, counts) = sample.take()
            XCTAssertEqual(kept.count, 50)
            XCTAssertEqual(Set(kept), expected)
            for (sentence, count) in zip(kept, counts) {
                XCTAssertEqual(count, input.filter { $0 == sentence }.count, String(decoding: sentence, as: UTF8.self))
            }
            // First-seen order within the input given.
            let firstSeen = kept.map { sentence in order.firstIndex(of: sentence)! }
            XCTAssertEqual(firstSeen, firstSeen.sorted())
            results.append(Dictionary(uniqueKeysWithValues: zip(kept, counts)))
        }
        XCTAssertTrue(results.allSatisfy { $0 == results[0] })
    }

    func testTrainingOnASampleIsBoundedAndDeterministic() throws {
        var settings = UnigramTrainingTests.settings(vocabularySize: 500)
        settings.maxSentences = 400
        let corpus = try TrainingCorpus(settings: settings)
        for line in TrainingFixtures.lines() { corpus.add(line) }
        let model = try VocabularyTrainer(settings: settings).train(corpus)
        XCTAssertEqual(corpus.statistics.distinctSentences, 400)
        XCTAssertGreaterThan(corpus.statistics.sentencesSampledOut, 0)
        settings.threads = 1
        XCTAssertEqual(try UnigramTrainingTests.train(settings).serialized(), model.serialized())
    }
}
