import Foundation
import XCTest

/// `seiren run` end to end, on the shipped samples and on a generated corpus large enough to interrupt.
final class RunCommandTests: XCTestCase {
    private func manifest(name: String = "t", output: String, sources: String, stages: String, added: Bool = true) -> String {
        """
        name: \(name)
        output: \(output)
        \(added ? "added: \"2024-01-01T00:00:00Z\"" : "")
        sources:
        \(sources)
        stages:
        \(stages)
        """
    }

    private func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    private func totals(_ dataset: String) throws -> (documents: Int, characters: Int) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dataset + "/manifest.json"))) as! [String: Any]
        let totals = json["totals"] as! [String: Any]
        return (totals["documents"] as! Int, totals["characters"] as! Int)
    }

    private func files(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for part in ["documents", "rejects"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(part)") {
                result["\(part)/\(name)"] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(part)/\(name)"))
            }
        }
        return result
    }

    func testSamplesEndToEnd() throws {
        let dir = try temporaryDirectory(self)
        let text = try RunFixtures.samplesManifest(output: dir + "/out")
        try write(text, dir + "/samples.yaml")
        let result = try CLI.seiren(["run", dir + "/samples.yaml", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("report:"), result.stdout)

        // Every input record is in the output or in rejects: the extract stage's in-count is every file's documents
        // plus every rejected file; each later stage's in is the previous one's out.
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/report.json"))) as! [String: Any]
        XCTAssertGreaterThan(report["raw_input_bytes"] as? Int ?? 0, 10_000, "the size of the sample manuals")
        let stages = report["stages"] as! [[String: Any]]
        XCTAssertEqual(stages.map { $0["stage"] as! String }, ["extract", "normalize", "filter", "dedup"])
        for (previous, next) in zip(stages, stages.dropFirst()) {
            XCTAssertEqual(previous["documents_out"] as! Int, next["documents_in"] as! Int)
        }
        let recordsIn = stages[0]["documents_in"] as! Int
        let out = try totals(dir + "/out/documents").documents
        let rejected = try totals(dir + "/out/rejects").documents
        XCTAssertEqual(out + rejected, recordsIn)
        XCTAssertEqual(stages.reduce(0) { $0 + ($1["rejected"] as! Int) }, rejected)
        // The planted near duplicates and the link farm are caught.
        let reasons = stages.flatMap { ($0["rejections"] as! [String: Any]).keys }
        XCTAssertTrue(reasons.contains { $0.contains("duplicate") }, "\(reasons)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/report.html"))
        let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg"), "the report draws its charts inline")

        // The vocabulary trained on the output loads and encodes, in Seiren and in the reference library.
        let vocabulary = dir + "/out/vocab/samples"
        let encoded = try CLI.seiren(["encode-text", "--tokenizer", vocabulary, "ブレーキ液を点検します。"])
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        XCTAssertTrue(encoded.stdout.contains("decoded: \"ブレーキ液を点検します。\""), encoded.stdout)
        XCTAssertNotNil((report["vocabulary"] as? [String: Any])?["tokens_per_character"] as? Double)
        // Token ids for a trainer, and the measurement of the trained and the shipped vocabulary.
        for file in ["tokens/samples.bin", "tokens/samples.idx", "tokens/manifest.json", "measure.json", "measure.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/" + file), file)
        }
        let tokens = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/tokens/manifest.json"))) as! [String: Any]
        XCTAssertEqual(tokens["documents"] as? Int, out)
        XCTAssertTrue(html.contains("Tokens per character"))
        if let python = ProcessInfo.processInfo.environment["SEIREN_PYTHON"] {
            let ids = encoded.stdout.split(separator: "\n").first { $0.hasPrefix("ids:") }!
                .dropFirst(4).split(separator: " ").map { Int($0)! }
            let check = try CLI.run(python, ["-c", """
                import sentencepiece as spm, sys
                sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
                print(" ".join(map(str, sp.encode("ブレーキ液を点検します。"))))
                """, vocabulary + "/samples.model"])
            XCTAssertEqual(check.status, 0, check.stderr)
            XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), ids.map(String.init).joined(separator: " "))
        }
    }

    /// A corpus big enough that a run can be killed between stages.
    private func makeCorpus(_ dir: String) throws -> String {
        var lines: [String] = []
        let phrases = ["ブレーキ液の液面を点検します。", "原点復帰を行ってから運転を再開してください。", "冷却ファンの動作を確認してください。",
                       "ケーブルの損傷がないか確かめます。", "ＵＳＢメモリーを差し込みます。", "温度が４０℃を超えないようにします。"]
        for i in 0..<4000 {
            var text = "第\(i)章 点検手順\n"
            for k in 0..<12 { text += phrases[(i * 7 + k * 3) % phrases.count] + "手順\(i % 97)-\(k)。" }
            if i % 50 == 0 { text = "短い" }
            lines.append(#"{"id":"doc-\#(i)","text":"\#(text.replacingOccurrences(of: "\n", with: "\\n"))"}"#)
            if i % 40 == 3 { lines.append(lines.last!.replacingOccurrences(of: "doc-\(i)", with: "copy-\(i)")) }
        }
        let path = dir + "/corpus.jsonl"
        try write(lines.joined(separator: "\n") + "\n", path)
        return path
    }

    private func corpusManifest(_ corpus: String, output: String, threshold: String = "0.7") -> String {
        manifest(output: output, sources: """
              - name: generated
                paths: [\(corpus)]
                format: jsonl
            """, stages: """
              normalize: {preset: default}
              filter: {preset: manuals}
              dedup: {exact: true, minhash: true, threshold: \(threshold)}
              shard: {max_shard_bytes: 200000}
            """)
    }

    /// A manifest copied with its corpus runs from any current directory: its relative source paths and output are
    /// taken from its folder; an absolute path stays as it is.
    func testRelativePathsAreTakenFromTheManifestsFolder() throws {
        let dir = try temporaryDirectory(self)
        let project = dir + "/project"
        try FileManager.default.createDirectory(atPath: project + "/corpus", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.repositoryRoot + "/corpora-manifests/samples/manuals-sample.jsonl",
                                         toPath: project + "/corpus/sample.jsonl")
        try write("""
            name: moved
            output: out
            added: "2024-01-01T00:00:00Z"
            sources:
              - {name: relative, paths: [corpus/sample.jsonl], format: jsonl}
              - {name: absolute, paths: [\(CLI.repositoryRoot)/corpora-manifests/samples/manuals/html], format: html}
            stages: {filter: {preset: manuals}}

            """, project + "/corpus.yaml")
        let result = try CLI.seiren(["run", "../project/corpus.yaml", "--workers", "1"], workingDirectory: dir + "/elsewhere")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/out/documents/manifest.json"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/elsewhere/out"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: project + "/out/report.json"))) as! [String: Any]
        let stages = report["stages"] as! [[String: Any]]
        let extract = try XCTUnwrap(stages.first { $0["stage"] as? String == "extract" })
        // Both sources were found: the sample's 11 documents and the HTML pages.
        XCTAssertGreaterThan(extract["documents_out"] as? Int ?? 0, 11, "\(extract)")
    }

    func testOneAndTwoWorkersGiveIdenticalOutput() throws {
        let dir = try temporaryDirectory(self)
        let corpus = try makeCorpus(dir)
        for workers in ["1", "2"] {
            try write(corpusManifest(corpus, output: "\(dir)/w\(workers)"), "\(dir)/w\(workers).yaml")
            let result = try CLI.seiren(["run", "\(dir)/w\(workers).yaml", "--workers", workers])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let one = try files(dir + "/w1"), two = try files(dir + "/w2")
        XCTAssertGreaterThan(one.count, 4)
        XCTAssertEqual(one.keys.sorted(), two.keys.sorted())
        for (name, data) in one { XCTAssertEqual(data, two[name], name) }
    }

    func testKilledRunResumesToIdenticalOutput() throws {
        let dir = try temporaryDirectory(self)
        let corpus = try makeCorpus(dir)
        try write(corpusManifest(corpus, output: dir + "/straight"), dir + "/straight.yaml")
        XCTAssertEqual(try CLI.seiren(["run", dir + "/straight.yaml"]).status, 0)

        try write(corpusManifest(corpus, output: dir + "/killed"), dir + "/killed.yaml")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.seiren)
        process.arguments = ["run", dir + "/killed.yaml", "--workers", "1"]
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the first stage is recorded, then kill -9 in the middle of the next ones.
        let state = dir + "/killed/state.json"
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if let text = try? String(contentsOfFile: state, encoding: .utf8), text.contains("\"extract\"") { break }
            usleep(2000)
        }
        let killedMidway = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let resumed = try CLI.seiren(["run", dir + "/killed.yaml"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(killedMidway, "the run ended before it could be killed; make the corpus larger")
        XCTAssertTrue(resumed.stderr.contains("extract: already done, kept"), resumed.stderr)
        let straight = try files(dir + "/straight"), after = try files(dir + "/killed")
        XCTAssertEqual(straight.keys.sorted(), after.keys.sorted())
        for (name, data) in straight { XCTAssertEqual(data, after[name], name) }
    }

    func testChangedSettingRerunsThatStageAndLaterOnly() throws {
        let dir = try temporaryDirectory(self)
        let corpus = try makeCorpus(dir)
        try write(corpusManifest(corpus, output: dir + "/out"), dir + "/m.yaml")
        XCTAssertEqual(try CLI.seiren(["run", dir + "/m.yaml"]).status, 0)
        try write(corpusManifest(corpus, output: dir + "/out", threshold: "0.9"), dir + "/m.yaml")
        let rerun = try CLI.seiren(["run", dir + "/m.yaml"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        for kept in ["extract", "normalize", "filter"] {
            XCTAssertTrue(rerun.stderr.contains("\(kept): already done, kept"), rerun.stderr)
        }
        XCTAssertFalse(rerun.stderr.contains("dedup: already done"), rerun.stderr)
    }

    func testBadManifestIsOneLine() throws {
        let dir = try temporaryDirectory(self)
        try write("name: x\noutput: \(dir)/o\nsources:\n  - {name: s, paths: [\(CLI.repositoryRoot)/corpora-manifests/samples/manuals-sample.jsonl]}\nstages: {normalise: {}}\n", dir + "/bad.yaml")
        let result = try CLI.seiren(["run", dir + "/bad.yaml"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("bad.yaml:5: stages.normalise: unknown key"), result.stderr)
    }
}
