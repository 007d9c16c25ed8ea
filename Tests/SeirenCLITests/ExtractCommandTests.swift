import Foundation
import SeirenCore
import XCTest

/// `seiren extract` as a user runs it: a directory of manuals in, documents and rejects out, a summary on stderr.
final class ExtractCommandTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "seiren-extract-cli-\(UUID().uuidString)"
        try FileSystem.createDirectory(directory + "/manuals/help")
        try AtomicFileWriter.write(Array("""
            <page xmlns="http://projectmallard.org/1.0/" id="a" xml:lang="ja"><title>印刷</title>
            <p>用紙を
            セットします。</p><screen>lpr  file</screen></page>
            """.utf8), to: directory + "/manuals/help/a.page")
        try AtomicFileWriter.write([], to: directory + "/manuals/empty.xml")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private func seiren(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        // The binary sits beside the test bundle (on Linux the bundle is the test executable itself).
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL } + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        let binary = candidates.map { $0.appendingPathComponent("seiren") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        let process = Process()
        process.executableURL = try XCTUnwrap(binary, "the seiren binary is not built")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testExtractWritesDocumentsRejectsAndASummary() throws {
        let result = try seiren(["extract", directory + "/manuals", "-o", directory + "/out", "--workers", "2",
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

    func testBadSettingsFileIsAOneLineError() throws {
        let result = try seiren(["extract", directory + "/manuals", "-o", directory + "/out",
                                 "--xml-settings", directory + "/missing.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("seiren: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("missing.json"), result.stderr)
    }
}
