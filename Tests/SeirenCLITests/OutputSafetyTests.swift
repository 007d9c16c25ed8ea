import Foundation
import XCTest

/// An output folder is whole or absent: written aside and renamed in, under a lock, never over an earlier output
/// without `--overwrite`, never inside its input; and readers refuse what is not whole.
final class OutputSafetyTests: XCTestCase {
    let sample = "corpora-manifests/samples/manuals-sample.jsonl"
    let fixedTime = ["SOURCE_DATE_EPOCH": "1700000000"]

    /// A `seiren` started in the background reading a FIFO: it blocks in its first read, so the test knows it has
    /// opened its output (that comes before reading) once the FIFO opens for writing.
    private struct BlockedRun {
        let process: Process
        let fifo: FileHandle

        init(_ arguments: [String], fifo path: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.seiren)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            fifo = FileHandle(forWritingAtPath: path)!  // Returns once seiren opened the FIFO to read.
        }

        func finish(writing text: String) -> Int32 {
            fifo.write(Data(text.utf8))
            try? fifo.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    private func makeFIFO(_ directory: String) -> String {
        let path = directory + "/input.jsonl"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        return path
    }

    private func manifestTotals(_ directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        return (try JSONSerialization.jsonObject(with: data) as! [String: Any])["totals"] as! [String: Any]
    }

    func testAnExistingOutputIsRefusedWithoutOverwriteAndReplacedWholeWithIt() throws {
        let base = try temporaryDirectory(self)
        let out = base + "/out"
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", out, "--max-shard-bytes", "500"], environment: fixedTime).status, 0)
        let shardsBefore = try FileManager.default.contentsOfDirectory(atPath: out + "/documents").count
        XCTAssertGreaterThan(shardsBefore, 3)

        let small = base + "/small.jsonl"
        try #"{"text": "一つだけ"}"#.write(toFile: small, atomically: true, encoding: .utf8)
        let refused = try CLI.seiren(["shard", small, "-o", out], environment: fixedTime)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("exists and is not empty; give --overwrite"), refused.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/documents").count, shardsBefore)

        let replaced = try CLI.seiren(["shard", small, "-o", out, "--overwrite"], environment: fixedTime)
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/documents").sorted(),
                       ["README.md", "manifest.json", "out-00000.jsonl.zst"])
        XCTAssertEqual(try manifestTotals(out + "/documents")["documents"] as? Int, 1)
        XCTAssertEqual(try CLI.seiren(["inspect", out, "--verify"]).status, 0)
        // Nothing left beside it: no temporary folder, no lock.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base).sorted(), ["out", "small.jsonl"])

        // --overwrite never removes a folder that is not an output.
        let precious = base + "/precious"
        try FileManager.default.createDirectory(atPath: precious, withIntermediateDirectories: true)
        try "keep me".write(toFile: precious + "/notes.txt", atomically: true, encoding: .utf8)
        let notOutput = try CLI.seiren(["shard", small, "-o", precious, "--overwrite"], environment: fixedTime)
        XCTAssertEqual(notOutput.status, 1)
        XCTAssertTrue(notOutput.stderr.contains("does not look like a seiren output"), notOutput.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: precious + "/notes.txt"))
    }

    func testEveryStageCommandRefusesAnExistingOutput() throws {
        let base = try temporaryDirectory(self)
        let input = base + "/in"
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", input], environment: fixedTime).status, 0)
        let taken = base + "/taken"
        try FileManager.default.createDirectory(atPath: taken + "/documents", withIntermediateDirectories: true)
        for command in [["normalize", input], ["filter", input], ["dedup", input], ["shard", input],
                        ["segment", input], ["extract", "Tests/SeirenExtractTests"]] {
            let result = try CLI.seiren(command + ["-o", taken], environment: fixedTime)
            XCTAssertEqual(result.status, 1, command.joined(separator: " ") + "\n" + result.stderr)
            XCTAssertTrue(result.stderr.contains("exists and is not empty"), command[0] + ": " + result.stderr)
        }
    }

    func testASecondWriterOfTheSameOutputIsRefused() throws {
        let base = try temporaryDirectory(self)
        let out = base + "/out"
        let first = try BlockedRun(["shard", makeFIFO(base), "-o", out], fifo: base + "/input.jsonl")
        let second = try CLI.seiren(["shard", sample, "-o", out], environment: fixedTime)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("another seiren process is writing this output"), second.stderr)
        XCTAssertEqual(first.finish(writing: #"{"text": "最初の書き手"}"# + "\n"), 0)
        XCTAssertEqual(try manifestTotals(out + "/documents")["documents"] as? Int, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base).sorted(), ["input.jsonl", "out"])
    }

    func testASecondRunIntoTheSameOutputIsRefused() throws {
        let base = try temporaryDirectory(self)
        let fifo = makeFIFO(base)
        try """
            name: locked
            output: \(base)/run
            added: "2024-01-01T00:00:00Z"
            sources:
              - name: a
                paths: [\(fifo)]
                format: jsonl
            stages:
              extract: {}
            """.write(toFile: base + "/run.yaml", atomically: true, encoding: .utf8)
        let first = try BlockedRun(["run", base + "/run.yaml"], fifo: fifo)
        let second = try CLI.seiren(["run", base + "/run.yaml"])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("another seiren process is writing this output"), second.stderr)
        XCTAssertEqual(first.finish(writing: #"{"text": "最初の実行"}"# + "\n"), 0)
        XCTAssertEqual(try manifestTotals(base + "/run/documents")["documents"] as? Int, 1)
    }

    /// SIGINT, SIGTERM or SIGHUP while writing: no output appears, the temporary folder is refused as input, and the
    /// next run into the same output removes it.
    func testAnInterruptedRunLeavesNoOutputAndItsTemporaryFolderIsRefusedThenRemoved() throws {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let base = try temporaryDirectory(self)
            let out = base + "/out"
            let run = try BlockedRun(["shard", makeFIFO(base), "-o", out], fifo: base + "/input.jsonl")
            run.fifo.write(Data((#"{"text": "途中まで"}"# + "\n").utf8))
            kill(run.process.processIdentifier, signal)
            run.process.waitUntilExit()
            try? run.fifo.close()
            XCTAssertNotEqual(run.process.terminationStatus, 0)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "signal \(signal)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: base).filter { $0.hasPrefix(".out.seiren-tmp-") }
            XCTAssertEqual(leftovers.count, 1, "signal \(signal)")

            let reader = try CLI.seiren(["normalize", base + "/" + leftovers[0], "-o", base + "/n"], environment: fixedTime)
            XCTAssertEqual(reader.status, 1)
            XCTAssertTrue(reader.stderr.contains("unfinished output of an interrupted seiren run"), reader.stderr)

            XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", out], environment: fixedTime).status, 0)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base).sorted(), ["input.jsonl", "out"])
        }
    }

    func testAnOutputInsideItsInputOrHoldingItIsRefused() throws {
        let base = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: base + "/corpus", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.repositoryRoot + "/" + sample, toPath: base + "/corpus/a.jsonl")
        let inside = try CLI.seiren(["shard", base + "/corpus", "-o", base + "/corpus/out"], environment: fixedTime)
        XCTAssertEqual(inside.status, 1)
        XCTAssertTrue(inside.stderr.contains("the output is inside the input"), inside.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/corpus/out"))
        // Through a symlink too.
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: base + "/corpus")
        XCTAssertEqual(try CLI.seiren(["extract", base + "/corpus", "-o", base + "/link/x"], environment: fixedTime).status, 1)

        XCTAssertEqual(try CLI.seiren(["shard", base + "/corpus", "-o", base + "/out"], environment: fixedTime).status, 0)
        let holding = try CLI.seiren(["normalize", base + "/out/documents", "-o", base + "/out", "--overwrite"], environment: fixedTime)
        XCTAssertEqual(holding.status, 1)
        XCTAssertTrue(holding.stderr.contains("is inside the output"), holding.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: base + "/out/documents/manifest.json"))
    }

    func testARunWhoseOutputIsInsideASourceIsRefused() throws {
        let base = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: base + "/corpus", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.repositoryRoot + "/" + sample, toPath: base + "/corpus/a.jsonl")
        for paths in ["[\(base)/corpus]", "[\"\(base)/corpus/**/*.jsonl\"]"] {
            try """
                name: inside
                output: \(base)/corpus/out
                sources:
                  - name: a
                    paths: \(paths)
                    format: jsonl
                stages:
                  extract: {}
                """.write(toFile: base + "/inside.yaml", atomically: true, encoding: .utf8)
            let result = try CLI.seiren(["run", base + "/inside.yaml"])
            XCTAssertEqual(result.status, 1, paths)
            XCTAssertTrue(result.stderr.contains("the output is inside the input"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: base + "/corpus/out"))
        }
    }

    func testReadersRefuseADatasetWithoutACompleteManifest() throws {
        let base = try temporaryDirectory(self)
        let out = base + "/out"
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", out], environment: fixedTime).status, 0)
        // What an interrupted run of an older version left: shards and no manifest.
        try FileManager.default.removeItem(atPath: out + "/documents/manifest.json")
        let withoutManifest = try CLI.seiren(["normalize", out, "-o", base + "/n1"], environment: fixedTime)
        XCTAssertEqual(withoutManifest.status, 1)
        XCTAssertTrue(withoutManifest.stderr.contains("\(out): a stage output without documents/manifest.json"), withoutManifest.stderr)
        let shardsAlone = try CLI.seiren(["normalize", out + "/documents", "-o", base + "/n2"], environment: fixedTime)
        XCTAssertEqual(shardsAlone.status, 1)
        XCTAssertTrue(shardsAlone.stderr.contains("a seiren shard in a folder without manifest.json"), shardsAlone.stderr)

        // A manifest whose shard is cut short (an interrupted copy), or gone.
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", base + "/whole"], environment: fixedTime).status, 0)
        let shard = base + "/whole/documents/whole-00000.jsonl.zst"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: shard))
        let short = try CLI.seiren(["filter", base + "/whole", "-o", base + "/f"], environment: fixedTime)
        XCTAssertEqual(short.status, 1)
        XCTAssertTrue(short.stderr.contains("whole-00000.jsonl.zst has \(bytes.count / 2) bytes, the manifest says \(bytes.count)"), short.stderr)
        try FileManager.default.removeItem(atPath: base + "/whole/documents/whole-00000.jsonl.zst")
        let missing = try CLI.seiren(["filter", base + "/whole", "-o", base + "/f"], environment: fixedTime)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("lists whole-00000.jsonl.zst, which is missing"), missing.stderr)
    }

    func testVerifyReportsShardsTheManifestDoesNotList() throws {
        let base = try temporaryDirectory(self)
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", base + "/out"], environment: fixedTime).status, 0)
        try FileManager.default.copyItem(atPath: base + "/out/documents/out-00000.jsonl.zst",
                                         toPath: base + "/out/documents/out-00001.jsonl.zst")
        let result = try CLI.seiren(["inspect", base + "/out", "--verify"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("out-00001.jsonl.zst: in the folder but not listed in the manifest"), result.stdout)
    }
}
