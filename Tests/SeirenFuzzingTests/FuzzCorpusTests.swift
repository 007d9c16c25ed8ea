import Foundation
import SeirenFuzzing
import SeirenIngest
import XCTest

/// Every file of the fuzzing corpus (`Tests/Fuzz/corpus/TARGET/`: the seeds) and every input that once crashed or
/// hung a parser (`Tests/Fuzz/regressions/TARGET/`) goes through its target again on every test run: a bug found
/// by fuzzing stays fixed.
final class FuzzCorpusTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    private func inputs(_ kind: String, _ target: FuzzTarget) throws -> [String] {
        let folder = Self.root + "/" + kind + "/" + target.rawValue
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
    }

    func testEverySeedAndRegressionInputRunsThroughItsTarget() throws {
        var ran = 0
        for target in FuzzTarget.allCases {
            let seeds = try inputs("corpus", target)
            XCTAssertFalse(seeds.isEmpty, "no seed corpus for \(target.rawValue)")
            for file in seeds + (try inputs("regressions", target)) {
                target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                ran += 1
            }
        }
        XCTAssertGreaterThan(ran, 10)
    }

    func testTheBundleSeedOpensWithTheFuzzingKeys() throws {
        // So the fuzzer starts from a bundle that gets through signature, decryption and unpacking.
        let output = NSTemporaryDirectory() + "seiren-fuzz-seed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let entries = try BundleReader(path: Self.root + "/corpus/bundle/valid-consortium.seiren")
            .open(keys: FuzzKeys.consortium, contributor: FuzzKeys.member.signing.publicKey, into: output)
        XCTAssertEqual(entries.map(\.path), ["documents/a.jsonl", "ingest-manifest.json"])
    }
}
