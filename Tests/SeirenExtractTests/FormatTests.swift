import SeirenCore
import XCTest
@testable import SeirenExtract

/// Each format's manual comes out as the lines a reader sees: titles, paragraphs, items, cells and labelled notes,
/// with no space from inline markup or from line breaks inside Japanese sentences, and without chrome.
final class FormatTests: XCTestCase {
    func testDocBookBookBecomesOneDocumentWithStructureAwareText() throws {
        let harness = try ExtractHarness()
        try harness.write("pump.xml", Fixtures.docbook)
        let result = try harness.run()
        let document = try XCTUnwrap(result.document("manuals/pump.xml"))
        XCTAssertEqual(document.text, Fixtures.docbookText)
        XCTAssertEqual(document.meta("format"), "docbook")
        XCTAssertEqual(document.meta("title"), "ポンプ保守マニュアル")
        XCTAssertEqual(document.meta("lang"), "ja")
        XCTAssertEqual(document.meta("encoding"), "UTF-8")
        XCTAssertEqual(document.meta("path"), "pump.xml")
        XCTAssertEqual(document.source, "manuals")
        XCTAssertFalse(document.text.contains("索引語"), "index terms are not text")
        XCTAssertFalse(document.text.contains("保守太郎"), "bookinfo other than the title is not text")
        let raw = try FileReader.readAll(harness.input + "/pump.xml")
        XCTAssertEqual(document.meta("sha256"), Hex.sha256(raw))
    }

    func testDocBook5InfoTitleKeepsItsInlineMarkup() throws {
        let harness = try ExtractHarness()
        try harness.write("guide.xml", """
            <article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="ja">
              <info><title><application>精錬</application>の導入</title><author><personname>著者</personname></author></info>
              <para>本文です。</para>
            </article>
            """)
        let document = try XCTUnwrap(try harness.run().document("manuals/guide.xml"))
        XCTAssertEqual(document.text, "精錬の導入\n本文です。")
        XCTAssertEqual(document.meta("title"), "精錬の導入")
    }

    func testCodeBlocksCanBeMarkedOrDropped() throws {
        let harness = try ExtractHarness()
        try harness.write("pump.xml", Fixtures.docbook)
        let marked = try harness.run { $0.codeMode = .mark }
        XCTAssertTrue(marked.documents[0].text.contains("\n```\npump --check\n  --verbose\n```\n"))
        let dropped = try harness.run { $0.codeMode = .drop }
        XCTAssertFalse(dropped.documents[0].text.contains("pump --check"))
        XCTAssertTrue(dropped.documents[0].text.contains("設定はファイルメニューから行います。\n圧力"))
    }

    func testAMapGivenAloneBringsItsTopics() throws {
        let harness = try ExtractHarness()
        try harness.write("guide.ditamap", Fixtures.ditaMap)
        try harness.write("topics/a-print.dita", Fixtures.ditaConcept)
        try harness.write("topics/b-setup.dita", Fixtures.ditaTask)
        let result = try harness.run(paths: [harness.input + "/guide.ditamap"])
        XCTAssertEqual(result.documents.map(\.id), ["manuals/topics/b-setup.dita", "manuals/topics/a-print.dita"])
        XCTAssertEqual(result.documents.first?.meta("map_title"), "複合機操作ガイド")
    }

    func testAMapCannotPullInFilesOutsideItsFolder() throws {
        let harness = try ExtractHarness()
        try harness.write("secret.dita", Fixtures.ditaTask.replacingOccurrences(of: "初期設定", with: "SECRET-OUTSIDE-MAP"))
        try harness.write("maps/evil.ditamap", """
            <map xml:lang="ja"><title>地図</title><topicref href="../secret.dita"/><topicref href="/etc/passwd"/>
            <topicref href="missing.dita"/></map>
            """)
        let result = try harness.run(paths: [harness.input + "/maps/evil.ditamap"])
        XCTAssertFalse(try result.allOutputText().contains("SECRET-OUTSIDE-MAP"))
        XCTAssertFalse(try result.allOutputText().contains("root:"))
        // Every reference is accounted for as a reject, not silently skipped: those leaving the map's folder are
        // refused unread, the missing topic inside it is unreadable.
        XCTAssertEqual(result.rejects.map(\.id), ["maps/../secret.dita", "maps//etc/passwd", "maps/missing.dita"])
        XCTAssertEqual(result.rejects.map { $0.rejection?.reason ?? "" }, ["outside the input", "outside the input", "unreadable"])
    }

