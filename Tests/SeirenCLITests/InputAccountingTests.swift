import Foundation
import XCTest

/// Every line of the input is accounted for, whatever its state: blank lines are counted, compressed inputs are
/// read (or refused), and damage anywhere gives the same exit status 2 from every command, after what was readable
/// has been kept.
final class InputAccountingTests: XCTestCase {
    let fixedTime = ["SOURCE_DATE_EPOCH": "1700000000"]

    private func lines(_ count: Int) -> String {
        (0..<count).map { #"{"id": "d\#($0)", "text": "文書\#($0)の本文です。ブレーキ液を点検してください。番号\#($0 * 7919 % 1000)。"}"# }
            .joined(separator: "\n") + "\n"
    }

    /// Compresses `text` into `path` with Python's own gzip, lzma or bz2 module, `members` times over
    /// (concatenated members, as `cat a.gz b.gz` or pigz make), and cuts it to `keep` of its bytes when asked.
    private func compress(_ text: String, module: String, to path: String, members: Int = 1, keep: Double = 1) throws {
        let script = """
            import sys, \(module)
            data = sys.stdin.buffer.read()
            part = len(data) // \(members)
            chunks = [data[i * part:(i + 1) * part if i < \(members) - 1 else len(data)] for i in range(\(members))]
            out = b"".join(\(module).compress(c) for c in chunks)
            open(sys.argv[1], "wb").write(out[:int(len(out) * \(keep))])
            """
        let result = try CLI.run("python3", ["-c", script, path], stdin: Data(text.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    private func totals(_ directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        return (try JSONSerialization.jsonObject(with: data) as! [String: Any])["totals"] as! [String: Any]
    }

    func testGzipXzAndBzip2InputsAreReadWholeIncludingConcatenatedMembers() throws {
        let dir = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        let text = lines(500)
        for (module, suffix) in [("gzip", "gz"), ("lzma", "xz"), ("bz2", "bz2")] {
            let input = "\(dir)/in/\(suffix).jsonl.\(suffix)"
            try compress(text, module: module, to: input, members: 3)
            let out = "\(dir)/out-\(suffix)"
            let result = try CLI.seiren(["shard", input, "-o", out], environment: fixedTime)
            XCTAssertEqual(result.status, 0, suffix + ": " + result.stderr)
            XCTAssertEqual(try totals(out + "/documents")["documents"] as? Int, 500, suffix)
            let plain = try CLI.run("zstd", ["-dc", "\(out)/documents/out-\(suffix)-00000.jsonl.zst"])
            XCTAssertTrue(plain.stdout.contains(#""id":"d499""#), suffix)
        }
        // A folder of them is read too.
        let folder = try CLI.seiren(["shard", dir + "/in", "-o", dir + "/all"], environment: fixedTime)
        XCTAssertEqual(folder.status, 0, folder.stderr)
        XCTAssertEqual(try totals(dir + "/all/documents")["documents"] as? Int, 1500)
    }

    func testTruncatedCompressedInputKeepsWhatWasReadAndExitsTwo() throws {
        let dir = try temporaryDirectory(self)
        for (module, suffix) in [("gzip", "gz"), ("lzma", "xz"), ("bz2", "bz2")] {
            let input = "\(dir)/cut.jsonl.\(suffix)"
            // Big enough for several bzip2 blocks (900 kB each): a cut block is lost whole.
            try compress(lines(30000), module: module, to: input, keep: 0.6)
            let out = "\(dir)/out-\(suffix)"
            let result = try CLI.seiren(["shard", input, "-o", out], environment: fixedTime)
            XCTAssertEqual(result.status, 2, suffix + ": " + result.stderr)
            XCTAssertTrue(result.stderr.contains("could not be read to the end"), result.stderr)
            let kept = try totals(out + "/documents")["documents"] as! Int
            XCTAssertGreaterThan(kept, 0, suffix + ": what came before the damage is kept")
            XCTAssertLessThan(kept, 30000, suffix)
            XCTAssertEqual(try totals(out + "/rejects")["documents"] as? Int, 1, suffix + ": the damage is in rejects")
            try FileManager.default.removeItem(atPath: input)
        }
    }

    func testUnknownCompressionAndMisnamedFilesAreRefused() throws {
        let dir = try temporaryDirectory(self)
        try compress(lines(3), module: "gzip", to: dir + "/hidden.jsonl")
        let misnamed = try CLI.seiren(["shard", dir + "/hidden.jsonl", "-o", dir + "/a"], environment: fixedTime)
        XCTAssertEqual(misnamed.status, 1)
        XCTAssertTrue(misnamed.stderr.contains("gzip-compressed but the name has no matching ending"), misnamed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a"))

        try Data("PK\u{03}\u{04}rest".utf8).write(to: URL(fileURLWithPath: dir + "/data.jsonl.zip"))
        let zip = try CLI.seiren(["shard", dir + "/data.jsonl.zip", "-o", dir + "/b"], environment: fixedTime)
        XCTAssertEqual(zip.status, 1)
        XCTAssertTrue(zip.stderr.contains(".zip files are not read"), zip.stderr)

        try compress(lines(3), module: "gzip", to: dir + "/bundle.tar.gz")
        let tar = try CLI.seiren(["shard", dir + "/bundle.tar.gz", "-o", dir + "/c"], environment: fixedTime)
        XCTAssertEqual(tar.status, 1)
        XCTAssertTrue(tar.stderr.contains(".tar.gz files are not read"), tar.stderr)
    }

    /// One rule for every command: completed with the readable part kept, the damage in rejects, exit status 2.
    func testEveryCommandExitsTwoOnUnreadableInputAfterKeepingTheRest() throws {
        let dir = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try compress(lines(3000), module: "gzip", to: dir + "/in/cut.jsonl.gz", keep: 0.6)
        for command in ["shard", "normalize", "filter", "dedup", "segment"] {
            let out = dir + "/" + command
            var arguments = [command, dir + "/in", "-o", out]
            if command == "filter" { arguments += ["--rules", try rulesFile(dir)] }
            let result = try CLI.seiren(arguments, environment: fixedTime)
            XCTAssertEqual(result.status, 2, command + ": " + result.stderr)
            XCTAssertTrue(result.stderr.contains("cut.jsonl.gz: could not be read to the end"), command + ": " + result.stderr)
            XCTAssertGreaterThan(try totals(out + "/documents")["documents"] as! Int, 0, command)
            let rejects = try CLI.run("sh", ["-c", "zstd -dc '\(out)'/rejects/*.jsonl.zst"])
            XCTAssertTrue(rejects.stdout.contains("corrupt or truncated compressed data"), command)
        }
    }

    /// The commands that write no rejects folder follow the same rule: train and measure report the damaged file and
    /// exit 2 after using what came before it; `seiren run` exits 2 when a stage's rejects hold such damage.
    func testTrainMeasureAndRunExitTwoOnUnreadableInput() throws {
        let dir = try temporaryDirectory(self)
        try compress(lines(20000), module: "gzip", to: dir + "/cut.jsonl.gz", keep: 0.6)
        let train = try CLI.seiren(["train", dir + "/cut.jsonl.gz", "-o", dir + "/vocab/small", "--vocab-size", "300"])
        XCTAssertEqual(train.status, 2, train.stderr)
        XCTAssertTrue(train.stderr.contains("cut.jsonl.gz: could not be read to the end"), train.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/vocab/small/small.model"))

        let measure = try CLI.seiren(["measure", "--tokenizer", dir + "/vocab/small", "--no-morphemes", dir + "/cut.jsonl.gz"])
        XCTAssertEqual(measure.status, 2, measure.stderr)
        XCTAssertTrue(measure.stdout.contains("small"), measure.stdout)

        try """
            name: cut
            output: \(dir)/run
            added: "2024-01-01T00:00:00Z"
            sources:
              - name: cut
                paths: [\(dir)/cut.jsonl.gz]
                format: jsonl
            stages:
              extract: {}
            """.write(toFile: dir + "/cut.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["run", dir + "/cut.yaml", "--workers", "2"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("1 input files could not be read"), run.stderr)
        XCTAssertGreaterThan(try totals(dir + "/run/documents")["documents"] as! Int, 0)
    }

    private func rulesFile(_ dir: String) throws -> String {
        let path = dir + "/rules.json"
        try #"[{"rule": "characters", "params": {"min": 1}}]"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testBlankLinesAreCountedInTheSummaryAndTheReport() throws {
        let dir = try temporaryDirectory(self)
        let input = dir + "/blank.jsonl"
        try (#"{"text": "一"}"# + "\n\n   \n" + #"{"text": "二"}"# + "\n\t\r\n" + #"{"text": "三"}"# + "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let shard = try CLI.seiren(["shard", input, "-o", dir + "/s"], environment: fixedTime)
        XCTAssertEqual(shard.status, 0, shard.stderr)
        XCTAssertTrue(shard.stdout.contains("3 documents in, 3 out, 3 blank lines"), shard.stdout)

        let filter = try CLI.seiren(["filter", input, "-o", dir + "/f", "--rules", try rulesFile(dir)], environment: fixedTime)
        XCTAssertEqual(filter.status, 0, filter.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/f/filter-report.json"))) as! [String: Any]
        XCTAssertEqual((report["summary"] as! [String: Any])["blank_lines"] as? Int, 3)

        let normalize = try CLI.seiren(["normalize", input, "-o", dir + "/n"], environment: fixedTime)
        XCTAssertTrue(normalize.stderr.contains("3 blank lines"), normalize.stderr)
    }
}
