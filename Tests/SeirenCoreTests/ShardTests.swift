import Foundation
@testable import SeirenCore
import SeirenZstd
import XCTest

final class ShardTests: XCTestCase {
    func testRoundTripOfAwkwardDocuments() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir + "/data", name: "t")
        let documents = awkwardDocuments()
        for document in documents { try writer.write(document) }
        let manifest = try writer.finish()
        XCTAssertEqual(manifest.documents, documents.count)
        XCTAssertEqual(manifest.characters, documents.reduce(0) { $0 + $1.text.unicodeScalars.count })
        XCTAssertEqual(try readAllDocuments(dir + "/data"), documents)
    }

    func testShardsAreCappedAndNamed() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir, name: "manuals", maxShardBytes: 2000)
        for i in 0..<50 {
            try writer.write(Document(id: "\(i)", text: String(repeating: "点検", count: 100), source: "s", added: "x"))
        }
        let manifest = try writer.finish()
        XCTAssertGreaterThan(manifest.shards.count, 10)
        XCTAssertEqual(manifest.shards.first?.path, "manuals-00000.jsonl.zst")
        XCTAssertEqual(manifest.shards[10].path, "manuals-00010.jsonl.zst")
        for shard in manifest.shards {
            // A shard passes the cap only when a single document is larger than the cap.
            XCTAssertTrue(shard.uncompressedBytes <= 2000 || shard.documents == 1)
        }
        XCTAssertEqual(manifest.documents, 50)
        XCTAssertEqual(try readAllDocuments(dir).map(\.id), (0..<50).map(String.init))
    }

    func testManifestChecksumsMatchTheFiles() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir, name: "m", maxShardBytes: 5000)
        for document in awkwardDocuments() { try writer.write(document) }
        try writer.finish()
        let manifest = try DatasetManifest.read(directory: dir)
        for shard in manifest.shards {
            XCTAssertEqual(try Hex.sha256(file: dir + "/" + shard.path), shard.sha256)
            XCTAssertEqual(FileSystem.fileSize(dir + "/" + shard.path), shard.bytes)
        }
    }

    func testNoTemporaryFilesAreLeft() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir, name: "m")
        try writer.write(Document(id: "1", text: "a", source: "s", added: "x"))
        try writer.finish()
        XCTAssertEqual(try FileSystem.contents(of: dir), ["README.md", "m-00000.jsonl.zst", "manifest.json"])
    }

    func testSameDocumentsGiveIdenticalBytes() throws {
        let dir = try temporaryDirectory(self)
        for name in ["a", "b"] {
            let writer = try DatasetWriter(directory: "\(dir)/\(name)", name: "same")
            for document in awkwardDocuments() { try writer.write(document) }
            try writer.finish()
        }
        for file in ["same-00000.jsonl.zst", "manifest.json"] {
            XCTAssertEqual(try FileReader.readAll("\(dir)/a/\(file)"), try FileReader.readAll("\(dir)/b/\(file)"))
        }
    }

    func testUnknownFieldsSurviveAndMissingOnesAreFilled() throws {
        let dir = try temporaryDirectory(self)
        try writeFile(dir + "/in.jsonl", #"{"text":"本文","attributes":{"score":[0.5]},"id":7}"# + "\n")
        let reader = try DocumentReader(path: dir + "/in.jsonl", added: "2024-05-01T00:00:00Z")
        guard case .document(let document, _)? = try reader.next() else { return XCTFail() }
        XCTAssertEqual(document.id, "7")
        XCTAssertEqual(document.source, "in")
        XCTAssertEqual(document.added, "2024-05-01T00:00:00Z")
        XCTAssertEqual(document.extra.first?.0, "attributes")
        XCTAssertEqual(JSONWriter.string(document.json),
                       #"{"id":"7","text":"本文","source":"in","added":"2024-05-01T00:00:00Z","metadata":{},"attributes":{"score":[0.5]}}"#)
    }

    func testReaderRecoversFromBadLines() throws {
        let dir = try temporaryDirectory(self)
        var bytes = Array(#"{"text":"一"}"#.utf8) + [0x0A]
        bytes += Array(#"{"text":"壊れた"#.utf8) + [0x0A]             // line 2: not JSON
        bytes += [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xE6, 0x97, 0x22, 0x7D, 0x0A] // line 3: bad UTF-8
        bytes += Array(#"{"title":"no text"}"#.utf8) + [0x0A]         // line 4: no text
        bytes += [0x0A]                                               // line 5: blank, skipped
        bytes += Array(#"{"text":"二"}"#.utf8)                          // line 6: no final newline
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/mixed.jsonl"))
        let reader = try DocumentReader(path: dir + "/mixed.jsonl", added: "")
        var good: [String] = []
        var bad: [(Int, String)] = []
        while let record = try reader.next() {
            switch record {
            case .document(let d, _): good.append(d.text)
            case .bad(let b): bad.append((b.location.line, b.category))
            }
        }
        XCTAssertEqual(good, ["一", "二"])
        XCTAssertEqual(bad.map(\.0), [2, 3, 4])
        XCTAssertEqual(bad.map(\.1), ["invalid JSON", "invalid UTF-8", "not a document"])
    }

    func testTruncatedShardIsReportedAsSuch() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir, name: "t")
        for i in 0..<2000 { try writer.write(Document(id: "\(i)", text: "文書\(i) " + String(repeating: "点検", count: 50), source: "s", added: "x")) }
        try writer.finish()
        let file = dir + "/t-00000.jsonl.zst"
        let full = try FileReader.readAll(file)
        try Data(full.prefix(full.count / 2)).write(to: URL(fileURLWithPath: file))
        let scan = try ShardScan.scan(file)
        XCTAssertGreaterThan(scan.documents, 0)
        XCTAssertLessThan(scan.documents, 2000)
        let failure = try XCTUnwrap(scan.failure)
        XCTAssertTrue(failure.contains(file) && failure.contains("truncated"), failure)
    }

    /// zstd can compress repetitive text a thousandfold: reading must pull output in bounded steps, not inflate a
    /// whole compressed chunk at once.
    func testHighlyCompressedShardIsReadInBoundedMemory() throws {
        let dir = try temporaryDirectory(self)
        let line = Array((#"{"text":"同じ行が何度も続きます。"}"# + "\n").utf8)
        let compressor = try ZstdCompressor(level: 19)
        let writer = try AtomicFileWriter(path: dir + "/same.jsonl.zst")
        let block = Array([[UInt8]](repeating: line, count: 10_000).joined())
        for _ in 0..<100 {
            try block.withUnsafeBytes { try compressor.compress($0) { try writer.write($0) } }
        }
        try compressor.finish { try writer.write($0) }
        try writer.commit()
        XCTAssertLessThan(FileSystem.fileSize(dir + "/same.jsonl.zst")!, 1 << 20, "the test needs a high ratio")
        let reader = try LineReader(path: dir + "/same.jsonl.zst")
        var lines = 0
        while try reader.next() != nil { lines += 1 }
        XCTAssertEqual(lines, 1_000_000)
        XCTAssertLessThan(reader.peakBufferedBytes, 1 << 20)
    }

    func testCorruptShardIsReportedAsSuch() throws {
        let dir = try temporaryDirectory(self)
        try writeFile(dir + "/bad.jsonl.zst", "not zstd at all")
        let scan = try ShardScan.scan(dir + "/bad.jsonl.zst")
        XCTAssertTrue(scan.failure?.contains("corrupt") == true, scan.failure ?? "no failure")
    }

    /// A line over the limit but within twice it is refused, and reading goes on (past that, see LongLineTests).
    func testHugeLinesAreRefusedAndReadingGoesOn() throws {
        let dir = try temporaryDirectory(self)
        let long = #"{"text":""# + String(repeating: "あ", count: 4000) + "\"}"
        try writeFile(dir + "/long.jsonl", long + "\n" + #"{"text":"短い"}"# + "\n")
        let reader = try DocumentReader(path: dir + "/long.jsonl", added: "", maxLineBytes: 7000)
        guard case .bad(let bad)? = try reader.next() else { return XCTFail() }
        XCTAssertEqual(bad.location.line, 1)
        XCTAssertEqual(bad.category, "line too long")
        guard case .document(let document, let location)? = try reader.next() else { return XCTFail() }
        XCTAssertEqual(document.text, "短い")
        XCTAssertEqual(location.line, 2)
    }

    func testMissingFileIsAClearError() {
        XCTAssertThrowsError(try DatasetLocator.files(for: "/nonexistent/data.jsonl")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/data.jsonl: no such file or directory")
        }
    }

    func testBrokenManifestsAreClearErrorsNamingTheManifest() throws {
        let dir = try temporaryDirectory(self)
        let writer = try DatasetWriter(directory: dir + "/data", name: "t")
        try writer.write(awkwardDocuments()[0])
        try writer.finish()
        let path = dir + "/data/manifest.json"
        let good = try String(contentsOfFile: path, encoding: .utf8)
        let cases: [(String, String)] = [
            ("{\"format\": ", "manifest is not valid JSON"),
            (good.replacingOccurrences(of: "seiren-dataset", with: "something-else"), "'format' is not seiren-dataset"),
            (good.replacingOccurrences(of: "\"shards\": [", with: "\"pieces\": ["), "no 'shards' list"),
            (good.replacingOccurrences(of: "\"path\": \"", with: "\"path\": \"../"), "leaves the dataset directory"),
        ]
        for (text, problem) in cases {
            XCTAssertNotEqual(text, good, problem)
            try writeFile(path, text)
            XCTAssertThrowsError(try DatasetLocator.files(for: dir + "/data"), problem) { error in
                XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(error)")
                XCTAssertTrue("\(error)".contains(problem), "\(error)")
            }
        }
    }

    func testADirectoryWithoutDocumentsIsNotADataset() throws {
        let dir = try temporaryDirectory(self)
        try writeFile(dir + "/notes.txt", "no documents here")
        XCTAssertThrowsError(try DatasetLocator.files(for: dir)) { error in
            XCTAssertEqual("\(error)", dir + ": no manifest.json and no JSON Lines files (.jsonl, .ndjson or .json, plain or .zst, .gz, .xz, .bz2)")
        }
    }

    func testRejectedBadRecordKeepsTheRawBytes() throws {
        let bad = BadRecord(location: RecordLocation(path: "f.jsonl", line: 3), reason: "invalid UTF-8 at byte 1",
                            raw: [0x41, 0xFF])
        let document = bad.asRejectedDocument(stage: "shard", added: "x")
        XCTAssertEqual(document.annotation("raw_base64"), .string("Qf8="))
        XCTAssertEqual(document.rejection?.stage, "shard")
        XCTAssertEqual(document.rejection?.details.first?.1, .string("f.jsonl"))
    }
}