    func testDITAMapOrdersItsTopicsAndLendsThemItsTitle() throws {
        let harness = try ExtractHarness()
        try harness.write("guide.ditamap", Fixtures.ditaMap)
        try harness.write("topics/a-print.dita", Fixtures.ditaConcept)
        try harness.write("topics/b-setup.dita", Fixtures.ditaTask)
        try harness.write("topics/c-terms.dita", Fixtures.ditaComposite)
        let result = try harness.run()
        // The map's order (b before a), then the topics no map names; two topics in one file get their ids.
        XCTAssertEqual(result.documents.map(\.id), [
            "manuals/topics/b-setup.dita", "manuals/topics/a-print.dita", "manuals/topics/c-terms.dita#t1",
            "manuals/topics/c-terms.dita#t2",
        ])
        let task = result.documents[0]
        XCTAssertEqual(task.text, """
            初期設定
            最初に設定画面を開きます。
            設定 > ネットワークを選択します。
            IPアドレスを入力します。
            注意: 誤ったアドレスを入力すると通信できません。
            """)
        XCTAssertEqual(task.meta("title"), "初期設定")
        XCTAssertEqual(task.meta("map_title"), "複合機操作ガイド")
        XCTAssertEqual(task.meta("map"), "guide.ditamap")
        XCTAssertEqual(task.meta("topic_id"), "setup")
        XCTAssertFalse(task.text.contains("検索用キーワード"), "prolog metadata is not text")
        XCTAssertEqual(result.documents[1].text, "印刷について\n両面印刷は既定で有効です。\nlpr -o sides=two-sided file.pdf")
        XCTAssertEqual(result.documents[1].meta("map_title"), "複合機操作ガイド")
        XCTAssertEqual(result.documents[2].text, "用語一\n一つ目の説明です。")
        XCTAssertEqual(result.documents[3].meta("title"), "用語二")
        XCTAssertNil(result.documents[2].meta("map_title"))
        XCTAssertEqual(result.summary.mapFiles, 1)
        XCTAssertEqual(result.summary.filesIn, 4)
        XCTAssertEqual(result.rejects.count, 0)
    }

    func testDITAConrefPullsReusedContentFromInputFilesOnly() throws {
        let harness = try ExtractHarness()
        try harness.write("topics/common.dita", """
            <topic id="common"><title>共通部品</title><body>
              <p id="product">精錬<ph>プリンター</ph></p>
              <p id="loop"><ph conref="#common/loop"/>循環</p>
            </body></topic>
            """)
        try harness.write("topics/use.dita", """
            <task id="use"><title>使い方</title><taskbody><context>
              <p><ph conref="common.dita#common/product"/>の電源を入れます。</p>
              <p><ph conref="#use/local"/>を確認します。<ph id="local">ランプ</ph></p>
              <p><ph conref="../../secret.dita#s/x"/>外部は読みません。</p>
              <p><ph conref="common.dita#common/loop"/></p>
            </context></taskbody></task>
            """)
        try AtomicFileWriter.write(Array("<topic id=\"s\"><title>秘密</title><body><p id=\"x\">機密情報</p></body></topic>".utf8),
                                   to: harness.root + "/secret.dita")
        let result = try harness.run()
        let use = try XCTUnwrap(result.document("manuals/topics/use.dita"))
        XCTAssertEqual(use.text, """
            使い方
            精錬プリンターの電源を入れます。
            ランプを確認します。ランプ
            外部は読みません。
            循環循環循環循環
            """)
        XCTAssertEqual(use.metadata["unresolved_conrefs"], .array([.string("../../secret.dita#s/x")]))
        XCTAssertFalse(try result.allOutputText().contains("機密情報"))
    }

