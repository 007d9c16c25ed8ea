import Foundation
import XCTest

final class ShardCommandTests: XCTestCase {
    let sample = "corpora-manifests/samples/manuals-sample.jsonl"
    let fixedTime = ["SOURCE_DATE_EPOCH": "1700000000"]

    func testVersionAndHelpForEverySubcommand() throws {
        let version = try CLI.seiren(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let help = try CLI.seiren(["--help"])
        let subcommands = help.stdout.components(separatedBy: "SUBCOMMANDS:").last!
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { !$0.isEmpty && $0 != "See" && $0.first!.isLowercase }
        XCTAssertTrue(subcommands.contains("shard") && subcommands.contains("inspect"), help.stdout)
        for name in subcommands {
            let result = try CLI.seiren([name, "--help"])
            XCTAssertEqual(result.status, 0, "seiren \(name) --help")
            XCTAssertTrue(result.stdout.contains("USAGE"), name)
        }
    }

    func testShardsTheSampleAndKeepsTheBadLineAside() throws {
        let out = try temporaryDirectory(self) + "/sample"
        let result = try CLI.seiren(["shard", sample, "-o", out], environment: fixedTime)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("manuals-sample.jsonl:11"), result.stderr)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/documents/manifest.json"))) as! [String: Any]
        let rejects = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/rejects/manifest.json"))) as! [String: Any]
        let documents = (manifest["totals"] as! [String: Any])["documents"] as! Int
        let rejected = (rejects["totals"] as! [String: Any])["documents"] as! Int
        let inputLines = try String(contentsOfFile: CLI.repositoryRoot + "/" + sample, encoding: .utf8)
            .split(separator: "\n").count
        XCTAssertEqual(documents + rejected, inputLines)
        XCTAssertEqual(rejected, 1)
    }

    /// Shards must be readable without Seiren: `zstd -dc` and Python's json, and the manifest's sha256 must match
    /// `sha256sum`.
    func testShardsAreReadableByZstdAndPython() throws {
        let out = try temporaryDirectory(self) + "/sample"
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", out, "--max-shard-bytes", "2000"], environment: fixedTime).status, 0)
        let check = """
            import hashlib, json, subprocess, sys
            d = sys.argv[1]
            m = json.load(open(d + "/manifest.json"))
            total = 0
            for s in m["shards"]:
                p = d + "/" + s["path"]
                assert hashlib.sha256(open(p, "rb").read()).hexdigest() == s["sha256"], p
                raw = subprocess.run(["zstd", "-dc", p], check=True, capture_output=True).stdout
                assert b"\\\\u" not in raw, "text must be raw UTF-8, not escaped"
                docs = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
                assert len(docs) == s["documents"], (len(docs), s)
                assert sum(len(x["text"]) for x in docs) == s["characters"], p
                for x in docs:
                    assert set(["id", "text", "source", "added", "metadata"]) <= set(x), x.keys()
                total += len(docs)
            print(len(m["shards"]), total)
            """
        let result = try CLI.run("python3", ["-c", check, out + "/documents"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let parts = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertGreaterThan(parts.first ?? 0, 1, "several shards expected with a 2000-byte cap")
        XCTAssertEqual(parts.last, 11)
    }

    func testSameInputGivesIdenticalOutputWithOneOrTwoWorkers() throws {
        let dir = try temporaryDirectory(self)
        for workers in ["1", "2"] {
            let result = try CLI.seiren(["shard", sample, "-o", "\(dir)/w\(workers)/out", "--workers", workers,
                                         "--max-shard-bytes", "1500"], environment: fixedTime)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        for part in ["documents", "rejects"] {
            let one = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/w1/out/\(part)").sorted()
            XCTAssertEqual(one, try FileManager.default.contentsOfDirectory(atPath: "\(dir)/w2/out/\(part)").sorted())
            for file in one {
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/w1/out/\(part)/\(file)")),
                               try Data(contentsOf: URL(fileURLWithPath: "\(dir)/w2/out/\(part)/\(file)")), file)
            }
        }
    }

    func testReadsZstdInputAndDatasets() throws {
        let dir = try temporaryDirectory(self)
        XCTAssertEqual(try CLI.run("zstd", ["-q", "-o", dir + "/in.jsonl.zst", CLI.repositoryRoot + "/" + sample]).status, 0)
        let first = try CLI.seiren(["shard", dir + "/in.jsonl.zst", "-o", dir + "/a"], environment: fixedTime)
        XCTAssertEqual(first.status, 0, first.stderr)
        // A dataset is valid input too: resharding it keeps every document.
        let second = try CLI.seiren(["shard", dir + "/a", "-o", dir + "/b"], environment: fixedTime)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("11 documents in, 11 out"), second.stdout)
    }

    func testMissingInputIsOneLineAndNonZero() throws {
        let result = try CLI.seiren(["shard", "/nonexistent/input.jsonl", "-o", try temporaryDirectory(self) + "/o"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stderr, "seiren: /nonexistent/input.jsonl: no such file or directory\n")
    }

    func testTruncatedZstdNamesTheFileAndTheRestGoesOn() throws {
        let dir = try temporaryDirectory(self)
        var lines = ""
        for i in 0..<3000 { lines += #"{"id":"\#(i)","text":"\#(i)番目の文書です。点検手順を確認してください。"}"# + "\n" }
        try lines.write(toFile: dir + "/big.jsonl", atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run("zstd", ["-q", "-o", dir + "/big.jsonl.zst", dir + "/big.jsonl"]).status, 0)
        let full = try Data(contentsOf: URL(fileURLWithPath: dir + "/big.jsonl.zst"))
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.jsonl.zst"))
        let result = try CLI.seiren(["shard", dir + "/cut.jsonl.zst", CLI.repositoryRoot + "/" + sample, "-o", dir + "/out"],
                                    environment: fixedTime)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("cut.jsonl.zst") && result.stderr.contains("truncated"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
        // The second file was still read in full.
        let inspect = try CLI.seiren(["inspect", dir + "/out", "--json", "--samples", "0"])
        XCTAssertTrue(inspect.stdout.contains("\"documents\""), inspect.stdout)
        let rejects = try CLI.seiren(["inspect", dir + "/out/rejects", "--samples", "5"])
        XCTAssertTrue(rejects.stdout.contains("truncated"), rejects.stdout)
    }

    func testInvalidUTF8LineIsReportedWithItsLine() throws {
        let dir = try temporaryDirectory(self)
        var bytes = Data(#"{"text":"正しい行"}"#.utf8) + Data([0x0A])
        bytes += Data(#"{"text":"壊れ"#.utf8) + Data([0xE3, 0x81]) + Data(#""}"#.utf8) + Data([0x0A])
        try bytes.write(to: URL(fileURLWithPath: dir + "/bad.jsonl"))
        let result = try CLI.seiren(["shard", dir + "/bad.jsonl", "-o", dir + "/out"], environment: fixedTime)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("bad.jsonl:2: invalid UTF-8"), result.stderr)
        XCTAssertTrue(result.stdout.contains("1 bad records"), result.stdout)
    }
}
