import SeirenZstd
import XCTest

final class ZstdTests: XCTestCase {
    func testRoundTrip() throws {
        let text = Array(String(repeating: "ブレーキ液の点検。Check the brake fluid. ", count: 5000).utf8)
        let compressed = try Zstd.compress(text)
        XCTAssertLessThan(compressed.count, text.count / 10)
        XCTAssertEqual(try Zstd.decompress(compressed), text)
    }

    func testEmptyInput() throws {
        let compressed = try Zstd.compress([])
        XCTAssertEqual(try Zstd.decompress(compressed), [])
    }

    func testSameInputGivesSameBytes() throws {
        let text = Array("決定的な出力".utf8)
        XCTAssertEqual(try Zstd.compress(text), try Zstd.compress(text))
    }

    func testTruncatedFrameIsReported() throws {
        let compressed = try Zstd.compress(Array(String(repeating: "点検手順 ", count: 20000).utf8))
        XCTAssertThrowsError(try Zstd.decompress(Array(compressed.prefix(compressed.count / 2)))) { error in
            XCTAssertEqual(error as? ZstdError, .truncated)
        }
    }

    func testCorruptDataIsReported() {
        XCTAssertThrowsError(try Zstd.decompress(Array("this is not zstd".utf8))) { error in
            guard case .library(let message)? = error as? ZstdError else { return XCTFail("\(error)") }
            XCTAssertFalse(message.isEmpty)
        }
    }

    func testReadableByTheZstdCommand() throws {
        let text = "zstd コマンドでも読める\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seiren-zstd-\(UUID()).zst")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(try Zstd.compress(Array(text.utf8))).write(to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zstd", "-dc", url.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), text)
    }
}
