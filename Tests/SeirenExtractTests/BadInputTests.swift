import SeirenCore
import XCTest
@testable import SeirenExtract

/// Untrusted files: entity bombs, external entities, absurd nesting, malformed, empty, binary and unreadable files
/// are refused or recovered with a reason, and every input file is accounted for.
final class BadInputTests: XCTestCase {
    func testBillionLaughsIsRefused() throws {
        var entities = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        let harness = try ExtractHarness()
        try harness.write("bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(entities)]>\n<article><para>&lol9;</para></article>")
        try harness.write("attribute-bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(entities)]>\n<article><para title=\"&lol9;\">属性</para></article>")
        let result = try harness.run()
        XCTAssertEqual(result.documents.count, 0)
        XCTAssertEqual(result.rejects.map { $0.rejection?.reason }, ["entity expansion refused", "entity expansion refused"])
        XCTAssertFalse(try result.allOutputText().contains("lollollol"))
    }

    func testQuadraticBlowupIsRefused() throws {
        let big = String(repeating: "あ", count: 20_000)
        let references = String(repeating: "&big;", count: 20_000)
        let harness = try ExtractHarness()
        try harness.write("quadratic.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY big \"\(big)\">]>\n<article><para a=\"\(references)\">本文</para><para>\(references)</para></article>")
        let result = try harness.run()
        XCTAssertEqual(result.documents.count, 0)
        XCTAssertEqual(result.rejects.first?.rejection?.reason, "entity expansion refused")
    }

    func testParameterEntityBombIsRefused() throws {
        var entities = "<!ENTITY % p0 \"ha\">\n"
        for level in 1...9 {
            entities += "<!ENTITY % p\(level) \"" + String(repeating: "%p\(level - 1);", count: 10) + "\">\n"
        }
        let harness = try ExtractHarness()
        try harness.write("pe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [\n\(entities)%p9;\n]>\n<article><para>本文</para></article>")
        let result = try harness.run()
        XCTAssertEqual(result.rejects.first?.rejection?.reason, "entity expansion refused")
    }

    func testEntityLoopsAndHiddenDeclarationsAreRefused() throws {
        let harness = try ExtractHarness()
        try harness.write("loop.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"x&b;\"><!ENTITY b \"y&a;\">]>\n<article><para>&a;</para></article>")
        try harness.write("hidden.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY % decl \"&#60;!ENTITY e 'x'>\"> %decl;]>\n<article><para>本文</para></article>")
        let result = try harness.run()
        XCTAssertEqual(result.documents.count, 0)
        XCTAssertEqual(result.reject("manuals/loop.xml")?.rejection?.reason, "entity expansion refused")
        XCTAssertTrue(result.reject("manuals/loop.xml")?.rejection?.details.first?.1.stringValue?.contains("refers to itself") ?? false)
        XCTAssertEqual(result.reject("manuals/hidden.xml")?.rejection?.reason, "entity expansion refused")
        XCTAssertTrue(result.reject("manuals/hidden.xml")?.rejection?.details.first?.1.stringValue?.contains("holds declarations") ?? false)
    }

    func testFilesOverTheSizeLimitAreRejectedUnread() throws {
        let harness = try ExtractHarness()
        try harness.write("big.xml", "<article><para>" + String(repeating: "大きな文書です。", count: 100) + "</para></article>")
        try harness.write("small.xml", "<article><para>小さな文書です。</para></article>")
        let result = try harness.run { $0.maxFileBytes = 1000 }
        XCTAssertEqual(result.documents.map(\.id), ["manuals/small.xml"])
        let reject = try XCTUnwrap(result.reject("manuals/big.xml"))
        XCTAssertEqual(reject.rejection?.reason, "too large")
        XCTAssertTrue(reject.rejection?.details.first?.1.stringValue?.contains("limit of 1000") ?? false)
    }

    func testModestPlainTextEntitiesAreExpandedSafely() throws {
        let harness = try ExtractHarness()
        try harness.write("product.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE article [<!ENTITY product "精錬ポンプ">]>
            <article><title>&product;の手引き</title><para>&product;を設置します。</para></article>
            """)
        let result = try harness.run()
        XCTAssertEqual(result.documents.first?.text, "精錬ポンプの手引き\n精錬ポンプを設置します。")
        XCTAssertEqual(result.documents.first?.meta("title"), "精錬ポンプの手引き")
        XCTAssertNil(result.documents.first?.metadata["unexpanded_entities"])
    }

    func testExternalEntityToALocalSecretNeverReachesTheOutput() throws {
        let harness = try ExtractHarness()
        let secretPath = harness.root + "/secret.txt"
        let secret = "TOPSECRET-機密-\(UUID().uuidString)"
        try AtomicFileWriter.write(Array(secret.utf8), to: secretPath)
        try harness.write("external.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE article [<!ENTITY secret SYSTEM "file://\(secretPath)">]>
            <article><title>外部実体</title><para>内容: &secret;</para></article>
            """)
        try harness.write("parameter.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE article [<!ENTITY % ext SYSTEM "file://\(secretPath)"> %ext;]>
            <article><title>パラメータ実体</title><para>本文です。</para></article>
            """)
        try harness.write("dtd.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE article SYSTEM "file://\(secretPath)">
            <article><title>外部DTD</title><para>本文です。</para></article>
            """)
        try harness.write("xinclude.xml", """
            <?xml version="1.0"?>
            <article xmlns:xi="http://www.w3.org/2001/XInclude"><title>取り込み</title>
            <para><xi:include href="file://\(secretPath)" parse="text"/></para></article>
            """)
        let result = try harness.run()
        XCTAssertEqual(result.documents.count + result.rejects.count, 4)
        XCTAssertFalse(try result.allOutputText().contains("TOPSECRET"))
        XCTAssertEqual(result.document("manuals/external.xml")?.text, "外部実体\n内容:")
        XCTAssertEqual(result.document("manuals/external.xml")?.metadata["unexpanded_entities"], .array([.string("secret")]))
    }

