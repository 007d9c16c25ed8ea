import SeirenXML
import XCTest

/// The libxml2 wrapper: events in document order, HTML through the HTML parser, recovery, and the safety limits.
final class XMLReaderTests: XCTestCase {
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
        }
    }
}
