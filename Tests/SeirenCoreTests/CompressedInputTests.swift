import Foundation
import SeirenCore
import XCTest

/// gzip, xz and bzip2 input as zstd's: read whole when sound, and when damaged in the middle, the documents before
/// the damage come first and then one bad record that ends the file, naming the format's complaint.
final class CompressedInputTests: XCTestCase {
    /// A file made by Python's own module, with one byte flipped at `damageAt` (a fraction of its length) if asked.
    private func file(_ module: String, suffix: String, lines: Int, damageAt: Double? = nil) throws -> String {
        let dir = try temporaryDirectory(self)
        let path = "\(dir)/data.jsonl.\(suffix)"
        let script = """
            import sys, \(module)
            data = "".join('{"id": "d%d", "text": "文書%dの本文、番号%d。"}\\n' % (i, i, i * 7919 % 10007) for i in range(\(lines))).encode()
            out = bytearray(\(module).compress(data))
            where = \(damageAt.map { String($0) } ?? "None")
            if where is not None:
                out[int(len(out) * where)] ^= 0xFF
            open(sys.argv[1], "wb").write(bytes(out))
            """
        try runPython3(script, [path])
        return path
    }

    private func read(_ path: String) throws -> (documents: [Document], bad: [BadRecord]) {
        let reader = try DocumentReader(path: path, added: "")
        var documents: [Document] = []
        var bad: [BadRecord] = []
        while let record = try reader.next() {
            switch record {
            case .document(let document, _): documents.append(document)
            case .bad(let record): bad.append(record)
            }
        }
        return (documents, bad)
    }

    func testSoundFilesAreReadWhole() throws {
        for (module, suffix) in [("gzip", "gz"), ("lzma", "xz"), ("bz2", "bz2")] {
            let (documents, bad) = try read(try file(module, suffix: suffix, lines: 5000))
            XCTAssertEqual(documents.count, 5000, suffix)
            XCTAssertEqual(documents.last?.id, "d4999", suffix)
            XCTAssertEqual(documents[1234].text, "文書1234の本文、番号\(1234 * 7919 % 10007)。", suffix)
            XCTAssertTrue(bad.isEmpty, suffix)
        }
    }

    /// The formats check their data at the end of a block or stream, so what a damaged block decodes to before its
    /// check fails comes out first (as bad records, mostly); the check then ends the file with the damage record.
    func testDamageInTheMiddleEndsTheFileWithADamageRecord() throws {
        for (module, suffix, format) in [("gzip", "gz", "gzip"), ("lzma", "xz", "xz"), ("bz2", "bz2", "bzip2")] {
            // 60,000 lines: three bzip2 blocks, so the block before the damage is read.
            let (documents, bad) = try read(try file(module, suffix: suffix, lines: 60_000, damageAt: 0.6))
            let last = try XCTUnwrap(bad.last, suffix)
            XCTAssertTrue(last.endsFile, suffix)
            XCTAssertEqual(bad.filter(\.endsFile).count, 1, suffix)
            XCTAssertTrue(last.reason.contains("corrupt or truncated compressed data (\(format):"), last.reason)
            XCTAssertLessThan(documents.count, 60_000, suffix)
            // What came out before the damage is the file's own beginning, in order.
            for (i, document) in documents.prefix(1000).enumerated() { XCTAssertEqual(document.id, "d\(i)") }
            if suffix == "bz2" { XCTAssertGreaterThan(documents.count, 0, "the blocks before the damage are kept") }
        }
    }
}
