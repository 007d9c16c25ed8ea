import Foundation
import SeirenCore
import SeirenExtract
import SeirenNormalize
import XCTest
@testable import SeirenIngest

/// Manuals in XML go through the extract and normalize stages before redaction.
final class ManualInputTests: XCTestCase {
    func testXMLManualsAreExtractedNormalizedAndRedacted() throws {
        let work = NSTemporaryDirectory() + "seiren-ingest-manuals-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileSystem.createDirectory(work + "/manuals")
        try AtomicFileWriter.write(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <article xml:lang="ja"><title>サービス窓口</title>
            <para>修理のご相談は、お客様相談室（ＴＥＬ ０３－１２３４－５６７８）まで。部品番号 ABC-1234-56 を
            お知らせください。</para></article>
            """.utf8), to: work + "/manuals/service.xml")
        try AtomicFileWriter.write([0x00, 0xFF, 0x10, 0x00, 0x89, 0x50], to: work + "/manuals/binary.page")
        let reader = ManualInputReader(extract: ExtractSettings(added: "2024-01-01T00:00:00Z"),
                                       normalize: NormalizationPreset.default.settings)
        let settings = IngestSettings(contributor: "acme", license: "CC-BY-4.0", visibility: .consortium,
                                      added: "2024-01-01T00:00:00Z", workers: 1)
        let result = try IngestRun(settings: settings, readers: [reader, JSONLinesInputReader()])
            .run(inputs: [work + "/manuals"], dataset: work + "/out")
        let byName = Dictionary(uniqueKeysWithValues: result.inputs.map { ($0.file.recordedName, $0) })
        XCTAssertEqual(byName["manuals/service.xml"]?.documents, 1)
        XCTAssertEqual(byName["manuals/service.xml"]?.reader, "manual")
        // A file the extract stage rejects is listed with its reason, not dropped.
        XCTAssertEqual(byName["manuals/binary.page"]?.documents, 0)
        XCTAssertEqual(byName["manuals/binary.page"]?.rejected, 1)
        XCTAssertTrue(byName["manuals/binary.page"]?.rejections.first?.reason.hasPrefix("binary") == true,
                      "\(String(describing: byName["manuals/binary.page"]?.rejections))")

        var texts: [String] = []
        for file in try DatasetLocator.files(for: work + "/out") where file.hasSuffix(".zst") {
            let documents = try DocumentReader(path: file, added: "")
            while let record = try documents.next() { if case .document(let d, _) = record { texts.append(d.text) } }
        }
        let text = texts.joined()
        // Normalized (full-width digits folded by NFKC), redacted, and the part number left alone.
        XCTAssertTrue(text.contains("<PHONE>"), text)
        XCTAssertFalse(text.contains("1234-5678") || text.contains("１２３４"), text)
        XCTAssertTrue(text.contains("ABC-1234-56"), text)
        XCTAssertTrue(text.contains("部品番号ABC-1234-56をお知らせください。") || text.contains("部品番号 ABC-1234-56 をお知らせください。"), text)
    }
}
