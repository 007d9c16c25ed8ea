import SeirenCore
@testable import SeirenDedup
import XCTest

/// The phases' intermediate files: sorted record files merged in input order, line counts partitioned by hash and
/// merged across parts, and the keep rule across parts.
extension DedupStageTests {
    func testMergeOrdersByKeyThenFileThenTheRest() throws {
        var generator = SplitMix64(seed: 7)
        var expected: [(key: UInt64, file: Int, rest: UInt64)] = []
        var paths: [String] = []
        for file in 0..<6 {
            // Few distinct keys, so equal keys meet across files; one file empty.
            var records = (0..<(file == 3 ? 0 : 500)).map { _ in (generator.next() % 40, generator.next() % 1000) }
            records.sort { $0 < $1 }
            let path = directory + "/\(file)"
            try RecordWriter.write(words: records.flatMap { [$0.0, $0.1] }, width: 2, to: path)
            paths.append(path)
            expected += records.map { ($0.0, file, $0.1) }
        }
        expected.sort { ($0.key, $0.file, $0.rest) < ($1.key, $1.file, $1.rest) }
        var merge = try RecordMerge(paths: paths, width: 2, keyWords: 1)
        var merged: [(key: UInt64, file: Int, rest: UInt64)] = []
        while let (file, record) = try merge.next() { merged.append((record[0], file, record[1])) }
        XCTAssertEqual(merged.count, expected.count)
        XCTAssertTrue(zip(merged, expected).allSatisfy { $0.key == $1.key && $0.file == $1.file && $0.rest == $1.rest })
    }

    func testLineCountsPartitionedAndMergedEqualTheInMemorySum() throws {
        var settings = DedupSettings()
        settings.lines = true
        settings.lineThreshold = 3
        let parts = 5
        var folders: [DedupPhase: String] = [:]
        for phase in [DedupPhase.lines, .boilerplate] {
            folders[phase] = directory + "/" + phase.rawValue
            try FileSystem.createDirectory(folders[phase]!)
        }
        let workspace = DedupWorkspace(settings: settings, parts: parts, folders: folders)
        var total = LineBoilerplate(threshold: 3)
        var generator = SplitMix64(seed: 3)
        for part in 0..<parts {
            var lines: [String] = []
            for document in 0..<(part == 2 ? 0 : 40) {  // an empty part
                // Lines shared across parts (small numbers) and lines of one document only.
                let text = (0..<6).map { _ in "行\(generator.next() % 60)" }.joined(separator: "\n") + "\n固有\(part)-\(document)"
                total.add(LineBoilerplate.distinctLines(of: text))
                lines.append(JSONWriter.string(Document(id: "\(part)-\(document)", text: text, source: "t", added: "x").json))
            }
            let path = directory + "/part-\(part).jsonl"
            try (lines.map { $0 + "\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
            try LinePhase.run(part: part, inputs: [path], workspace: workspace, workers: 2, added: "x")
        }
        XCTAssertEqual(workspace.hashPartitions, parts)
        for partition in 0..<workspace.hashPartitions { try BoilerplatePhase.run(partition: partition, workspace: workspace) }
        let boilerplate = try workspace.boilerplate()
        XCTAssertFalse(boilerplate.isEmpty)
        XCTAssertEqual(boilerplate, total.boilerplate())
    }

    func testKeepRulePrefersTheSmallestIdAcrossParts() throws {
        let text = DedupStageTests.paragraph(3)
        let first = Document(id: "zz-first", text: text, source: "t", added: "x")
        let later = Document(id: "aa-later", text: text, source: "t", added: "x")
        let other = Document(id: "m", text: DedupStageTests.paragraph(8), source: "t", added: "x")
        try (JSONWriter.string(first.json) + "\n" + JSONWriter.string(other.json) + "\n").write(toFile: directory + "/a.jsonl", atomically: true, encoding: .utf8)
        try (JSONWriter.string(later.json) + "\n").write(toFile: directory + "/b.jsonl", atomically: true, encoding: .utf8)
        let report = try DedupStage.run(inputs: [directory + "/a.jsonl", directory + "/b.jsonl"], output: directory + "/out",
                                        settings: DedupSettings(), workers: 1, added: "x")
        XCTAssertEqual(report.exactDuplicates, 1)
        let reader = try DocumentReader(path: try DatasetLocator.files(for: directory + "/out/rejects")[0], added: "x")
        guard case .document(let rejected, _)? = try reader.next() else { return XCTFail("no reject") }
        XCTAssertEqual(rejected.id, "zz-first")
        XCTAssertEqual(rejected.rejection?.details.first { $0.0 == "kept_id" }?.1, .string("aa-later"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out/.dedup-phases"), "the phases' folders are removed")
    }

    /// A part's report goes through its JSON file in `seiren run` (the stage's report sums them): nothing is lost on
    /// the way.
    func testPartReportReadsBackFromItsJSON() {
        var report = DedupPartReport()
        report.summary.documentsIn = 7
        report.summary.documentsOut = 4
        report.summary.rejected = 3
        report.summary.badRecords = 1
        report.summary.blankLines = 2
        report.summary.charactersIn = 700
        report.summary.charactersOut = 400
        report.summary.bytesIn = 2048
        report.summary.unreadableFiles = ["a.jsonl.zst"]
        report.summary.reasons = ["exact_duplicate": 1, "near_duplicate": 2]
        report.documentsWithLinesRemoved = 5
        report.linesRemoved = 9
        report.exactDuplicates = 1
        report.nearDuplicates = 2
        report.lineTexts = [UInt64.max: "© 2026 フッター", 3: "目次"]
        let read = DedupPartReport(json: report.json)
        XCTAssertEqual(JSONWriter.string(read.json), JSONWriter.string(report.json))
        XCTAssertEqual(read.lineTexts, report.lineTexts)
        XCTAssertEqual(read.summary.reasons, report.summary.reasons)
    }

    /// A damaged id file of a phase is a clear error naming it, not a crash.
    func testDamagedIdsAreAClearError() throws {
        try FileSystem.createDirectory(directory + "/unit")
        try AtomicFileWriter.write(Array("abc".utf8), to: directory + "/unit/ids")
        try RecordWriter.write(words: [3, 1], width: 1, to: directory + "/unit/id-ends")  // ends going backwards
        let ids = try PartIDs(folder: directory + "/unit")
        XCTAssertEqual(try ids.utf8(0), Array("abc".utf8))
        for position in [1, 2] {
            XCTAssertThrowsError(try ids.utf8(position)) { error in
                XCTAssertTrue("\(error)".contains("the dedup phases' files are damaged"), "\(error)")
            }
        }
    }
}
