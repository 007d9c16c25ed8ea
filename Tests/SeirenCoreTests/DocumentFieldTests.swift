import Foundation
import SeirenCore
import XCTest

/// No written record holds a key twice: a known field of the wrong type is refused with a reason (the line is kept
/// in rejects) instead of riding along as an "extra" field beside the one Seiren writes.
final class DocumentFieldTests: XCTestCase {
    private func read(_ line: String) throws -> DocumentReader.Record? {
        let dir = try temporaryDirectory(self)
        try writeFile(dir + "/one.jsonl", line + "\n")
        return try DocumentReader(path: dir + "/one.jsonl", added: "2024-01-01T00:00:00Z").next()
    }

    /// The top-level keys of a written line, in order, as a plain scan finds them (duplicates included).
    private func writtenKeys(_ document: Document) throws -> [String] {
        var writer = JSONWriter()
        document.jsonLine(into: &writer)
        let python = """
            import json, sys
            pairs = json.loads(sys.stdin.read(), object_pairs_hook=lambda p: p)
            print("\\n".join(k for k, _ in pairs))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", python]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(writer.bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func testMistypedKnownFieldsAreRejectedWithTheirReason() throws {
        let cases = [
            (#"{"text": "本文", "metadata": "x"}"#, "field 'metadata' is not an object"),
            (#"{"text": "本文", "metadata": [1, 2]}"#, "field 'metadata' is not an object"),
            (#"{"text": "本文", "added": 1700000000}"#, "field 'added' is not a string"),
            (#"{"text": "本文", "created": {"year": 2024}}"#, "field 'created' is not a string"),
            (#"{"text": "本文", "source": true}"#, "field 'source' is not a string"),
            (#"{"text": "本文", "id": ["a"]}"#, "field 'id' is not a string or a number"),
        ]
        for (line, reason) in cases {
            guard case .bad(let bad)? = try read(line) else { XCTFail("\(line) is refused"); continue }
            XCTAssertEqual(bad.reason, "not a document: " + reason, line)
            XCTAssertEqual(bad.raw, Array(line.utf8), "the line is kept whole for rejects/")
        }
    }

    func testNullKnownFieldsTakeTheirDefaultAndEveryKeyIsWrittenOnce() throws {
        let line = #"{"text": "本文", "id": null, "source": null, "added": null, "created": null, "metadata": null, "metadata": {"a": 1}, "extra": 1, "extra": 2}"#
        guard case .document(let document, _)? = try read(line) else { return XCTFail("a document") }
        XCTAssertEqual(document.added, "2024-01-01T00:00:00Z")
        XCTAssertEqual(document.source, "one")
        let keys = try writtenKeys(document)
        XCTAssertEqual(keys, ["id", "text", "source", "added", "metadata", "extra"])
        XCTAssertEqual(Set(keys).count, keys.count)
    }
}
