import Foundation
import XCTest

/// On a terminal, long work shows one progress line on stderr, rewritten in place, and clears it at the end; off a
/// terminal (as in every other test) nothing of it appears. The terminal is a pseudo-terminal made by `script`.
final class ProgressLineTests: XCTestCase {
    func testProgressLineOnATerminalOnly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("/usr/bin/script (util-linux) is needed to give seiren a terminal")
        }
        let directory = try temporaryDirectory(self)
        // Enough text that normalizing it takes well over the 0.2 s between two updates of the line.
        let paragraph = String(repeating: "ｈａｌｆ　ｗｉｄｔｈ ﾊﾟｯｹｰｼﾞ と全角の文章を正規化します。", count: 20)
        var lines = ""
        for i in 0..<6000 {
            let json = try JSONSerialization.data(withJSONObject: ["id": "d\(i)", "text": paragraph])
            lines += String(decoding: json, as: UTF8.self) + "\n"
        }
        try lines.write(toFile: directory + "/in.jsonl", atomically: true, encoding: .utf8)
        let command = [CLI.seiren, "normalize", directory + "/in.jsonl", "-o", directory + "/tty", "--workers", "1",
                       "--added", "2026-01-01T00:00:00Z"].map { "'\($0)'" }.joined(separator: " ")
        let onTerminal = try CLI.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        XCTAssertEqual(onTerminal.status, 0, onTerminal.stdout + onTerminal.stderr)
        XCTAssertTrue(onTerminal.stdout.contains("\r\u{1B}[Knormalize: "), onTerminal.stdout.debugDescription)
        XCTAssertTrue(onTerminal.stdout.contains(" documents, "), onTerminal.stdout.debugDescription)

        // --quiet (and --json, which implies it) keeps the terminal free of it: the summary only.
        let quietCommand = [CLI.seiren, "normalize", directory + "/in.jsonl", "-o", directory + "/quiet", "--workers", "1",
                            "--added", "2026-01-01T00:00:00Z", "--quiet"].map { "'\($0)'" }.joined(separator: " ")
        let quiet = try CLI.run("/usr/bin/script", ["-qec", quietCommand, "/dev/null"])
        XCTAssertEqual(quiet.status, 0, quiet.stdout + quiet.stderr)
        XCTAssertFalse(quiet.stdout.contains("\u{1B}[K"), quiet.stdout.debugDescription)
        XCTAssertTrue(quiet.stdout.contains("normalize: 6000 documents in"), quiet.stdout.debugDescription)

        let offTerminal = try CLI.seiren(["normalize", directory + "/in.jsonl", "-o", directory + "/plain", "--workers", "1",
                                          "--added", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(offTerminal.status, 0, offTerminal.stderr)
        XCTAssertFalse(offTerminal.stderr.contains("\u{1B}[K"), offTerminal.stderr.debugDescription)
    }
}
