import Foundation
@testable import SeirenCore
import XCTest

final class StageRunnerTests: XCTestCase {
    func testOrderedParallelMapKeepsOrder() throws {
        var items = (0..<1000).makeIterator()
        var out: [Int] = []
        try orderedParallelMap(workers: 4, next: { items.next() }, transform: { i -> Int in
            if i % 7 == 0 { usleep(100) }  // uneven work, so results finish out of order
            return i * 2
        }, consume: { out.append($0) })
        XCTAssertEqual(out, (0..<1000).map { $0 * 2 })
    }

    func testOrderedParallelMapPropagatesErrors() {
        struct Boom: Error {}
        var items = (0..<100).makeIterator()
        XCTAssertThrowsError(try orderedParallelMap(workers: 2, next: { items.next() }, transform: { i -> Int in
            if i == 42 { throw Boom() }
            return i
        }, consume: { _ in }))
    }

    /// The ranges cover 0..<count in order without gaps, and do not depend on the number of workers.
    func testOrderedParallelChunksCutTheSameRangesForAnyWorkerCount() throws {
        func ranges(workers: Int, count: Int, chunks: Int) throws -> [Range<Int>] {
            var out: [Range<Int>] = []
            try orderedParallelChunks(count: count, chunks: chunks, workers: workers, transform: { $0 },
                                      consume: { out.append($0) })
            return out
        }
        for (count, chunks) in [(1000, 64), (10, 64), (1, 8), (0, 8)] {
            let one = try ranges(workers: 1, count: count, chunks: chunks)
            XCTAssertEqual(one, try ranges(workers: 3, count: count, chunks: chunks))
            XCTAssertEqual(one.count, max(1, min(chunks, count)))
            XCTAssertEqual(one.first?.lowerBound, 0)
            XCTAssertEqual(one.last?.upperBound, count)
            XCTAssertTrue(zip(one, one.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
    }

    /// Writes a JSON Lines input with good, rejected and broken records.
    private func makeInput(_ dir: String) throws -> String {
        var lines: [String] = []
        for i in 0..<3000 {
            if i % 500 == 7 { lines.append("{broken json \(i)"); continue }
            lines.append(#"{"id":"d\#(i)","text":"文書\#(i)。\#(String(repeating: "点検", count: i % 13))"}"#)
        }
        let path = dir + "/input.jsonl"
        try writeFile(path, lines.joined(separator: "\n") + "\n")
        return path
    }

    private func run(workers: Int, input: String, out: String) throws -> StageSummary {
        let output = try StageOutput(directory: out, settings: ["stage": "test"], maxShardBytes: 20_000)
        let runner = DocumentStageRunner(stage: "test", inputs: [input], output: output, workers: workers,
                                         batchSize: 64, added: "2024-01-01T00:00:00Z")
        let summary = try runner.run {
            { document in
                if document.characterCount < 5 { return .reject(document, Rejection(stage: "test", reason: "too_short")) }
                var changed = document
                changed.text = document.text.uppercased()
                return .keep(changed)
            }
        }
        try output.finish()
        return summary
    }

    func testEveryRecordIsAccountedFor() throws {
        let dir = try temporaryDirectory(self)
        let input = try makeInput(dir)
        let summary = try run(workers: 2, input: input, out: dir + "/out")
        let kept = try DatasetManifest.read(directory: dir + "/out/documents").documents
        let rejects = try DatasetManifest.read(directory: dir + "/out/rejects").documents
        XCTAssertEqual(summary.badRecords, 6)
        XCTAssertEqual(kept + rejects, 3000)
        XCTAssertEqual(summary.documentsIn + summary.badRecords, 3000)
        XCTAssertEqual(summary.reasons["too_short"], summary.rejected)
    }

    func testOutputIsIdenticalForOneAndManyWorkers() throws {
        let dir = try temporaryDirectory(self)
        let input = try makeInput(dir)
        _ = try run(workers: 1, input: input, out: dir + "/one/out")
        _ = try run(workers: 3, input: input, out: dir + "/three/out")
        for part in ["documents", "rejects"] {
            let a = try FileSystem.files(under: "\(dir)/one/out/\(part)").map { try Hex.sha256(file: $0) }
            let b = try FileSystem.files(under: "\(dir)/three/out/\(part)").map { try Hex.sha256(file: $0) }
            XCTAssertGreaterThanOrEqual(a.count, 2)
            XCTAssertEqual(a, b)
        }
    }
}
