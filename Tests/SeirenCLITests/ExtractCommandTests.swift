import Foundation
import SeirenCore
import XCTest

/// `seiren extract` as a user runs it: a directory of manuals in, documents and rejects out, a summary on stderr.
final class ExtractCommandTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
        try FileSystem.createDirectory(directory + "/manuals/help")
        try AtomicFileWriter.write(Array("""
            <page xmlns="http://projectmallard.org/1.0/" id="a" xml:lang="ja"><title>印刷</title>
            <p>用紙を
            セットします。</p><screen>lpr  file</screen></page>
            """.utf8), to: directory + "/manuals/help/a.page")
        try AtomicFileWriter.write([], to: directory + "/manuals/empty.xml")
    }

    func testExtractWritesDocumentsRejectsAndASummary() throws {
        let result = try CLI.seiren(["extract", directory + "/manuals", "-o", directory + "/out", "--workers", "2",
                                 "--added", "2024-01-01T00:00:00Z", "--code", "mark", "--source", "gnome-help-ja",
                                 "--license", "CC-BY-SA-3.0"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("2 files in"), result.stderr)
        XCTAssertTrue(result.stderr.contains("1 documents out"), result.stderr)
        XCTAssertTrue(result.stderr.contains("empty: 1"), result.stderr)
        let reader = try DocumentReader(path: try DatasetLocator.files(for: directory + "/out/documents")[0], added: "")
        guard case .document(let document, _)? = try reader.next() else { return XCTFail("no document") }
        XCTAssertEqual(document.id, "help/a.page")
        XCTAssertEqual(document.source, "gnome-help-ja")
        XCTAssertEqual(document.text, "印刷\n用紙をセットします。\n```\nlpr  file\n```")
        XCTAssertEqual(document.metadata["license"]?.stringValue, "CC-BY-SA-3.0")
        let manifest = try DatasetManifest.read(directory: directory + "/out/rejects")
        XCTAssertEqual(manifest.shards.reduce(0) { $0 + $1.documents }, 1)
    }

    func testAMissingPathFailsTheRunAndWritesNothing() throws {
        let result = try CLI.seiren(["extract", directory + "/manuals", directory + "/no-such-manual.xml",
                                     "-o", directory + "/out"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("no-such-manual.xml: no such file or directory"), result.stderr)
        XCTAssertFalse(FileSystem.exists(directory + "/out"))
    }

    func testOutputSettingsOutOfRangeAreRefusedWithTheReason() throws {
        let cases: [([String], String)] = [
            (["--zstd-level", "0"], "--zstd-level must be from 1 to 19 (got 0)"),
            (["--zstd-level", "99"], "--zstd-level must be from 1 to 19 (got 99)"),
            (["--max-shard-bytes", "0"], "--max-shard-bytes must be a positive number of bytes (got 0)"),
            (["--added", "yesterday"], "--added 'yesterday' is not an ISO 8601 time such as 2024-01-01T00:00:00Z"),
        ]
        for (options, message) in cases {
            for command in [["extract", directory + "/manuals", "-o", directory + "/out"],
                            ["ingest", directory + "/manuals", "-o", directory + "/out.seiren", "--contributor", "acme",
                             "--license", "CC-BY-4.0", "--visibility", "public", "--dry-run"]] {
                let result = try CLI.seiren(command + options)
                XCTAssertNotEqual(result.status, 0, "\(command[0]) \(options)")
                XCTAssertTrue(result.stderr.contains(message), "\(command[0]) \(options): \(result.stderr)")
                XCTAssertFalse(FileSystem.exists(directory + "/out"))
            }
        }
    }

    func testBadSettingsFileIsAOneLineError() throws {
        let result = try CLI.seiren(["extract", directory + "/manuals", "-o", directory + "/out",
                                 "--xml-settings", directory + "/missing.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("seiren: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("missing.json"), result.stderr)
    }
}
