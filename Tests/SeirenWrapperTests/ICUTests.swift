import SeirenICU
import XCTest

final class ICUTests: XCTestCase {
    func testNFKCFoldsFullWidthAndHalfWidthForms() throws {
        // Full-width Latin and digits become ASCII; half-width katakana becomes full-width, joining the voiced mark.
        XCTAssertEqual(try ICU.normalize("ＡＢＣ１２３ ｶﾞｲﾄﾞ ㈱", to: .nfkc), "ABC123 ガイド (株)")
    }

    func testNFKCLeavesJapanesePunctuationAlone() throws {
        XCTAssertEqual(try ICU.normalize("「注意」・確認。", to: .nfkc), "「注意」・確認。")
    }

    func testNFCComposesAndCasefoldLowercases() throws {
        XCTAssertEqual(try ICU.normalize("か\u{3099}", to: .nfc), "が")
        XCTAssertEqual(try ICU.normalize("ＡＢＣ", to: .nfkcCasefold), "abc")
    }

    func testNormalizationCanGrowText() throws {
        // U+FDFA expands to 18 characters under NFKC: the buffer must grow.
        let text = String(repeating: "\u{FDFA}", count: 50)
        let result = try ICU.normalize(text, to: .nfkc)
        XCTAssertEqual(result.unicodeScalars.count, 18 * 50)
    }

    /// The byte door gives exactly the normalized String's bytes: already normalized, changed, grown and empty.
    func testNormalizedUTF8EqualsNormalizedString() throws {
        for text in ["「注意」・確認。", "ＡＢＣ１２３ ｶﾞｲﾄﾞ ㈱", String(repeating: "\u{FDFA}", count: 50), ""] {
            let bytes = try ICU.withNormalizedUTF8(text, to: .nfkc) { Array($0) }
            XCTAssertEqual(bytes, Array(try ICU.normalize(text, to: .nfkc).utf8), text)
        }
    }

    func testEmptyText() throws {
        XCTAssertEqual(try ICU.normalize("", to: .nfkc), "")
    }

    func testDetectsAndDecodesShiftJISAndEUCJP() throws {
        let text = "このマニュアルでは、装置の設置方法と日常の点検手順について説明します。作業の前に必ずお読みください。"
        let sjis = try XCTUnwrap(encode(text, as: "shift_jis"))
        let eucjp = try XCTUnwrap(encode(text, as: "euc_jp"))
        XCTAssertEqual(ICU.detectCharset(sjis)?.name, "Shift_JIS")
        XCTAssertEqual(ICU.detectCharset(eucjp)?.name, "EUC-JP")
        XCTAssertEqual(try ICU.decode(sjis, charset: "Shift_JIS"), text)
        XCTAssertEqual(try ICU.decode(eucjp, charset: "EUC-JP"), text)
    }

    func testStrictDecodingRefusesIllegalBytes() {
        XCTAssertThrowsError(try ICU.decode([0x82, 0xA0, 0xFF, 0xFF], charset: "Shift_JIS", strict: true))
        XCTAssertNoThrow(try ICU.decode([0x82, 0xA0, 0xFF, 0xFF], charset: "Shift_JIS", strict: false))
    }

    func testUnknownCharsetIsAnError() {
        XCTAssertThrowsError(try ICU.decode([0x41], charset: "no-such-charset")) { error in
            XCTAssertTrue("\(error)".contains("no-such-charset"), "\(error)")
        }
    }

    /// Encodes with Python's codecs (an independent implementation) so the test does not check ICU against itself.
    private func encode(_ text: String, as codec: String) throws -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode('utf-8').encode('\(codec)'))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}