    func testAbsurdNestingIsRefused() throws {
        let harness = try ExtractHarness()
        let depth = 5_000
        try harness.write("deep.xml", String(repeating: "<section>", count: depth) + "深い" + String(repeating: "</section>", count: depth))
        try harness.write("deep.html", "<html><body>" + String(repeating: "<div>", count: depth) + "深い" + "</body></html>")
        let result = try harness.run()
        XCTAssertEqual(result.documents.count, 0)
        XCTAssertEqual(result.rejects.map { $0.rejection?.reason }, ["nesting too deep", "nesting too deep"])
    }

    func testMalformedXMLIsRecoveredAndNoted() throws {
        let harness = try ExtractHarness()
        try harness.write("broken.xml", "<article><title>壊れた文書</title><para>閉じタグが<emphasis>ありません</para><para>次の段落です。</para></article>")
        let result = try harness.run()
        let document = try XCTUnwrap(result.document("manuals/broken.xml"))
        XCTAssertTrue(document.text.hasPrefix("壊れた文書\n閉じタグがありません"))
        XCTAssertEqual(document.metadata["recovered"], .bool(true))
        XCTAssertFalse(document.metadata["diagnostics"]?.arrayValue?.isEmpty ?? true)
        XCTAssertEqual(result.summary.filesRecovered, 1)
    }

    func testUnrecoverableXMLIsRejectedWithTheParsersMessage() throws {
        let harness = try ExtractHarness()
        try harness.write("garbage.xml", "<<<< これはXMLではない >>>>")
        let result = try harness.run()
        let reject = try XCTUnwrap(result.reject("manuals/garbage.xml"))
        XCTAssertEqual(reject.rejection?.reason, "not well-formed")
        XCTAssertTrue(reject.rejection?.details.first?.1.stringValue?.contains("line 1") ?? false)
        XCTAssertEqual(reject.text, "")
        XCTAssertEqual(reject.meta("path"), "garbage.xml")
    }

    func testEmptyBinaryAndUnreadableFilesAreRejectsNotFailures() throws {
        let harness = try ExtractHarness()
        try harness.write("empty.xml", "")
        try harness.write("blank.xml", "  \n\n ")
        try harness.write("image.xml", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + [UInt8](repeating: 7, count: 64))
        XCTAssertEqual(symlink(harness.root + "/does-not-exist", harness.input + "/dangling.xml"), 0)
        try harness.write("good.xml", Fixtures.docbook)
        // A path the user named that does not exist fails the run; files found under a folder never do.
        XCTAssertThrowsError(try harness.run(paths: [harness.input, harness.root + "/missing.xml"])) { error in
            XCTAssertEqual("\(error)", harness.root + "/missing.xml: no such file or directory")
        }
        let result = try harness.run(paths: [harness.input])
        XCTAssertEqual(result.documents.map(\.id), ["manuals/good.xml"])
        let reasons = Dictionary(uniqueKeysWithValues: result.rejects.map { ($0.id, $0.rejection?.reason ?? "") })
        // Ids are SOURCE/PATH: the folder's name for files found in it, the parent folder's for a file given alone.
        XCTAssertEqual(reasons, [
            "manuals/blank.xml": "empty", "manuals/dangling.xml": "unreadable", "manuals/empty.xml": "empty",
            "manuals/image.xml": "binary",
        ])
        for reject in result.rejects {
            XCTAssertEqual(reject.rejection?.stage, "extract")
            XCTAssertNotNil(reject.rejection?.details.first { $0.0 == "detail" })
        }
        XCTAssertEqual(result.summary.filesIn, 5)
        XCTAssertEqual(result.summary.filesRejected, 4)
        XCTAssertEqual(result.summary.rejectReasons, ["empty": 2, "unreadable": 1, "binary": 1])
    }

    func testPlainTextIsNotMarkup() throws {
        let harness = try ExtractHarness()
        try harness.write("README.txt", "これはただのテキストです。\n")
        let result = try harness.run()
        XCTAssertEqual(result.rejects.first?.rejection?.reason, "not markup")
    }

    func testAFileWithNoTextIsARejectWithAReason() throws {
        let harness = try ExtractHarness()
        try harness.write("chrome-only.html", "<html><body><nav>メニュー</nav><script>x()</script></body></html>")
        let result = try harness.run()
        XCTAssertEqual(result.rejects.first?.rejection?.reason, "no text")
    }
}
