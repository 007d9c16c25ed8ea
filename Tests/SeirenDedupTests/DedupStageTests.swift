import SeirenCore
@testable import SeirenDedup
import XCTest

final class DedupStageTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "seiren-dedup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// Distinct Japanese paragraphs: each uses its own vocabulary so their 5-gram sets barely overlap.
    static func paragraph(_ i: Int) -> String {
        let subjects = ["猫", "犬", "鳥", "魚", "馬", "牛", "羊", "兎", "狐", "狸", "熊", "鹿"]
        let places = ["東京", "大阪", "京都", "札幌", "福岡", "仙台", "神戸", "横浜", "奈良", "金沢", "長崎", "那覇"]
        var s = ""
        for k in 0..<30 {
            let a = subjects[(i * 7 + k) % subjects.count], b = places[(i * 5 + k * 3) % places.count]
            s += "\(b)の\(a)は第\(i * 100 + k)号の記録によれば\(k % 4 == 0 ? "朝" : "夜")に\(a)小屋を\(k)回訪れた。"
        }
        return s
    }

    static func edit(_ text: String, fraction: Double, seed: Int) -> String {
        var chars = Array(text)
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        let edits = Int(Double(chars.count) * fraction)
        for _ in 0..<edits {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            chars[Int(state >> 33) % chars.count] = "＃"
        }
        return String(chars)
    }

    func write(_ documents: [Document], extra: [String] = []) throws -> String {
        let lines = documents.map { JSONWriter.string($0.json) } + extra
        let path = directory + "/in.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func read(_ path: String) throws -> [Document] {
        var documents: [Document] = []
        for file in try DatasetLocator.files(for: path) {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() { if case .document(let d, _) = record { documents.append(d) } }
        }
        return documents
    }

    func doc(_ id: String, _ text: String) -> Document { Document(id: id, text: text, source: "t", added: "2026-01-01T00:00:00Z") }

    func testEveryDocumentAccountedForWithReasons() throws {
        var documents: [Document] = []
        for i in 0..<30 { documents.append(doc(String(format: "p%02d", i), Self.paragraph(i))) }
        // Exact duplicates that differ only in width and layout: kept one is the smallest id.
        documents.append(doc("a-exact", "ＡＢＣ　" + Self.paragraph(40)))
        documents.append(doc("z-exact", "ABC\n\n" + Self.paragraph(40)))
        // Planted near duplicates (1% of characters edited: 5-gram Jaccard about 0.9).
        for i in 0..<8 { documents.append(doc("q-near\(i)", Self.edit(Self.paragraph(i + 10), fraction: 0.01, seed: i))) }
        let input = try write(documents, extra: ["{broken"])
        var settings = DedupSettings()
        settings.exact = true
        settings.minhash = true
        let report = try DedupStage.run(inputs: [input], output: directory + "/out", settings: settings, workers: 2,
                                        added: "2026-01-01T00:00:00Z")
        XCTAssertEqual(report.summary.documentsIn, documents.count)
        let kept = try read(directory + "/out/documents")
        let rejected = try read(directory + "/out/rejects")
        XCTAssertEqual(kept.count + rejected.count, documents.count + 1)  // + the broken line
        XCTAssertEqual(report.summary.badRecords, 1)

        let reasons = Dictionary(grouping: rejected.compactMap(\.rejection), by: \.reason).mapValues(\.count)
        XCTAssertEqual(reasons["exact_duplicate"], 1)
        XCTAssertEqual(reasons["near_duplicate"], 8)
        let exact = try XCTUnwrap(rejected.first { $0.rejection?.reason == "exact_duplicate" })
        XCTAssertEqual(exact.id, "z-exact")
        XCTAssertEqual(exact.rejection?.details.first { $0.0 == "kept_id" }?.1, .string("a-exact"))
        // Each planted copy is rejected in favour of its original ("q-near" sorts after "p").
        for i in 0..<8 {
            let near = try XCTUnwrap(rejected.first { $0.id == "q-near\(i)" })
            let details = try XCTUnwrap(near.rejection?.details)
            XCTAssertEqual(details.first { $0.0 == "kept_id" }?.1, .string(String(format: "p%02d", i + 10)))
            XCTAssertGreaterThan(try XCTUnwrap(details.first { $0.0 == "estimated_jaccard" }?.1.doubleValue), 0.7)
            XCTAssertNotNil(details.first { $0.0 == "cluster" })
        }
        // No distinct paragraph was removed.
        XCTAssertEqual(Set(kept.map(\.id)), Set((0..<30).map { String(format: "p%02d", $0) } + ["a-exact"]))
    }

    func testOutputIsTheSameForAnyWorkerCount() throws {
        var documents: [Document] = []
        for i in 0..<20 { documents.append(doc("d\(i)", Self.paragraph(i % 12))) }
        let input = try write(documents)
        var settings = DedupSettings()
        settings.lines = true
        settings.lineThreshold = 3
        for workers in [1, 3] {
            _ = try DedupStage.run(inputs: [input], output: directory + "/out\(workers)", settings: settings,
                                   workers: workers, added: "2026-01-01T00:00:00Z")
        }
        for sub in ["documents", "rejects"] {
            let one = try read(directory + "/out1/" + sub), three = try read(directory + "/out3/" + sub)
            XCTAssertEqual(one, three)
        }
        XCTAssertEqual(try read(directory + "/out1/documents").count, 12)
    }

    func testBoilerplateLinesRemovedAndEmptiedDocumentsRejected() throws {
        var documents: [Document] = []
        for i in 0..<6 {
            documents.append(doc("d\(i)", "ナビゲーション | 前へ | 次へ\n\(Self.paragraph(i))\nCopyright © 2024 Debian"))
        }
        documents.append(doc("only", "ナビゲーション | 前へ | 次へ\n\nCopyright © 2024 Debian\n"))
        let input = try write(documents)
        var settings = DedupSettings()
        settings.lines = true
        settings.exact = false
        settings.minhash = false
        settings.lineThreshold = 3
        let report = try DedupStage.run(inputs: [input], output: directory + "/out", settings: settings, workers: 2,
                                        added: "2026-01-01T00:00:00Z")
        XCTAssertEqual(report.boilerplateLines, 2)
        XCTAssertEqual(report.topRemovedLines.map(\.1).sorted(), ["Copyright © 2024 Debian", "ナビゲーション | 前へ | 次へ"])
        let kept = try read(directory + "/out/documents")
        XCTAssertEqual(kept.count, 6)
        XCTAssertEqual(kept[0].text, Self.paragraph(0) + "\n")
        XCTAssertEqual(kept[0].annotation("dedup")?["lines_removed"], .int(2))
        let rejected = try read(directory + "/out/rejects")
        XCTAssertEqual(rejected.map(\.id), ["only"])
        XCTAssertEqual(rejected[0].rejection?.reason, "boilerplate_only")
        XCTAssertEqual(rejected[0].text, documents.last!.text)  // rejects keep the original text
    }
}
