import Foundation
import XCTest
@testable import SeirenDedup

/// The lines phase's counts merged from sorted runs on disk equal the counts summed in memory.
final class LineCountRunsTests: XCTestCase {
    func testRunsOnDiskMergeToTheInMemorySum() throws {
        let directory = NSTemporaryDirectory() + "seiren-line-runs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SystemRandomNumberGenerator()
        var runs = try LineCountRuns(directory: directory)
        var total: [UInt64: Int32] = [:]
        for shard in 0..<7 {
            var counts = LineBoilerplate(threshold: 3)
            // Keys shared across shards (small values) and keys of one shard only (large values); an empty shard.
            for _ in 0..<(shard == 4 ? 0 : 2000) {
                let key = Bool.random(using: &generator) ? UInt64.random(in: 0..<300, using: &generator) : UInt64.random(in: 1 << 40 ..< 1 << 41, using: &generator)
                counts.add([key])
                total[key, default: 0] += 1
            }
            try runs.append(counts)
        }
        XCTAssertEqual(try runs.boilerplate(threshold: 3), total.filter { $0.value > 3 })
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "the runs are removed after the merge")
    }
}
