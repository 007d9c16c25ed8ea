import SeirenCore
import XCTest
@testable import SeirenExtract

/// The same input and settings give byte-identical output for any number of workers.
final class DeterminismTests: XCTestCase {
    func testOneAndTwoWorkersWriteIdenticalBytes() throws {
        let harness = try ExtractHarness()
        try harness.write("guide.ditamap", Fixtures.ditaMap)
        try harness.write("topics/a-print.dita", Fixtures.ditaConcept)
        try harness.write("topics/b-setup.dita", Fixtures.ditaTask)
        for index in 0..<12 {
            try harness.write("docbook/\(index).xml", Fixtures.docbook)
            try harness.write("help/\(index).page", Fixtures.mallard)
            try harness.write("html/\(index).html", Fixtures.html)
        }
        try harness.write("sjis.xml", Fixtures.shiftJIS)
        try harness.write("empty.xml", "")
        try harness.write("broken.xml", "<article><para>閉じていない")
        let one = try harness.run(workers: 1)
        let two = try harness.run(workers: 2)
        XCTAssertEqual(one.documents.count, 40)
        XCTAssertEqual(one.rejects.count, 1)
        for part in ["documents", "rejects"] {
            let a = try FileSystem.files(under: one.output + "/" + part)
            let b = try FileSystem.files(under: two.output + "/" + part)
            XCTAssertEqual(a.map(FileSystem.lastComponent), b.map(FileSystem.lastComponent))
            for (x, y) in zip(a, b) where !x.hasSuffix("manifest.json") {
                XCTAssertEqual(try FileReader.readAll(x), try FileReader.readAll(y), x)
            }
        }
    }
}
