import Foundation
import SeirenCore
import XCTest

/// `seiren normalize` and `seiren segment` run as a user would: real files in, a dataset out.
final class NormalizeSegmentCLITests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    /// seiren with a fixed SOURCE_DATE_EPOCH, so `added` is the same in every run.
    @discardableResult
    func run(_ arguments: [String]) throws -> CommandResult {
        try CLI.seiren(arguments, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    }

    func writeInput() throws -> String {
        let path = directory + "/input.jsonl"
        var lines: [String] = []
        for i in 0..<300 {
            lines.append(#"{"id":"doc\#(i)","text":"ﾃｽﾄ文書\#(i)　ＡＢＣ　です。\nスーパーーー","source":"t"}"#)
        }
        lines.insert(#"{"id":"empty","text":"\u200B　 ","source":"t"}"#, at: 5)
        lines.insert("not json", at: 9)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func readDocuments(_ directory: String) throws -> [JSONValue] {
        var documents: [JSONValue] = []
        for file in try DatasetLocator.files(for: directory) {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() {
                if case .document(let document, _) = record { documents.append(document.json) }
            }
        }
        return documents
    }

    func testNormalizeWritesDocumentsRejectsAndSettings() throws {
        let input = try writeInput()
        let result = try run(["normalize", input, "-o", directory + "/out", "--rule", "tildes=ascii"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let documents = try readDocuments(directory + "/out/documents")
        XCTAssertEqual(documents.count, 300)
        XCTAssertEqual(documents[0]["text"], "テスト文書0 ABCです。\nスーパー")  // 0 and A are both Latin: one space stays
        XCTAssertEqual(documents[0]["metadata"]?["seiren"]?["normalize"]?["rules"]?["tildes"], "ascii")
        let rejects = try readDocuments(directory + "/out/rejects")
        XCTAssertEqual(rejects.count, 2)  // the empty document and the line that is not JSON
        XCTAssertEqual(rejects.first { $0["id"] == "empty" }?["metadata"]?["seiren"]?["rejection"]?["reason"],
                       "empty after normalization")
        let manifest = try DatasetManifest.read(directory: directory + "/out/documents")
        XCTAssertEqual(manifest.settings["normalize"]?["preset"], "default")
        XCTAssertTrue(result.stderr.contains("300 out"), result.stderr)
    }

    func testNormalizeOutputIsTheSameForAnyWorkerCount() throws {
        let input = try writeInput()
        XCTAssertEqual(try run(["normalize", input, "-o", directory + "/one", "--workers", "1"]).status, 0)
        XCTAssertEqual(try run(["normalize", input, "-o", directory + "/two", "--workers", "2"]).status, 0)
        for part in ["documents", "rejects"] {
            let one = try DatasetManifest.read(directory: directory + "/one/" + part).shards.map(\.sha256)
            let two = try DatasetManifest.read(directory: directory + "/two/" + part).shards.map(\.sha256)
            XCTAssertEqual(one, two, part)
        }
    }

    func testBadSettingsAreOneLineErrors() throws {
        let input = try writeInput()
        let result = try run(["normalize", input, "-o", directory + "/out", "--rule", "nope=on"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("unknown rule 'nope'"), result.stderr)
        let missing = try run(["segment", input, "-o", directory + "/seg", "--dictionary", directory + "/nodic"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nodic"), missing.stderr)
    }

    func testSegmentWritesWakatiAndTokens() throws {
        let input = try writeInput()
        XCTAssertEqual(try run(["normalize", input, "-o", directory + "/norm"]).status, 0)
        let wakati = try run(["segment", directory + "/norm", "-o", directory + "/seg", "--workers", "2"])
        XCTAssertEqual(wakati.status, 0, wakati.stderr)
        let documents = try readDocuments(directory + "/seg/documents")
        XCTAssertEqual(documents.count, 300)
        XCTAssertEqual(documents[0]["segmented"], "テスト 文書 0 ABC です 。\nスーパー")
        XCTAssertEqual(documents[0]["metadata"]?["seiren"]?["segment"]?["dictionary"], "ipadic")
        let tokens = try run(["segment", directory + "/norm", "-o", directory + "/tok", "--mode", "tokens"])
        XCTAssertEqual(tokens.status, 0, tokens.stderr)
        let first = try XCTUnwrap(try readDocuments(directory + "/tok/documents").first)
        XCTAssertEqual(first["tokens"]?["surface"]?.arrayValue?.count, 7)
    }

    func testLineDoorsWriteOneLinePerLine() throws {
        let path = directory + "/lines.txt"
        try "ﾊﾝｶｸ　ｶﾅ\n\ncafé au lait\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["normalize-lines", path]).stdout, "ハンカクカナ\n\ncafé au lait\n")
        XCTAssertEqual(try run(["normalize-lines", path, "--preset", "neologdn"]).stdout, "ハンカクカナ\n\ncaféau lait\n")
        XCTAssertEqual(try run(["segment-lines", path]).stdout, "ﾊﾝｶｸ 　 ｶﾅ\n\ncafé au lait\n")
    }

    /// A line that is not UTF-8 stops every line door with the file and the line number, not a garbled output line.
    func testLineDoorsRefuseInvalidUTF8WithTheLineNumber() throws {
        let path = directory + "/bad.txt"
        try (Data("ok\nbad ".utf8) + [0xFF] + Data("\nok\n".utf8)).write(to: URL(fileURLWithPath: path))
        for command in ["normalize-lines", "segment-lines", "minhash-lines"] {
            let result = try run([command, path])
            XCTAssertEqual(result.status, 1, command)
            XCTAssertTrue(result.stderr.contains(path + ": line 2 is not valid UTF-8"), result.stderr)
        }
    }
}
