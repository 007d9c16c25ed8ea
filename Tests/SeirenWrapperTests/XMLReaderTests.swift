import SeirenXML
import XCTest

<<<<<<< HEAD
=======
/// The libxml2 wrapper: events in document order, HTML through the HTML parser, recovery, and the safety limits.
>>>>>>> extract
final class XMLReaderTests: XCTestCase {
    private func events(_ xml: String, options: XMLReadOptions = XMLReadOptions()) throws -> [XMLEvent] {
        var events: [XMLEvent] = []
        try XMLReader.read(Array(xml.utf8), options: options) { events.append($0) }
        return events
    }

<<<<<<< HEAD
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
=======
    func testEventsInDocumentOrder() throws {
        XCTAssertEqual(try events("<p xml:lang=\"ja\">日本<b>語</b></p>"), [
            .startElement(name: "p", attributes: [("xml:lang", "ja")], depth: 0), .text("日本"),
            .startElement(name: "b", attributes: [], depth: 1), .text("語"), .endElement(name: "b", depth: 1),
            .endElement(name: "p", depth: 0),
        ])
    }

    func testHTMLIsParsedLikeABrowserWouldWithLowercaseNames() throws {
        var names: [String] = []
        var text = ""
        try XMLReader.readHTML(Array("<HTML><BODY><P>段落<BR>次の行</BODY>".utf8)) { event in
            if case .startElement(let name, _, _) = event { names.append(name) }
            if case .text(let t) = event { text += t }
        }
        XCTAssertEqual(names, ["html", "body", "p", "br"])
        XCTAssertEqual(text, "段落次の行")
    }

    func testMalformedXMLThrowsUnlessRecovering() throws {
        let broken = "<a><b>未完</a>"
        XCTAssertThrowsError(try events(broken)) { error in
            XCTAssertEqual((error as? XMLReadError)?.kind, .notWellFormed)
        }
        var diagnostics: [XMLDiagnostic] = []
        var text = ""
        diagnostics = try XMLReader.read(Array(broken.utf8), options: XMLReadOptions(recover: true)) { event in
            if case .text(let t) = event { text += t }
        }
        XCTAssertEqual(text, "未完")
        XCTAssertFalse(diagnostics.isEmpty)
    }

    func testEntityBombsAreRefusedEvenWhenRecovering() throws {
        var declarations = "<!ENTITY a0 \"x\">"
        for level in 1...8 { declarations += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        let padding = "<!--" + String(repeating: "余白", count: 5_000) + "-->"
        let bomb = "<?xml version=\"1.0\"?>\(padding)<!DOCTYPE d [\(declarations)]><d a=\"&a8;\">&a8;</d>"
        for recover in [false, true] {
            XCTAssertThrowsError(try events(bomb, options: XMLReadOptions(recover: recover))) { error in
                XCTAssertEqual((error as? XMLReadError)?.kind, .entityExpansion)
            }
        }
    }

    func testDeclarationsHiddenInParameterEntitiesAreRefused() throws {
        let big = String(repeating: "x", count: 10_000)
        for hidden in ["<!ENTITY % d \"<!ENTITY big '\(big)'>\"> %d;", "<!ENTITY % d \"&#60;!ENTITY big '\(big)'>\"> %d;"] {
            let xml = "<!DOCTYPE d [\(hidden)]><d a=\"" + String(repeating: "&big;", count: 1_000) + "\"/>"
            XCTAssertThrowsError(try events(xml)) { error in
                XCTAssertEqual((error as? XMLReadError)?.kind, .entityExpansion)
            }
        }
    }

    func testPlainInternalEntitiesComeWithTheirText() throws {
        let found = try events("<!DOCTYPE d [<!ENTITY p \"製品\"><!ENTITY q \"<b>x</b>\">]><d>&p;&q;</d>")
        XCTAssertTrue(found.contains(.entityReference(name: "p", text: "製品")))
        XCTAssertTrue(found.contains(.entityReference(name: "q", text: nil)))
    }

    func testDeepNestingIsRefused() throws {
        let deep = String(repeating: "<d>", count: 300) + String(repeating: "</d>", count: 300)
        XCTAssertThrowsError(try events(deep)) { error in
            XCTAssertEqual((error as? XMLReadError)?.kind, .tooDeep)
>>>>>>> extract
        }
    }
}
