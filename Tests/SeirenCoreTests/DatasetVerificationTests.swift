import Foundation
@testable import SeirenCore
import XCTest

/// Verification reads every shard against the manifest: a whole dataset passes with its first documents as
/// samples; a missing shard and a shard replaced by another's bytes are each named.
final class DatasetVerificationTests: XCTestCase {
    func testWholeDatasetPassesAndDamageIsNamed() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir, name: "v", maxShardBytes: 2000)
        for i in 0..<30 {
            try writer.write(Document(id: "\(i)", text: String(repeating: "点検\(i)", count: 60), source: "s", added: "x"))
        }
        let manifest = try writer.finish()
        XCTAssertGreaterThan(manifest.shards.count, 3)

        let whole = try DatasetVerification(directory: dir, manifest: manifest, samples: 2)
        XCTAssertTrue(whole.isValid, "\(whole.problems)")
        XCTAssertEqual(whole.samples.map(\.id), ["0", "1"])

        let first = manifest.shards[0].path, second = manifest.shards[1].path
        try FileManager.default.removeItem(atPath: dir + "/" + first)
        try FileManager.default.copyItem(atPath: dir + "/" + manifest.shards[2].path, toPath: dir + "/" + first)
        try FileManager.default.removeItem(atPath: dir + "/" + second)
        let damaged = try DatasetVerification(directory: dir, manifest: manifest)
        XCTAssertFalse(damaged.isValid)
        XCTAssertTrue(damaged.problems.contains { $0.hasPrefix(first + ": sha256") }, "\(damaged.problems)")
        XCTAssertTrue(damaged.problems.contains("\(second): missing"), "\(damaged.problems)")
    }
}
