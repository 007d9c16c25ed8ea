import Foundation
import SeirenCore
import SeirenExtract
import SeirenZstd
import XCTest
@testable import SeirenIngest

final class IngestRunTests: XCTestCase {
    var work = ""

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "seiren-ingest-tests-\(UUID().uuidString)"
        try FileSystem.createDirectory(work)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    func settings(workers: Int = 1, visibility: Visibility = .consortium) -> IngestSettings {
        IngestSettings(contributor: "acme-motors", license: "CC-BY-4.0", visibility: visibility,
                       added: "2024-01-01T00:00:00Z", workers: workers)
    }

    /// Inputs: JSON Lines with the planted manual split into documents, a bad line, an unsupported file, a
    /// broken .zst, and a dataset directory (manifest + shard).
    func makeInputs() throws -> String {
        let input = work + "/manuals"
        try FileSystem.createDirectory(input + "/dataset")
        let (text, _) = PlantedManual.build()
        var lines: [UInt8] = []
        for (i, paragraph) in text.components(separatedBy: "\n").enumerated() where !paragraph.isEmpty {
            let doc = Document(id: "manual-\(i)", text: paragraph, source: "service-manual", added: "2023-12-01T00:00:00Z",
                               metadata: .object([("author", .string("担当 taro.yamada@example.co.jp"))]))
            var writer = JSONWriter()
            doc.jsonLine(into: &writer)
            lines += writer.bytes
        }
        lines += Array("{\"text\": 42}\n".utf8)
        try AtomicFileWriter.write(lines, to: input + "/service.jsonl")
        try AtomicFileWriter.write(Array("%PDF-1.4".utf8), to: input + "/scan.pdf")
        try AtomicFileWriter.write(Array("not zstd at all".utf8), to: input + "/broken.jsonl.zst")
        let dataset = try DatasetWriter(directory: input + "/dataset", name: "old")
        try dataset.write(Document(id: "d1", text: "旧版の窓口は 06-6123-4567 でした。", source: "old", added: "2020-01-01T00:00:00Z"))
        try dataset.finish()
        let stage = try StageOutput(directory: input + "/stage", settings: .object([]))
        try stage.accept(Document(id: "s1", text: "検査済みの本文。", source: "stage", added: "2020-01-01T00:00:00Z"))
        try stage.reject(Document(id: "s2", text: "重複した本文。", source: "stage", added: "2020-01-01T00:00:00Z"),
                         Rejection(stage: "dedup", reason: "duplicate"))
        try stage.finish()
        return input
    }

    func testEveryInputFileIsAccountedForAndNothingPlantedLeaves() throws {
        let input = try makeInputs()
        let dataset = work + "/out"
        let result = try IngestRun(settings: settings()).run(inputs: [input], dataset: dataset)
        let outcomes = Dictionary(uniqueKeysWithValues: result.inputs.map { ($0.file.recordedName, $0.outcome) })
        XCTAssertEqual(outcomes, [
            "manuals/broken.jsonl.zst": .failed, "manuals/dataset/manifest.json": .skipped,
            "manuals/dataset/README.md": .skipped, "manuals/stage/documents/README.md": .skipped,
            "manuals/stage/rejects/README.md": .skipped,
            "manuals/dataset/old-00000.jsonl.zst": .documents, "manuals/scan.pdf": .unsupported,
            "manuals/service.jsonl": .documents, "manuals/stage/documents/manifest.json": .skipped,
            "manuals/stage/documents/stage-00000.jsonl.zst": .documents, "manuals/stage/rejects/manifest.json": .skipped,
            "manuals/stage/rejects/stage-rejects-00000.jsonl.zst": .skipped,
        ])
        let manifest = try JSONParser.parse(FileReader.readAll(dataset + "/" + IngestRun.ingestManifestName))
        let listed = manifest["inputs"]!.arrayValue!
        XCTAssertEqual(listed.count, 12, "every input file is in the manifest")
        for entry in listed {
            let name = entry["path"]!.stringValue!
            XCTAssertEqual(entry["sha256"]?.stringValue, try Hex.sha256(file: work + "/" + name), name)
            XCTAssertFalse(name.hasPrefix("/"), "no absolute path leaves the machine")
        }
        let service = listed.first { $0["path"]?.stringValue == "manuals/service.jsonl" }!
        let serviceLines = try FileReader.readAll(input + "/service.jsonl").filter { $0 == 0x0A }.count
        XCTAssertEqual(service["rejections"]?.arrayValue?.first?["line"]?.intValue, serviceLines, "the last line")
        XCTAssertNotNil(listed.first { $0["path"]?.stringValue == "manuals/broken.jsonl.zst" }?["reason"]?.stringValue)

        // The shards hold every document, and no planted value anywhere in the dataset directory.
        let documents = try DatasetManifest.read(directory: dataset + "/documents")
        XCTAssertEqual(documents.documents, result.documents)
        var all = ""
        for shard in documents.shards {
            let reader = try DocumentReader(path: dataset + "/documents/" + shard.path, added: "")
            while case .document(let doc, _)? = try reader.next() {
                all += JSONWriter.string(doc.json)
                XCTAssertEqual(doc.annotation("contributor")?.stringValue, "acme-motors")
            }
        }
        for file in try FileSystem.files(under: dataset) where !file.hasSuffix(".zst") {
            all += String(decoding: try FileReader.readAll(file), as: UTF8.self)
        }
        for case .planted(_, let value) in PlantedManual.pieces { XCTAssertFalse(all.contains(value), value) }
        XCTAssertFalse(all.contains("taro.yamada@example.co.jp"), "metadata is redacted too")
        XCTAssertFalse(all.contains("06-6123-4567"))
        XCTAssertTrue(all.contains("ABC-1234-56"))
        XCTAssertTrue(all.contains("検査済みの本文"))
        XCTAssertFalse(all.contains("重複した本文"), "an earlier stage's rejects are not contributed")

        // The report counts match the positions file, which has spans but no values.
        let report = try JSONParser.parse(FileReader.readAll(dataset + "/" + IngestRun.reportName))
        let plantedPhones = PlantedManual.build().planted.filter { $0.kind == .phone }.count
        XCTAssertEqual(report["totals"]?["phone"]?.intValue, plantedPhones + 1, "the manual's and the old dataset's")
        let positions = String(decoding: try FileReader.readAll(dataset + "/" + IngestRun.positionsName), as: UTF8.self)
        let spanCount = positions.split(separator: "\n").reduce(0) { sum, line in
            sum + ((try? JSONParser.parse(String(line)))?["spans"]?.arrayValue?.count ?? 0)
        }
        XCTAssertEqual(spanCount, result.report.total)
    }

