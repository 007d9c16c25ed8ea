import Foundation
import XCTest
@testable import SeirenExtract

/// Text is never silently cut or garbled: a document is kept whole and decoded in the encoding its bytes are in
/// (with a note when that is not what the file declares), or it is a reject that says why.
final class TextIntegrityTests: XCTestCase {
    private func extractOne(_ name: String, _ bytes: [UInt8]) throws -> ExtractHarness.Result {
        let harness = try ExtractHarness()
        try harness.write(name, bytes)
        return try harness.run()
    }

    private static let manualText = "取扱説明書\n電源ボタンを長押ししてください。画面が消えたら指を離します。"

    func testATextNodeOverTenMegabytesIsKeptWhole() throws {
        // libxml2 cuts a single text node at 10,000,000 bytes unless told the input is trusted to be huge.
        let paragraph = String(repeating: "長い段落の本文です。", count: 400_000)  // 12 MB of UTF-8
        let xml = "<article><title>巨大</title><para>" + paragraph + "</para><para>最後の段落。</para></article>"
        let result = try extractOne("huge.xml", Array(xml.utf8))
        let document = try XCTUnwrap(result.document("huge.xml"), "\(result.rejects.map(\.rejection))")
        let expected = "巨大\n" + paragraph + "\n最後の段落。"
        XCTAssertTrue(document.text == expected, "kept \(document.text.utf8.count) of \(expected.utf8.count) bytes")
        XCTAssertNil(document.metadata["recovered"])
    }

    func testAHugeTextNodeInAnHTMLPageIsKeptWhole() throws {
        let paragraph = String(repeating: "長い段落の本文です。", count: 400_000)
        let html = "<html><body><p>" + paragraph + "</p><p>最後の段落。</p></body></html>"
        let result = try extractOne("huge.html", Array(html.utf8))
        let document = try XCTUnwrap(result.document("huge.html"), "\(result.rejects.map(\.rejection))")
        let expected = paragraph + "\n最後の段落。"
        XCTAssertTrue(document.text == expected, "kept \(document.text.utf8.count) of \(expected.utf8.count) bytes")
    }

    func testAHugeTextNodeBesideEntityDeclarationsIsRejectedNotCut() throws {
        // With entity declarations libxml2's amplification limits must stay on, so the text cannot be read whole.
        let paragraph = String(repeating: "長い段落の本文です。", count: 400_000)
        let xml = "<!DOCTYPE article [<!ENTITY co \"精錬\">]><article><para>&co;" + paragraph + "</para></article>"
        let result = try extractOne("huge-dtd.xml", Array(xml.utf8))
        XCTAssertTrue(result.documents.isEmpty)
        let reject = try XCTUnwrap(result.reject("huge-dtd.xml"))
        XCTAssertEqual(reject.rejection?.reason, "text node too large")
    }

    func testDeclaredShiftJISThatIsReallyUTF8IsReadAsUTF8WithANote() throws {
        let bytes = Array(Data(base64Encoded: "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iU2hpZnRfSklTIj8+CjxhcnRpY2xlPjx0aXRsZT7lj5bmibHoqqzmmI7mm7g8L3RpdGxlPjxwYXJhPumbu+a6kOODnOOCv+ODs+OCkumVt+aKvOOBl+OBl+OBpuOBj+OBoOOBleOBhOOAgueUu+mdouOBjOa2iOOBiOOBn+OCieaMh+OCkumbouOBl+OBvuOBmeOAgjwvcGFyYT48L2FydGljbGU+Cg==")!)
        let document = try XCTUnwrap(try extractOne("lies.xml", bytes).document("lies.xml"))
        XCTAssertEqual(document.text, Self.manualText)
        XCTAssertEqual(document.meta("encoding"), "UTF-8")
        XCTAssertEqual(document.meta("encoding_source"), "detected")
        XCTAssertEqual(document.meta("declared_encoding"), "Shift_JIS")
        XCTAssertTrue(document.meta("encoding_note")?.contains("declares Shift_JIS") ?? false)
    }

    func testDeclaredEUCJPThatIsReallyShiftJISIsReadAsShiftJIS() throws {
        let bytes = Array(Data(base64Encoded: "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iRVVDLUpQIj8+CjxhcnRpY2xlPjx0aXRsZT6O5oi1kOCWvo+RPC90aXRsZT48cGFyYT6TZIy5g3uDXoOTgvCSt4mfgrWCtYLEgq2CvoKzgqKBQonmlsqCqo/BgqaCvYLnjneC8JejgrWC3IK3gUI8L3BhcmE+PC9hcnRpY2xlPgo=")!)
        let document = try XCTUnwrap(try extractOne("lies.xml", bytes).document("lies.xml"))
        XCTAssertEqual(document.text, Self.manualText)
        XCTAssertEqual(document.meta("encoding"), "Shift_JIS")
        XCTAssertEqual(document.meta("declared_encoding"), "EUC-JP")
    }

