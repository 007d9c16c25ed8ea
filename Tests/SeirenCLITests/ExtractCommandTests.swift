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
        XCTAssertEqual(document.id, "gnome-help-ja/help/a.page")
        XCTAssertEqual(document.source, "gnome-help-ja")
        XCTAssertEqual(document.text, "印刷\n用紙をセットします。\n```\nlpr  file\n```")
        XCTAssertEqual(document.metadata["license"]?.stringValue, "CC-BY-SA-3.0")
        let manifest = try DatasetManifest.read(directory: directory + "/out/rejects")
        XCTAssertEqual(manifest.shards.reduce(0) { $0 + $1.documents }, 1)
    }

    /// Ids are SOURCE/PATH, unique within the dataset even when two packages hold the same file name (and `~2`
    /// when even that repeats); `created` is the file's modification time.
    func testIdsAreUniqueAcrossSourcesAndCreatedIsTheFileTime() throws {
        let page = Data("<html><head><title>索引</title></head><body><h1>索引</h1><p>本文です。</p></body></html>".utf8)
        for package in ["pkg-a", "pkg-b"] {
            try FileManager.default.createDirectory(atPath: directory + "/\(package)/html", withIntermediateDirectories: true)
            let path = directory + "/\(package)/html/index.ja.html"
            try page.write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_577_934_245)], ofItemAtPath: path)
        }
        func documents(_ paths: [String], _ out: String) throws -> [Document] {
            let result = try CLI.seiren(["extract"] + paths.map { directory + "/" + $0 } + ["-o", directory + "/" + out])
            XCTAssertEqual(result.status, 0, result.stderr)
            var documents: [Document] = []
            for shard in try DatasetLocator.files(for: directory + "/" + out + "/documents") {
                let reader = try DocumentReader(path: shard, added: "")
                while case .document(let document, _)? = try reader.next() { documents.append(document) }
            }
            return documents
        }
        let packages = try documents(["pkg-a", "pkg-b"], "out-packages")
        XCTAssertEqual(packages.map(\.id), ["pkg-a/html/index.ja.html", "pkg-b/html/index.ja.html"])
        XCTAssertEqual(packages.map(\.source), ["pkg-a", "pkg-b"])
        XCTAssertEqual(packages.map(\.created), ["2020-01-02T03:04:05Z", "2020-01-02T03:04:05Z"])
        let sameName = try documents(["pkg-a/html", "pkg-b/html"], "out-same-name")
        XCTAssertEqual(sameName.map(\.id), ["html/index.ja.html", "html/index.ja.html~2"])
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

    /// `--format jsonl` goes through the same door as a manifest's jsonl source: documents are copied under the
    /// given source (the one they had kept as original_source), with the license added, and a line that is not a
    /// document is a reject.
    func testJSONLinesFormatCopiesDocumentsUnderTheSource() throws {
        let lines = [#"{"id": "x1", "text": "パッケージを入れます。", "source": "web"}"#, "not json",
                     #"{"id": "x2", "text": "設定を確かめます。", "source": "manuals"}"#]
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/in.jsonl", atomically: true, encoding: .utf8)
        let result = try CLI.seiren(["extract", "--format", "jsonl", directory + "/in.jsonl", "-o", directory + "/out",
                                     "--source", "manuals", "--license", "CC0-1.0", "--added", "2024-01-01T00:00:00Z"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 files in"), result.stderr)
        XCTAssertTrue(result.stderr.contains("2 documents out"), result.stderr)
        let shard = try XCTUnwrap(try DatasetLocator.files(for: directory + "/out/documents").first)
        let reader = try DocumentReader(path: shard, added: "")
        var documents: [Document] = []
        while case .document(let document, _)? = try reader.next() { documents.append(document) }
        XCTAssertEqual(documents.map(\.id), ["x1", "x2"])
        guard documents.count == 2 else { return }
        XCTAssertEqual(documents.map(\.source), ["manuals", "manuals"])
        XCTAssertEqual(documents[0].metadata["original_source"]?.stringValue, "web")
        XCTAssertNil(documents[1].metadata["original_source"])
        XCTAssertEqual(documents[1].metadata["license"]?.stringValue, "CC0-1.0")
        let rejects = try DatasetManifest.read(directory: directory + "/out/rejects")
        XCTAssertEqual(rejects.shards.reduce(0) { $0 + $1.documents }, 1)
    }
}