    func testLinksLeadingOutsideTheInputsAreNeverFollowedIntoTheDataset() throws {
        let input = work + "/manuals"
        let outside = work + "/private"
        try FileSystem.createDirectory(input)
        try FileSystem.createDirectory(outside)
        let secret = Document(id: "s", text: "社外秘 SECRET-OUTSIDE-INPUT", source: "x", added: "2024-01-01T00:00:00Z")
        var line = JSONWriter()
        secret.jsonLine(into: &line)
        try AtomicFileWriter.write(line.bytes, to: outside + "/secret.jsonl")
        let kept = Document(id: "k", text: "取扱説明書の本文です。", source: "x", added: "2024-01-01T00:00:00Z")
        var keptLine = JSONWriter()
        kept.jsonLine(into: &keptLine)
        try AtomicFileWriter.write(keptLine.bytes, to: input + "/manual.jsonl")
        XCTAssertEqual(symlink(outside, input + "/linked"), 0)
        XCTAssertEqual(symlink(outside + "/secret.jsonl", input + "/secret.jsonl"), 0)
        XCTAssertEqual(symlink(input + "/loop.jsonl", input + "/loop.jsonl"), 0)
        XCTAssertEqual(symlink(input + "/manual.jsonl", input + "/alias.jsonl"), 0)

        let dataset = work + "/out"
        let result = try IngestRun(settings: settings()).run(inputs: [input], dataset: dataset)
        let outcomes = Dictionary(uniqueKeysWithValues: result.inputs.map {
            ($0.file.recordedName, "\($0.outcome.rawValue) \($0.reason ?? "")")
        })
        XCTAssertEqual(outcomes, [
            "manuals/alias.jsonl": "documents ", "manuals/manual.jsonl": "documents ",
            "manuals/linked": "skipped symbolic link to a path outside the input",
            "manuals/secret.jsonl": "skipped symbolic link to a path outside the input",
            "manuals/loop.jsonl": "skipped symbolic link loop",
        ])
        var all = ""
        for file in try FileSystem.files(under: dataset) {
            let bytes = try FileReader.readAll(file)
            all += String(decoding: file.hasSuffix(".zst") ? try Zstd.decompress(bytes) : bytes, as: UTF8.self)
        }
        XCTAssertFalse(all.contains("SECRET-OUTSIDE-INPUT"))
        XCTAssertTrue(all.contains("取扱説明書の本文です。"))
        XCTAssertFalse(all.contains(work), "no path of the machine in the manifest")
    }

