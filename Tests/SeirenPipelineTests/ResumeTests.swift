import Foundation
@testable import SeirenPipeline
import XCTest

/// A rerun keeps what is done: the document stages, the trained vocabulary and the token shards are each kept
/// while their fingerprint is unchanged, and a changed encode setting reruns encode only.
final class ResumeTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The shipped samples manifest, read from its folder (its relative paths are taken from there), OUT in `output`, and without the measure stage (which is
    /// always measured afresh, and needs a vocabulary outside the samples).
    private func samples(output: String, encode: String) throws -> PipelineManifest {
        var lines = try String(contentsOfFile: root + "/corpora-manifests/samples.yaml", encoding: .utf8)
            .replacingOccurrences(of: "output: ../out/samples", with: "output: \(output)")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let measure = try XCTUnwrap(lines.firstIndex(of: "  measure:"))
        lines.removeSubrange(measure...)
        let encodeLine = try XCTUnwrap(lines.firstIndex(of: "    tokenizer: trained"))
        lines.insert(contentsOf: encode.isEmpty ? [] : ["    " + encode], at: encodeLine + 1)
        // Its relative paths are taken from its folder.
        return try PipelineManifest.parse(lines.joined(separator: "\n") + "\n", file: root + "/corpora-manifests/samples.yaml")
    }

    private func run(_ manifest: PipelineManifest) throws -> [String] {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        _ = try PipelineRunner(manifest: manifest, workers: 2, showsProgress: false, log: { lines.all.append($0) }).run()
        return lines.all
    }

    func testRerunKeepsTrainAndEncodeAndAChangedEncodeSettingRerunsEncodeOnly() throws {
        let output = NSTemporaryDirectory() + "seiren-resume-tests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }

        let first = try run(try samples(output: output, encode: ""))
        XCTAssertFalse(first.contains { $0.contains("already done") }, "\(first)")
        let tokens = try Data(contentsOf: URL(fileURLWithPath: output + "/tokens/manifest.json"))

        let again = try run(try samples(output: output, encode: ""))
        for stage in ["extract", "normalize", "filter", "dedup"] {
            XCTAssertTrue(again.contains { $0.hasSuffix("\(stage): already done, kept") }, "\(stage): \(again)")
        }
        XCTAssertTrue(again.contains("[train] already done, kept"), "\(again)")
        XCTAssertTrue(again.contains("[encode] already done, kept"), "\(again)")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output + "/tokens/manifest.json")), tokens)

        let changed = try run(try samples(output: output, encode: "eod_id: 2"))
        XCTAssertTrue(changed.contains("[train] already done, kept"), "\(changed)")
        XCTAssertFalse(changed.contains("[encode] already done, kept"), "\(changed)")
        XCTAssertTrue(changed.contains { $0.hasPrefix("[encode] ") }, "\(changed)")
    }
}
