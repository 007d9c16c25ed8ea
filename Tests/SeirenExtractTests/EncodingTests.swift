import Foundation
import XCTest
@testable import SeirenExtract

/// Declared encodings are checked against the bytes; undeclared Japanese encodings are detected, decoded strictly and
/// recorded in metadata.
final class EncodingTests: XCTestCase {
    private func extractOne(_ name: String, _ bytes: [UInt8]) throws -> ExtractHarness.Result {
        let harness = try ExtractHarness()
        try harness.write(name, bytes)
        return try harness.run()
    }

    func testUndeclaredShiftJIS() throws {
        let result = try extractOne("sjis.xml", Fixtures.shiftJIS)
        XCTAssertEqual(result.documents.first?.text, Fixtures.shiftJISText)
        XCTAssertEqual(result.documents.first?.meta("encoding"), "Shift_JIS")
        XCTAssertEqual(result.documents.first?.meta("encoding_source"), "detected")
    }

    func testUndeclaredWindowsShiftJISWithVendorCharacters() throws {
        // ①, ㈱ (NEC row 13), 髙 (IBM extension) and ～ are everyday characters in Japanese manuals written on
        // Windows (code page 932).
        let bytes = Array(Data(base64Encoded: "PD94bWwgdmVyc2lvbj0iMS4wIj8+CjxhcnRpY2xlPjx0aXRsZT6O6I+Hh0A8L3RpdGxlPjxwYXJhPoeKkLiYQoLM7uCLtIKzgvGCqoFggvCKbZRGgrWC3IK3gUI8L3BhcmE+PC9hcnRpY2xlPgo=")!)
        let result = try extractOne("cp932.xml", bytes)
        XCTAssertEqual(result.documents.first?.text, "手順①\n㈱精錬の髙橋さんが～を確認します。")
        XCTAssertEqual(result.documents.first?.meta("title"), "手順①")
    }

    func testUndeclaredEUCJP() throws {
        let result = try extractOne("euc.xml", Fixtures.eucJP)
        XCTAssertEqual(result.documents.first?.text, Fixtures.eucJPText)
        XCTAssertEqual(result.documents.first?.meta("encoding"), "EUC-JP")
    }

    func testUndeclaredISO2022JP() throws {
        let result = try extractOne("mail.xml", Fixtures.iso2022JP)
        XCTAssertEqual(result.documents.first?.text, Fixtures.iso2022JPText)
        XCTAssertEqual(result.documents.first?.meta("encoding"), "ISO-2022-JP")
    }

    func testDeclaredShiftJISThatFitsTheBytesIsKeptAsDeclared() throws {
        let result = try extractOne("declared.xml", Fixtures.declaredShiftJIS)
        XCTAssertEqual(result.documents.first?.text, Fixtures.declaredShiftJISText)
        XCTAssertEqual(result.documents.first?.meta("encoding"), "Shift_JIS")
        XCTAssertEqual(result.documents.first?.meta("encoding_source"), "declared")
    }

    func testUndeclaredShiftJISHTML() throws {
        let result = try extractOne("notice.html", Fixtures.htmlShiftJIS)
        XCTAssertEqual(result.documents.first?.text, Fixtures.htmlShiftJISText)
        XCTAssertEqual(result.documents.first?.meta("encoding"), "Shift_JIS")
    }

    func testXHTMLDeclaringShiftJISOnlyInItsXMLDeclaration() throws {
        // libxml2's HTML parser reads <meta charset> but not the XML declaration: the declared name is passed on.
        let bytes = Array(Data(base64Encoded: "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iU2hpZnRfSklTIj8+CjxodG1sIHhtbG5zPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hodG1sIj48Ym9keT48aDE+kOmMvoK+gq88L2gxPjxwPlhNTJDpjL6CxZWEjYaJu4LwjqaCtYLEgqKC3IK3gUI8L3A+PC9ib2R5PjwvaHRtbD4K")!)
        for name in ["declared.xhtml", "declared.xml"] {
            let result = try extractOne(name, bytes)
            XCTAssertEqual(result.documents.first?.text, "宣言だけ\nXML宣言で符号化を示しています。", name)
            XCTAssertEqual(result.documents.first?.meta("encoding"), "Shift_JIS", name)
            XCTAssertEqual(result.documents.first?.meta("format"), "html", name)
        }
    }

    func testUTF16WithAndWithoutByteOrderMark() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><article><title>ワイド文字</title><para>UTF-16 の文書です。</para></article>"
        let withBOM = try extractOne("bom.xml", Fixtures.utf16LE(xml, bom: true))
        XCTAssertEqual(withBOM.documents.first?.text, "ワイド文字\nUTF-16 の文書です。")
        XCTAssertEqual(withBOM.documents.first?.meta("encoding"), "UTF-16LE")
        let bare = "<article><title>ワイド文字</title><para>印なしです。</para></article>"
        let withoutBOM = try extractOne("bare.xml", Fixtures.utf16LE(bare, bom: false))
        XCTAssertEqual(withoutBOM.documents.first?.text, "ワイド文字\n印なしです。")
        XCTAssertEqual(withoutBOM.documents.first?.meta("encoding"), "UTF-16LE")
    }

    func testShortAmbiguousJapaneseBytesPreferTheCleanStrictDecoding() throws {
        // "です。" in EUC-JP is also valid-looking Shift_JIS; strict decoding and kana counting settle it.
        let euc: [UInt8] = [0xA4, 0xC7, 0xA4, 0xB9, 0xA1, 0xA3]
        XCTAssertEqual(try InputDecoding.detectJapanese(euc).0, "EUC-JP")
        let sjis: [UInt8] = [0x82, 0xC5, 0x82, 0xB7, 0x81, 0x42]
        XCTAssertEqual(try InputDecoding.detectJapanese(sjis).0, "Shift_JIS")
    }
}
