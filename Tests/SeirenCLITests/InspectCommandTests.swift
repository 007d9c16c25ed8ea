import Foundation
import XCTest

final class InspectCommandTests: XCTestCase {
    private func shardSample() throws -> String {
        let out = try temporaryDirectory(self) + "/sample"
        let result = try CLI.seiren(["shard", "corpora-manifests/samples/manuals-sample.jsonl", "-o", out],
                                    environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return out
    }

    func testInspectsAStageOutput() throws {
        let out = try shardSample()
        let result = try CLI.seiren(["inspect", out, "--verify"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("documents   11"), result.stdout)
        XCTAssertTrue(result.stdout.contains("compression ratio"), result.stdout)
        XCTAssertTrue(result.stdout.contains("verified"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ブレーキ液の点検"), result.stdout)
        XCTAssertTrue(result.stdout.contains("rejected by shard: invalid JSON"), result.stdout)
    }

    func testInspectsASingleShardFile() throws {
        let out = try shardSample()
        let shard = try FileManager.default.contentsOfDirectory(atPath: out + "/documents").first { $0.hasSuffix(".zst") }!
        let result = try CLI.seiren(["inspect", out + "/documents/" + shard, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(report["documents"] as? Int, 11)
    }

    func testVerifyCatchesATamperedShard() throws {
        let out = try shardSample()
        let dir = out + "/documents"
        let shard = try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".zst") }!
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + shard))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir + "/" + shard))
        let result = try CLI.seiren(["inspect", dir, "--verify"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("PROBLEM"), result.stdout)
    }

    func testNotADatasetIsAClearError() throws {
        let dir = try temporaryDirectory(self)
        let result = try CLI.seiren(["inspect", dir])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("seiren: ") && result.stderr.contains("not a shard file"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
    }
}
