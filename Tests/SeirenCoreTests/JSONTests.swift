import Foundation
@testable import SeirenCore
import XCTest

final class JSONTests: XCTestCase {
    /// A repeated key keeps its first place and takes the last value (as Python's json), in small objects and in
    /// large ones, where an index keeps parsing linear in the number of keys.
    func testRepeatedKeysKeepTheFirstPlaceAndTheLastValue() throws {
        for count in [3, 100, 20_000] {
            let keys = (0..<count).map { "\"k\($0)\": \($0)" } + ["\"k1\": \"again\"", "\"k\(count - 1)\": \"last\""]
            let pairs = try XCTUnwrap(JSONParser.parse("{" + keys.joined(separator: ",") + "}").objectValue)
            XCTAssertEqual(pairs.count, count)
            XCTAssertEqual(pairs.map(\.0), (0..<count).map { "k\($0)" })
            XCTAssertEqual(pairs[1].1, .string("again"))
            XCTAssertEqual(pairs[count - 1].1, .string("last"))
            XCTAssertEqual(pairs[0].1, .number("0"))
        }
    }

    func testRoundTripKeepsKeyOrderAndNumbers() throws {
        let text = #"{"z":1,"a":[true,false,null,-0.5,1e9],"m":{"日本語":"テキスト","x":""}}"#
        let value = try JSONParser.parse(text)
        XCTAssertEqual(JSONWriter.string(value), text)
    }

    func testWritesRawUTF8NotEscapes() {
        let bytes = JSONWriter.serialize(.string("日本語🚗"))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\"日本語🚗\"")
    }

    func testEscapesWhatJSONRequires() throws {
        let s = "q\"b\\n\nt\tc\u{01}"
        let written = JSONWriter.string(.string(s))
        XCTAssertEqual(written, #""q\"b\\n\nt\tc\u0001""#)
        XCTAssertEqual(try JSONParser.parse(written), .string(s))
    }

    func testRandomStringsRoundTrip() throws {
        // Escapes at every offset around the 8-byte fast path.
        let pieces = ["あ", "a", "\"", "\\", "\n", "\u{1F}", "\u{7F}", "🚗", "漢字", " ", "\t", "/"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let s = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            let written = JSONWriter.string(.string(s))
            XCTAssertEqual(try JSONParser.parse(written), .string(s), written)
            XCTAssertFalse(written.dropFirst().dropLast().unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    func testScalarCountMatchesTheStandardLibrary() {
        for s in ["", "abc", "日本語テキスト", "🚗👨‍👩‍👧𠮷", String(repeating: "é漢a", count: 37)] {
            XCTAssertEqual(s.scalarCount, s.unicodeScalars.count, s)
        }
    }

    func testDecodesEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try JSONParser.parse(#""\u65e5\u672c \ud83d\ude97 \/""#), .string("日本 🚗 /"))
    }

    func testRejectsLoneSurrogates() {
        XCTAssertThrowsError(try JSONParser.parse(#""\ud83d""#))
        XCTAssertThrowsError(try JSONParser.parse(#""\ude97x""#))
    }

    func testRejectsInvalidUTF8WithOffset() {
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0x41, 0xFF, 0x22])) { error in
            XCTAssertEqual(error as? JSONParseError, JSONParseError(offset: 2, reason: "invalid UTF-8"))
        }
        // Overlong encoding and an encoded surrogate are not UTF-8 either.
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]))
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]))
    }

    func testRejectsMalformedJSON() {
        for bad in ["", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"abc", "{} x", "\"a\nb\""] {
            XCTAssertThrowsError(try JSONParser.parse(bad), "accepted \(bad)")
        }
    }

    func testDeepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nesting"))
        }
    }

    func testUTF8ValidationAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &generator)).map { _ in
                UInt8.random(in: [0, 0x7F, 0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xFF].randomElement()!...0xFF)
            }
            let ours = UTF8Validation.isValid(bytes)
            let stdlib = String(validating: bytes, as: UTF8.self) != nil
            XCTAssertEqual(ours, stdlib, "\(bytes)")
        }
    }

    func testPrettyOutputParsesBack() throws {
        let value: JSONValue = ["a": [1, 2, ["b": "日本"]], "empty": [:], "list": []]
        XCTAssertEqual(try JSONParser.parse(JSONWriter.string(value, pretty: true)), value)
    }

    /// Every JSON file Seiren writes has one form: two spaces a level, keys in the given order, raw UTF-8, a final
    /// newline; and it is written whole (renamed into place, no temporary file left beside it).
    func testJSONFilesArePrettyInKeyOrderWithAFinalNewline() throws {
        let value = JSONValue.object([("z", .number("1")), ("a", .array([.string("日本"), .object([])])), ("m", .null)])
        let expected = "{\n  \"z\": 1,\n  \"a\": [\n    \"日本\",\n    {}\n  ],\n  \"m\": null\n}\n"
        XCTAssertEqual(String(decoding: JSONFile.bytes(value), as: UTF8.self), expected)
        let folder = try FileSystem.createExclusiveDirectory(prefix: NSTemporaryDirectory() + "seiren-json-")
        defer { try? FileSystem.removeTree(folder) }
        try JSONFile.write(value, to: folder + "/report.json")
        XCTAssertEqual(String(decoding: try FileReader.readAll(folder + "/report.json"), as: UTF8.self), expected)
        XCTAssertEqual(try FileSystem.contents(of: folder), ["report.json"])
    }
}
