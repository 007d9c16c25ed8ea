import Foundation
@testable import SeirenCore
import SeirenZstd
import XCTest

/// Reading a long line costs time linear in its length, and the line limit bounds time as well as memory: a line
/// past twice the limit ends its file, however much more the file would decompress to.
final class LongLineTests: XCTestCase {
    /// Each byte is searched for a newline once: a 24 MiB line read in 1 MiB chunks is searched 24 MiB, not the
    /// 300 MiB a search restarting at the line's start would cover (what made 128 MiB lines take 19 s).
    func testALongLineIsSearchedOnce() throws {
        let dir = try temporaryDirectory(self)
        let length = 24 << 20
        var bytes = Array(#"{"text":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: length) + Array("\"}\n".utf8)
        bytes += Array(#"{"text":"次"}"#.utf8) + [0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/long.jsonl"))

        let reader = try LineReader(path: dir + "/long.jsonl")
        let first = try XCTUnwrap(try reader.next())
        XCTAssertEqual(first.line.count, length + 11)
        XCTAssertEqual(try XCTUnwrap(try reader.next()).number, 2)
        XCTAssertNil(try reader.next())
        XCTAssertLessThanOrEqual(reader.bytesSearched, reader.bytesRead)
    }

    func testALinePastTwiceTheLimitEndsItsFileAsDamage() throws {
        let dir = try temporaryDirectory(self)
        let long = #"{"text":""# + String(repeating: "a", count: 5000) + "\"}"
        try writeFile(dir + "/long.jsonl", #"{"text":"前"}"# + "\n" + long + "\n" + #"{"text":"後"}"# + "\n")
        let reader = try DocumentReader(path: dir + "/long.jsonl", added: "", maxLineBytes: 2000)
        guard case .document(let before, _)? = try reader.next() else { return XCTFail("the line before is read") }
        XCTAssertEqual(before.text, "前")
        guard case .bad(let bad)? = try reader.next() else { return XCTFail("the long line is a bad record") }
        XCTAssertEqual(bad.location.line, 2)
        XCTAssertTrue(bad.endsFile)
        XCTAssertEqual(bad.category, "line too long")
        XCTAssertTrue(bad.reason.contains("longer than 2000 bytes"), bad.reason)
        XCTAssertTrue(bad.reason.contains("the rest of the file is not read"), bad.reason)
        XCTAssertNil(try reader.next())
    }

    /// A small zstd file holding one line of 512 MiB: refused once twice the limit is read, not decompressed whole.
    func testACompressedHugeLineIsRefusedAtTheLimit() throws {
        let dir = try temporaryDirectory(self)
        let compressor = try ZstdCompressor(level: 1)
        let writer = try AtomicFileWriter(path: dir + "/bomb.jsonl.zst")
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        try Array(#"{"text":""#.utf8).withUnsafeBytes { try compressor.compress($0) { try writer.write($0) } }
        for _ in 0..<512 { try block.withUnsafeBytes { try compressor.compress($0) { try writer.write($0) } } }
        try Array("\"}\n".utf8).withUnsafeBytes { try compressor.compress($0) { try writer.write($0) } }
        try compressor.finish { try writer.write($0) }
        try writer.commit()
        XCTAssertLessThan(FileSystem.fileSize(dir + "/bomb.jsonl.zst")!, 1 << 20)

        let limit = 1 << 20
        let reader = try DocumentReader(path: dir + "/bomb.jsonl.zst", added: "", maxLineBytes: limit)
        guard case .bad(let bad)? = try reader.next() else { return XCTFail("the line is refused") }
        XCTAssertTrue(bad.endsFile, bad.reason)
        XCTAssertNil(try reader.next())
        // Read up to twice the limit and one more buffer, not 512 MiB.
        XCTAssertLessThan(reader.bytesRead, 2 * limit + (2 << 20))
    }

    /// gzip, xz and bzip2 are pulled one bounded step at a time, like zstd: a file that decompresses 300 times over
    /// never holds more than a line and one output buffer. The files are made by Python's own modules.
    func testCompressedInputsAreReadInBoundedMemory() throws {
        let dir = try temporaryDirectory(self)
        for (module, suffix) in [("gzip", "gz"), ("lzma", "xz"), ("bz2", "bz2")] {
            let path = "\(dir)/same.jsonl.\(suffix)"
            let script = "import sys, \(module); open(sys.argv[1], 'wb').write(\(module).compress('{\"text\":\"同じ行\"}\\n'.encode() * 300000))"
            try runPython3(script, [path])
            let reader = try LineReader(path: path)
            XCTAssertEqual(reader.compression.suffix, "." + suffix)
            var lines = 0
            while try reader.next() != nil { lines += 1 }
            XCTAssertEqual(lines, 300_000, suffix)
            XCTAssertLessThan(reader.peakBufferedBytes, 1 << 20, suffix)
        }
    }
}