    func testPhoneNumbersInFileNamesLeaveNowhere() throws {
        let input = work + "/窓口_03-1234-5678"
        try FileSystem.createDirectory(input)
        try AtomicFileWriter.write(Array("<article><title>受付</title><para>平日に受け付けます。</para></article>".utf8),
                                   to: input + "/連絡先_090-1234-5678.xml")
        var line = JSONWriter()
        Document(id: "TEL03-1234-5679", text: "本文です。", source: "FAX0312345670", added: "2024-01-01T00:00:00Z")
            .jsonLine(into: &line)
        try AtomicFileWriter.write(line.bytes, to: input + "/tel_0312345671.jsonl")
        let dataset = work + "/out"
        let run = IngestRun(settings: settings(), readers: [ManualInputReader(extract: ExtractSettings(added: "2024-01-01T00:00:00Z"), normalize: nil),
                                                            JSONLinesInputReader()])
        let result = try run.run(inputs: [input], dataset: dataset)
        XCTAssertEqual(result.documents, 2)
        var all = ""
        for file in try FileSystem.files(under: dataset) {
            let bytes = try FileReader.readAll(file)
            all += String(decoding: file.hasSuffix(".zst") ? try Zstd.decompress(bytes) : bytes, as: UTF8.self)
        }
        for number in ["1234-5678", "090-1234", "1234-5679", "0312345670", "0312345671"] {
            XCTAssertFalse(all.contains(number), all.components(separatedBy: "\n").filter { $0.contains(number) }.joined(separator: "\n"))
        }
        XCTAssertTrue(all.contains("連絡先_<PHONE>.xml"), "the name is kept around the number")
        XCTAssertTrue(all.contains("\"id\",\"phone\""), "redactions.jsonl lists the id's span")
    }

    func testOutputIsTheSameForAnyWorkerCount() throws {
        let input = try makeInputs()
        _ = try IngestRun(settings: settings(workers: 1)).run(inputs: [input], dataset: work + "/one")
        _ = try IngestRun(settings: settings(workers: 4)).run(inputs: [input], dataset: work + "/four")
        let one = try FileSystem.files(under: work + "/one")
        let four = try FileSystem.files(under: work + "/four")
        XCTAssertEqual(one.map { $0.dropFirst(work.count + 4) }, four.map { $0.dropFirst(work.count + 5) })
        for (a, b) in zip(one, four) { XCTAssertEqual(try FileReader.readAll(a), try FileReader.readAll(b), a) }
    }

    func testDryRunWritesNothingAndShowsPositions() throws {
        let input = try makeInputs()
        var shown: [String] = []
        let result = try IngestRun(settings: settings()).run(inputs: [input], dataset: nil) { id, _, redactions in
            if !redactions.isEmpty { shown.append("\(id): \(IngestText.spans(redactions))") }
        }
        XCTAssertGreaterThan(result.report.total, 20)
        XCTAssertTrue(shown.contains { $0.contains("text phone@") }, "\(shown)")
        XCTAssertEqual(try FileSystem.contents(of: work), ["manuals"])
    }

    func testContributionBundleOpensToTheKeptDataset() throws {
        let input = try makeInputs()
        let consortium = PrivateKeys(), member = PrivateKeys()
        let bundle = work + "/acme.seiren"
        let run = IngestRun(settings: settings())
        let (_, header) = try Contribution(run: run, inputs: [input], bundle: bundle, recipient: consortium.publicKeys,
                                           signingKey: member.signing, keepDataset: work + "/kept").make()
        XCTAssertEqual(header.protection, .hpke)
        XCTAssertEqual(header.payloadSHA256, try ArchiveWriter.digest(directory: work + "/kept"))
        try BundleReader(path: bundle).open(keys: consortium, contributor: member.signing.publicKey, into: work + "/opened")
        for file in try FileSystem.files(under: work + "/kept") {
            let relative = file.dropFirst(work.count + 5)
            XCTAssertEqual(try FileReader.readAll(file), try FileReader.readAll(work + "/opened" + relative), String(relative))
        }
        XCTAssertEqual(try FileSystem.contents(of: work).sorted(), ["acme.seiren", "kept", "manuals", "opened"],
                       "no staging directory is left behind")
    }

    func testPrivateContributionNeedsARecipientAndPublicOneDoesNot() throws {
        let input = try makeInputs()
        let member = PrivateKeys()
        XCTAssertThrowsError(try Contribution(run: IngestRun(settings: settings(visibility: .private)), inputs: [input],
                                              bundle: work + "/p.seiren", recipient: nil, signingKey: member.signing).make())
        let (_, header) = try Contribution(run: IngestRun(settings: settings(visibility: .public)), inputs: [input],
                                           bundle: work + "/pub.seiren", recipient: nil, signingKey: member.signing).make()
        XCTAssertEqual(header.protection, .none)
        let verification = try BundleReader(path: work + "/pub.seiren").verify(contributor: member.signing.publicKey)
        XCTAssertEqual(verification.entries?.map(\.path).contains("ingest-manifest.json"), true)
    }
}