    func testMallardPage() throws {
        let harness = try ExtractHarness()
        try harness.write("help/printer-setup.page", Fixtures.mallard)
        let document = try XCTUnwrap(try harness.run().document("manuals/help/printer-setup.page"))
        XCTAssertEqual(document.text, Fixtures.mallardText)
        XCTAssertEqual(document.meta("format"), "mallard")
        XCTAssertEqual(document.meta("title"), "プリンターを設定する")
        XCTAssertEqual(document.meta("lang"), "ja")
        XCTAssertFalse(document.text.contains("山田花子"))
        XCTAssertFalse(document.text.contains("通常表示"), "only the first alternative of if:choose is kept")
    }

    func testXHTMLFromDocBookDropsNavigationAndTableOfContents() throws {
        let harness = try ExtractHarness()
        try harness.write("ch01.html", Fixtures.xhtml)
        let document = try XCTUnwrap(try harness.run().document("manuals/ch01.html"))
        XCTAssertEqual(document.text, Fixtures.xhtmlText)
        XCTAssertEqual(document.meta("format"), "html")
        XCTAssertEqual(document.meta("title"), "第1章 はじめに")
        XCTAssertEqual(document.meta("lang"), "ja")
    }

    func testHTMLDropsScriptsStylesNavigationAndChrome() throws {
        let harness = try ExtractHarness()
        try harness.write("install.html", Fixtures.html)
        let document = try XCTUnwrap(try harness.run().document("manuals/install.html"))
        XCTAssertEqual(document.text, Fixtures.htmlText)
        XCTAssertEqual(document.meta("title"), "インストール")
        XCTAssertEqual(document.meta("lang"), "ja")
        for chrome in ["スクリプト", "color", "ロゴ", "前のページ", "ナビゲーション", "目次", "サンプル社", "¶", "かんじ"] {
            XCTAssertFalse(document.text.contains(chrome), chrome)
        }
    }

    func testHTMLWithoutHeadingTakesTheHeadTitle() throws {
        let harness = try ExtractHarness()
        try harness.write("plain.htm", "<html><head><title>よくある質問</title></head><body><p>本文だけです。</p></body></html>")
        let document = try XCTUnwrap(try harness.run().document("manuals/plain.htm"))
        XCTAssertEqual(document.text, "本文だけです。")
        XCTAssertEqual(document.meta("title"), "よくある質問")
    }

    func testGenericXMLFollowsItsSettingsFile() throws {
        let harness = try ExtractHarness()
        try harness.write("safety.xml", Fixtures.inHouseXML)
        try AtomicFileWriter.write(Array(Fixtures.inHouseSettings.utf8), to: harness.root + "/settings.json")
        let settings = try XMLSettings.read(path: harness.root + "/settings.json")
        let result = try harness.run { $0.format = .xml; $0.xmlSettings = settings }
        let document = try XCTUnwrap(result.document("manuals/safety.xml"))
        XCTAssertEqual(document.text, "安全上の注意\n作業前に手袋を着用してください。\n工具は所定の場所に戻してください。\ncfg set a=1")
        XCTAssertEqual(document.meta("title"), "安全上の注意")
        XCTAssertEqual(document.meta("format"), "xml")
    }

    func testXMLSettingsRejectUnknownKeys() throws {
        XCTAssertThrowsError(try XMLSettings(json: try JSONParser.parse(Array(#"{"txt": ["p"]}"#.utf8))))
        XCTAssertThrowsError(try XMLSettings(json: try JSONParser.parse(Array(#"{"text": "p"}"#.utf8))))
    }

    func testSourceContributorAndLicenseComeFromSettings() throws {
        let harness = try ExtractHarness()
        try harness.write("pump.xml", Fixtures.docbook)
        let result = try harness.run {
            $0.source = "acme-manuals"
            $0.contributor = "ACME株式会社"
            $0.license = "CC-BY-4.0"
        }
        XCTAssertEqual(result.documents[0].source, "acme-manuals")
        XCTAssertEqual(result.documents[0].meta("contributor"), "ACME株式会社")
        XCTAssertEqual(result.documents[0].meta("license"), "CC-BY-4.0")
    }
}
