import Foundation
import XCTest

/// `seiren ingest` as a member company runs it, through the built binary.
final class IngestCLITests: XCTestCase {
    var work = ""

    override func setUpWithError() throws {
        work = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: work + "/manuals", withIntermediateDirectories: true)
        let lines = [
            #"{"id":"m1","text":"サービス窓口 03-1234-5678、担当 taro@example.co.jp。締付トルク 25 N·m、部品番号 ABC-1234-56。"}"#,
            #"{"id":"m2","text":"〒100-0001 東京都。改訂 2024年3月15日、ソフトウェア v10.0.19041。"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: work + "/manuals/a.jsonl", atomically: true, encoding: .utf8)
    }

    /// Runs seiren in the work folder, behind `prefix` (a command such as `unshare -n`) when one is given.
    @discardableResult
    func seiren(_ arguments: [String], prefix: [String] = []) throws -> CommandResult {
        guard let wrapper = prefix.first else { return try CLI.seiren(arguments, workingDirectory: work) }
        return try CLI.run(wrapper, prefix.dropFirst() + [CLI.seiren] + arguments, workingDirectory: work)
    }

    func makeKeysAndBundle(prefix: [String] = []) throws {
        XCTAssertEqual(try seiren(["ingest", "keygen", "--out", "consortium"], prefix: prefix).status, 0)
        XCTAssertEqual(try seiren(["ingest", "keygen", "--out", "member"], prefix: prefix).status, 0)
        let made = try seiren(["ingest", "--contributor", "acme", "--license", "CC-BY-4.0", "--visibility", "consortium",
                               "manuals", "-o", "acme.seiren", "--recipient", "consortium.pub",
                               "--signing-key", "member.key", "--added", "2024-01-01T00:00:00Z"], prefix: prefix)
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    func testKeygenIngestVerifyOpen() throws {
        try makeKeysAndBundle()
        let attributes = try FileManager.default.attributesOfItem(atPath: work + "/member.key")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let verified = try seiren(["ingest", "verify", "acme.seiren", "--contributor-key", "member.pub"])
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertTrue(verified.stdout.contains("OK"), verified.stdout)
        let opened = try seiren(["ingest", "open", "acme.seiren", "--key", "consortium.key", "-o", "received"])
        XCTAssertEqual(opened.status, 0, opened.stderr)
        let report = try String(contentsOfFile: work + "/received/redaction-report.json", encoding: .utf8)
        XCTAssertTrue(report.contains("\"phone\": 1"), report)
        XCTAssertTrue(report.contains("\"postal_code\": 1"), report)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/received/documents/manifest.json"))
    }

    func testDryRunShowsPositionsAndWritesNothing() throws {
        let run = try seiren(["ingest", "--contributor", "acme", "--license", "CC-BY-4.0", "--visibility", "consortium",
                              "manuals", "--dry-run"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("m1: text phone@7+12, text email@23+18"), run.stdout)
        XCTAssertTrue(run.stdout.contains("m2: text postal_code@1+8"), run.stdout)
        XCTAssertFalse(run.stdout.contains("03-1234-5678"), "dry run never prints the values")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work), ["manuals"])
    }

    func testDamagedTruncatedAndMisaddressedBundlesAreRefused() throws {
        try makeKeysAndBundle()
        XCTAssertEqual(try seiren(["ingest", "keygen", "--out", "other"]).status, 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: work + "/acme.seiren")))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: work + "/flipped.seiren"))
        try Data(bytes[0..<(bytes.count - 30)]).write(to: URL(fileURLWithPath: work + "/cut.seiren"))
        let cases: [([String], String)] = [
            (["ingest", "verify", "flipped.seiren"], "modified"),
            (["ingest", "open", "flipped.seiren", "--key", "consortium.key", "-o", "x1"], "modified"),
            (["ingest", "verify", "cut.seiren"], "truncated"),
            (["ingest", "open", "acme.seiren", "--key", "other.key", "-o", "x2"], "addressed to recipient key"),
            (["ingest", "verify", "acme.seiren", "--contributor-key", "other.pub"], "not by the expected key"),
        ]
        for (arguments, message) in cases {
            let result = try seiren(arguments)
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix("seiren: ") && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/x1"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/x2"))
    }

    /// The whole flow inside a network namespace with no interfaces (skipped where namespaces are not allowed).
    func testRunsWithoutNetwork() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["unshare", "-n", "true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { throw XCTSkip("unshare is not available") }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw XCTSkip("network namespaces are not allowed here (unshare -n failed)") }
        try makeKeysAndBundle(prefix: ["unshare", "-n"])
        let opened = try seiren(["ingest", "open", "acme.seiren", "--key", "consortium.key", "-o", "received"],
                                prefix: ["unshare", "-n"])
        XCTAssertEqual(opened.status, 0, opened.stderr)
    }
}