    func testDeclaredShiftJISThatIsReallyEUCJPIsReadAsEUCJP() throws {
        // EUC-JP bytes pass a strict Shift_JIS decoding as half-width katakana: the kana count tells them apart.
        let bytes = Array(Data(base64Encoded: "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iU2hpZnRfSklTIj8+CjxhcnRpY2xlPjx0aXRsZT686LC3wOLMwL3xPC90aXRsZT48cGFyYT7Fxbi7pdylv6XzpPLEubKhpLekt6TGpK+kwKS1pKSho7LozMykrL7DpKikv6Tpu9ik8s6lpLek3qS5oaM8L3BhcmE+PC9hcnRpY2xlPgo=")!)
        let document = try XCTUnwrap(try extractOne("lies.xml", bytes).document("lies.xml"))
        XCTAssertEqual(document.text, Self.manualText)
        XCTAssertEqual(document.meta("encoding"), "EUC-JP")
        XCTAssertEqual(document.meta("declared_encoding"), "Shift_JIS")
    }

    func testAnHTMLMetaCharsetThatLiesIsOverruledByTheBytes() throws {
        let bytes = Array(Data(base64Encoded: "PGh0bWw+PGhlYWQ+PG1ldGEgY2hhcnNldD0iU2hpZnRfSklTIj48dGl0bGU+44GK55+l44KJ44GbPC90aXRsZT48L2hlYWQ+PGJvZHk+PGgxPuOBiuefpeOCieOBmzwvaDE+PHA+44Oa44O844K444Gu5pys5paH44Gn44GZ44CC6Zu75rqQ44KS5YiH44Gj44Gm44GL44KJ44GK5omL5YWl44KM44GX44Gm44GP44Gg44GV44GE44CCPC9wPjwvYm9keT48L2h0bWw+Cg==")!)
        let document = try XCTUnwrap(try extractOne("notice.html", bytes).document("notice.html"))
        XCTAssertEqual(document.text, "お知らせ\nページの本文です。電源を切ってからお手入れしてください。")
        XCTAssertEqual(document.meta("encoding"), "UTF-8")
        XCTAssertEqual(document.meta("declared_encoding"), "Shift_JIS")
    }

    func testDeclaredUTF8WithAFewInvalidBytesStaysUTF8AndCountsThem() throws {
        // Three stray bytes must not turn a whole UTF-8 manual into windows-1252 mojibake.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article><title>取扱説明書</title><para>".utf8)
        bytes += Array("電源ボタンを長押ししてください。".utf8) + [0xFF] + Array("画面が消えたら".utf8) + [0x80, 0xFE]
        bytes += Array("指を離します。</para></article>\n".utf8)
        let document = try XCTUnwrap(try extractOne("stray.xml", bytes).document("stray.xml"))
        XCTAssertEqual(document.text, "取扱説明書\n電源ボタンを長押ししてください。\u{FFFD}画面が消えたら\u{FFFD}\u{FFFD}指を離します。")
        XCTAssertEqual(document.meta("encoding"), "UTF-8")
        XCTAssertEqual(document.metadata["invalid_bytes"], .int(3))
        XCTAssertTrue(document.meta("encoding_note")?.contains("3 invalid") ?? false)
    }

    func testDeclaredUTF8ThatIsMostlyNotUTF8IsRejected() throws {
        // Latin-1 bytes under a UTF-8 declaration: not Japanese, not UTF-8 with a few slips: no evident encoding.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article><para>".utf8)
        bytes += [0x44, 0xE9, 0x6A, 0xE0, 0x20, 0x76, 0x75, 0xE8, 0x20, 0xE0, 0xE9, 0xE8, 0xFC, 0xF6, 0xE4]
        bytes += Array("</para></article>\n".utf8)
        let result = try extractOne("latin.xml", bytes)
        XCTAssertTrue(result.documents.isEmpty)
        XCTAssertEqual(result.reject("latin.xml")?.rejection?.reason, "undecodable")
    }

    func testANULByteAfterTheFirstEightKiBRejectsTheFileInsteadOfCuttingIt() throws {
        var bytes = Array("<article><title>途中にNUL</title><para>".utf8)
        bytes += Array(String(repeating: "本文です。", count: 1000).utf8)  // 15 KB
        let offset = bytes.count
        bytes += [0] + Array("この後ろも本文です。</para></article>".utf8)
        let result = try extractOne("nul.xml", bytes)
        XCTAssertTrue(result.documents.isEmpty)
        let reject = try XCTUnwrap(result.reject("nul.xml"))
        XCTAssertEqual(reject.rejection?.reason, "binary")
        XCTAssertTrue(reject.rejection?.details.first?.1.stringValue?.contains("NUL byte at offset \(offset)") ?? false,
                      "\(String(describing: reject.rejection))")
    }
}
