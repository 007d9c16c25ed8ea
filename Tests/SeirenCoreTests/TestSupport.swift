import Foundation
import SeirenCore
import XCTest

/// A fresh temporary directory for one test, removed afterwards.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("seiren-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
}

/// Runs `python3 -c script arguments...` (the system's python: the standard library's compressors make test files).
func runPython3(_ script: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "python3 -c \(script.prefix(80))")
}

func writeFile(_ path: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func readAllDocuments(_ path: String) throws -> [Document] {
    var documents: [Document] = []
    for file in try DatasetLocator.files(for: path) {
        let reader = try DocumentReader(path: file, added: "")
        while let record = try reader.next() {
            if case .document(let document, _) = record { documents.append(document) }
        }
    }
    return documents
}

/// Documents covering what shards must carry unchanged: Japanese, empty text, a long line, emoji, rare kanji,
/// control characters and quotes that need escaping.
func awkwardDocuments() -> [Document] {
    let texts = [
        "ブレーキ液の点検\n液面が「MIN」と「MAX」の間にあることを確認してください。",
        "",
        String(repeating: "長い行のテキスト。", count: 200_000),
        "表示ランプ 🚗💡🔴 👨‍👩‍👧 点灯",
        "𠮷野家、𩸽（ほっけ）、𠀋、髙橋、﨑",
        "tab\there \"quoted\" back\\slash \u{01} bell\u{07} nul-free controls\r\nCRLF",
        "ＡＢＣ１２３ ｶﾞｲﾄﾞ　全角スペース",
    ]
    return texts.enumerated().map { i, text in
        Document(id: "doc-\(i)", text: text, source: "test", added: "2024-01-01T00:00:00Z",
                 metadata: .object([("title", .string("文書\(i)")), ("n", .int(i))]))
    }
}
