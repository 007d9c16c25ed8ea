import SeirenCore
import XCTest
@testable import SeirenExtract

/// Dolma's `created` comes from the date a manual gives itself, per format, and from the file's modification time
/// only when it gives none.
final class DocumentDateTests: XCTestCase {
    private func created(_ name: String, _ text: String) throws -> String? {
        let harness = try ExtractHarness()
        try harness.write(name, text)
        let result = try harness.run()
        return try XCTUnwrap(result.documents.first, "\(result.rejects)").created
    }

    func testDocBookPubdateThenInfoDateThenLatestRevision() throws {
        XCTAssertEqual(try created("a.xml", """
            <article xmlns="http://docbook.org/ns/docbook" version="5.0"><info><title>T</title>
            <revhistory><revision><date>2020-01-01</date></revision></revhistory>
            <pubdate>2023-04-05</pubdate></info><para>本文です。</para></article>
            """), "2023-04-05T00:00:00Z")
        XCTAssertEqual(try created("b.xml", """
            <book><bookinfo><title>T</title><date>2019/12/31</date></bookinfo><chapter><para>本文です。</para></chapter></book>
            """), "2019-12-31T00:00:00Z")
        XCTAssertEqual(try created("c.xml", """
            <book><bookinfo><title>T</title><revhistory>
            <revision><revnumber>2</revnumber><date>$Date: 2009/05/10 12:30:00 $</date></revision>
            <revision><revnumber>1</revnumber><date>2001-02-03</date></revision>
            </revhistory></bookinfo><chapter><para>本文です。</para></chapter></book>
            """), "2009-05-10T12:30:00Z")
    }

    func testDITACritdatesCreated() throws {
        XCTAssertEqual(try created("t.dita", """
            <topic id="t"><title>T</title><prolog><critdates><created date="2021-06-15"/><revised modified="2022-01-01"/></critdates></prolog>
            <body><p>本文です。</p></body></topic>
            """), "2021-06-15T00:00:00Z")
    }

    func testHTMLMetaDateWithTimeZone() throws {
        XCTAssertEqual(try created("p.html", """
            <html><head><title>T</title><meta name="DCTERMS.created" content="2022-03-04T09:00:00+09:00"></head>
            <body><p>本文です。</p></body></html>
            """), "2022-03-04T00:00:00Z")
    }

    func testDocBookHTMLOutputPubdate() throws {
        XCTAssertEqual(try created("ch01.html", """
            <html><head><title>T</title></head><body><div class="titlepage"><p class="pubdate">2022-10-08 03:52:48 UTC</p></div>
            <p>本文です。</p></body></html>
            """), "2022-10-08T03:52:48Z")
    }

    func testMallardLatestRevision() throws {
        XCTAssertEqual(try created("p.page", """
            <page xmlns="http://projectmallard.org/1.0/" id="p"><info>
            <revision version="1" date="2012-01-01"/><revision version="3" date="2018-09-30"/><revision version="2" date="2015-01-01"/>
            </info><title>T</title><p>本文です。</p></page>
            """), "2018-09-30T00:00:00Z")
    }

    func testNoOrUnreadableDateFallsBackToTheFileTime() throws {
        let harness = try ExtractHarness()
        try harness.write("n.xml", "<article><info><title>T</title><pubdate>いつか</pubdate></info><para>本文です。</para></article>")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                              ofItemAtPath: harness.input + "/n.xml")
        XCTAssertEqual(try harness.run().documents.first?.created, "2023-11-14T22:13:20Z")
    }

    func testDatesAsManualsWriteThem() {
        XCTAssertEqual(DocumentDate.parse("2024年3月1日"), "2024-03-01T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("2024.03"), "2024-03-01T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("Copyright 1999"), "1999-01-01T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("2024-01-01T00:30:00+01:00"), "2023-12-31T23:30:00Z")
        XCTAssertEqual(DocumentDate.parse("2024-01-01 10:00Z"), "2024-01-01T10:00:00Z")
        XCTAssertEqual(DocumentDate.parse("January 2021"), "2021-01-01T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("Mar. 5, 2019"), "2019-03-05T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("5 March 2019"), "2019-03-05T00:00:00Z")
        XCTAssertEqual(DocumentDate.parse("Version 2019, revised 2020-06-01"), "2020-06-01T00:00:00Z")
        XCTAssertNil(DocumentDate.parse("2023-02-29"), "not a real day")
        XCTAssertNil(DocumentDate.parse("version 12345"))
        XCTAssertNil(DocumentDate.parse("no date"))
    }

    /// Only the start of a date element is read: a date buried after megabytes of text is not looked for, and a
    /// huge element is read no further than a short one.
    func testOnlyTheStartOfALongDateTextIsRead() throws {
        XCTAssertEqual(DocumentDate.parse("改訂 2024-03-01" + String(repeating: "あ", count: 1 << 20)), "2024-03-01T00:00:00Z")
        XCTAssertNil(DocumentDate.parse(String(repeating: "x", count: 1 << 20) + " 2024-03-01"))
        let harness = try ExtractHarness()
        let filler = String(repeating: "長い", count: 1 << 19)
        try harness.write("long.xml", "<article><info><pubdate>\(filler) 2001-02-03</pubdate><date>2010-05-06</date></info><para>本文です。</para></article>")
        // The pubdate's date lies past what is read, so the info block's date is taken.
        XCTAssertEqual(try harness.run().documents.first?.created, "2010-05-06T00:00:00Z")
    }
}
