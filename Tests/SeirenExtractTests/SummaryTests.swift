import SeirenCore
import XCTest
@testable import SeirenExtract

/// The run summary counts what was written, not what was meant to be.
final class SummaryTests: XCTestCase {
    func testDocumentAndCharacterCountsMatchTheOutput() throws {
        let harness = try ExtractHarness()
        try harness.write("guide.ditamap", Fixtures.ditaMap)
        try harness.write("topics/a-print.dita", Fixtures.ditaConcept)
        try harness.write("topics/b-setup.dita", Fixtures.ditaTask)
        try harness.write("pump.xml", Fixtures.docbook)
        try harness.write("help.page", Fixtures.mallard)
        try harness.write("emoji.xml", "<article><title>表示 🚗💡</title><para>𠮷野家の 👨‍👩‍👧 です。</para></article>")
        try harness.write("empty.xml", "")
        let result = try harness.run(workers: 2)
        let manifest = try DatasetManifest.read(directory: result.output + "/documents")
        XCTAssertEqual(result.summary.documentsOut, result.documents.count)
        XCTAssertEqual(result.summary.documentsOut, manifest.documents)
        XCTAssertEqual(result.summary.charactersOut, result.documents.reduce(0) { $0 + $1.text.unicodeScalars.count })
        XCTAssertEqual(result.summary.charactersOut, manifest.characters)
        XCTAssertEqual(result.summary.filesRejected, result.rejects.count)
    }
}
