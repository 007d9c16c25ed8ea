import SeirenXML
import XCTest

final class XMLReaderBasicsTests: XCTestCase {
    func testReadsElementsAttributesAndText() throws {
        let result = try events(#"<section xml:lang="ja"><title>点検</title><para>液面を<emphasis>確認</emphasis>する。</para></section>"#)
        XCTAssertEqual(result, [
            .startElement(name: "section", attributes: [(name: "xml:lang", value: "ja")], depth: 0),
            .startElement(name: "title", attributes: [], depth: 1), .text("点検"), .endElement(name: "title", depth: 1),
            .startElement(name: "para", attributes: [], depth: 1), .text("液面を"),
            .startElement(name: "emphasis", attributes: [], depth: 2), .text("確認"), .endElement(name: "emphasis", depth: 2),
            .text("する。"), .endElement(name: "para", depth: 1),
            .endElement(name: "section", depth: 0),
        ])
    }

    func testMalformedXMLIsAnErrorWithALine() {
        XCTAssertThrowsError(try events("<a>\n<b>text</a>")) { error in
            let error = error as! XMLReadError
            XCTAssertFalse(error.diagnostics.isEmpty)
            XCTAssertEqual(error.diagnostics.first?.line, 2)
        }
    }

    func testExternalEntityIsNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("seiren-secret-\(UUID()).txt")
        try "TOP-SECRET-VALUE".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE doc [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
            <doc>before &leak; after</doc>
            """
        var texts: [String] = []
        _ = try? XMLReader.read(Array(xml.utf8), options: XMLReadOptions(recover: true)) { event in
            if case .text(let t) = event { texts.append(t) }
        }
        XCTAssertFalse(texts.joined().contains("TOP-SECRET-VALUE"))
    }

    func testBillionLaughsDoesNotExpand() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            xml += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        var characters = 0
        _ = try? XMLReader.read(Array(xml.utf8)) { event in
            if case .text(let t) = event { characters += t.count }
        }
        XCTAssertLessThan(characters, 1000)
    }

    func testNestingDepthIsBounded() {
        let xml = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        XCTAssertThrowsError(try events(xml, options: XMLReadOptions(maxDepth: 100))) { error in
            XCTAssertTrue("\(error)".contains("deeper than 100"), "\(error)")
        }
    }
}
