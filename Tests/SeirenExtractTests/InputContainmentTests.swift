import Foundation
import SeirenCore
import XCTest
@testable import SeirenExtract

/// Extraction never reads a file whose real path is outside the inputs the user named: links that lead out are
/// refused with a reason, link loops and dangling links are reported, and none of them stops the run.
final class InputContainmentTests: XCTestCase {
    func testLinksInTheInputFolderThatLeadOutsideAreRefusedUnread() throws {
        let harness = try ExtractHarness()
        let outside = harness.root + "/elsewhere"
        try FileSystem.createDirectory(outside)
        try AtomicFileWriter.write(Array("<article><para>SECRET-OUTSIDE-INPUT</para></article>".utf8),
                                   to: outside + "/secret.xml")
        try harness.write("good.xml", Fixtures.docbook)
        XCTAssertEqual(symlink(outside + "/secret.xml", harness.input + "/outside.xml"), 0)
        XCTAssertEqual(symlink(outside, harness.input + "/linked-folder"), 0)
        XCTAssertEqual(symlink(harness.input + "/good.xml", harness.input + "/alias.xml"), 0)
        XCTAssertEqual(symlink(harness.input + "/loop-b.xml", harness.input + "/loop-a.xml"), 0)
        XCTAssertEqual(symlink(harness.input + "/loop-a.xml", harness.input + "/loop-b.xml"), 0)
        XCTAssertEqual(symlink(harness.root + "/nothing-here.xml", harness.input + "/dangling.xml"), 0)

        let result = try harness.run()
        XCTAssertFalse(try result.allOutputText().contains("SECRET-OUTSIDE-INPUT"))
        XCTAssertEqual(result.documents.map(\.id), ["manuals/alias.xml", "manuals/good.xml"])
        let details = Dictionary(uniqueKeysWithValues: result.rejects.map {
            ($0.id, "\($0.rejection?.reason ?? ""): \($0.rejection?.details.first?.1.stringValue ?? "")")
        })
        XCTAssertEqual(details, [
            "manuals/outside.xml": "outside the input: symbolic link to a path outside the input",
            "manuals/linked-folder": "outside the input: symbolic link to a path outside the input",
            "manuals/loop-a.xml": "unreadable: symbolic link loop",
            "manuals/loop-b.xml": "unreadable: symbolic link loop",
            "manuals/dangling.xml": "unreadable: dangling symbolic link",
        ])
        XCTAssertEqual(result.summary.filesIn, 7)
    }

    func testAMapCannotReachOutsideItsFolderThroughALinkedFolder() throws {
        let harness = try ExtractHarness()
        let outside = harness.root + "/etc-like"
        try FileSystem.createDirectory(outside)
        try AtomicFileWriter.write(Array(Fixtures.ditaTask.replacingOccurrences(of: "初期設定", with: "SECRET-VIA-LINK").utf8),
                                   to: outside + "/config.dita")
        try harness.write("maps/guide.ditamap", """
            <map xml:lang="ja"><title>地図</title><topicref href="linked/config.dita"/><topicref href="setup.dita"/></map>
            """)
        try harness.write("maps/setup.dita", Fixtures.ditaTask)
        XCTAssertEqual(symlink(outside, harness.input + "/maps/linked"), 0)

        for paths in [[harness.input + "/maps/guide.ditamap"], [harness.input]] {
            let result = try harness.run(paths: paths)
            XCTAssertFalse(try result.allOutputText().contains("SECRET-VIA-LINK"))
            XCTAssertEqual(result.documents.count, 1)
            let reject = try XCTUnwrap(result.rejects.first { $0.id.hasSuffix("linked/config.dita") })
            XCTAssertEqual(reject.rejection?.reason, "outside the input")
        }
    }
}
