import Foundation
import SeirenCore
import XCTest

/// `-` where a command takes a file: stdin for inputs, stdout for single-stream outputs, and a refusal (exit status
/// 1, no folder named `-`) for folder outputs. Each command runs as the built binary with stdin piped.
final class StandardStreamTests: SampleCommandTestCase {

    var sampleBytes: Data { FileManager.default.contents(atPath: CLI.repositoryRoot + "/" + sample)! }

    /// The document count of a dataset folder's manifest.
    func documents(in dataset: String) throws -> Int {
        let manifest = try JSONParser.parse(try FileReader.readAll(dataset + "/manifest.json"))
        return try XCTUnwrap(manifest["totals"]?["documents"]?.intValue)
    }

    func testShardReadsJSONLinesFromStdinPlainOrCompressed() throws {
        let fromFile = try CLI.seiren(["shard", sample, "-o", directory + "/file"], environment: fixedTime)
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        let piped = try CLI.seiren(["shard", "-", "-o", directory + "/stdin"], environment: fixedTime, stdin: sampleBytes)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(try documents(in: directory + "/stdin/documents"), try documents(in: directory + "/file/documents"))
        XCTAssertEqual(try documents(in: directory + "/stdin/rejects"), 1)
        // The bad line is named by its line on stdin.
        XCTAssertTrue(piped.stderr.contains("stdin:11"), piped.stderr)

        // A zstd stream on stdin is told by its first bytes (it has no name to go by).
        let shard = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: directory + "/file/documents")
            .first { $0.hasSuffix(".jsonl.zst") })
        let compressed = FileManager.default.contents(atPath: directory + "/file/documents/" + shard)!
        let again = try CLI.seiren(["shard", "-", "-o", directory + "/again"], environment: fixedTime, stdin: compressed)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try documents(in: directory + "/again/documents"), try documents(in: directory + "/file/documents"))
    }

    func testEveryDatasetStageReadsStdin() throws {
        for (stage, extra) in [("normalize", []), ("segment", []), ("filter", ["--preset", "manuals"]), ("dedup", []),
                               ("filter", ["--preset", "manuals", "--statistics", directory + "/statistics.jsonl"])] {
            let file = try CLI.seiren([stage, sample, "-o", directory + "/\(stage)-file"] + extra, environment: fixedTime)
            XCTAssertEqual(file.status, 0, file.stderr)
            let piped = try CLI.seiren([stage, "-", "-o", directory + "/\(stage)-stdin"] + extra, environment: fixedTime,
                                       stdin: sampleBytes)
            XCTAssertEqual(piped.status, 0, "\(stage) \(extra): \(piped.stderr)")
            for part in ["documents", "rejects"] {
                XCTAssertEqual(try documents(in: directory + "/\(stage)-stdin/\(part)"),
                               try documents(in: directory + "/\(stage)-file/\(part)"), "\(stage) \(extra) \(part)")
            }
            try FileManager.default.removeItem(atPath: directory + "/\(stage)-file")
            try FileManager.default.removeItem(atPath: directory + "/\(stage)-stdin")
        }
    }

    func testEncodeTextFileDashReadsStdin() throws {
        let lines = "パッケージを入れる\nDebian の文書\n"
        try lines.write(toFile: directory + "/lines.txt", atomically: true, encoding: .utf8)
        let file = try CLI.seiren(["encode-text", "--tokenizer", vocabulary, "--file", directory + "/lines.txt"])
        XCTAssertEqual(file.status, 0, file.stderr)
        let piped = try CLI.seiren(["encode-text", "--tokenizer", vocabulary, "--file", "-"], stdin: Data(lines.utf8))
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stdout, file.stdout)
        XCTAssertEqual(piped.stdout.split(separator: "\n").count, 2)
    }

    func testTokenCommandsReadStdin() throws {
        let encode = try CLI.seiren(["encode", "--tokenizer", vocabulary, "-", "-o", directory + "/tokens", "--format", "shards"],
                                    stdin: sampleBytes)
        XCTAssertEqual(encode.status, 0, encode.stderr)
        XCTAssertTrue(encode.stderr.contains("encode: 11 documents"), encode.stderr)

        let measure = try CLI.seiren(["measure", "--tokenizer", vocabulary, "-", "--no-morphemes", "--json", "-"],
                                     stdin: sampleBytes)
        XCTAssertEqual(measure.status, 0, measure.stderr)
        // --json - puts the measurement on stdout in place of the table.
        let json = try JSONParser.parse(Array(measure.stdout.utf8))
        XCTAssertEqual(json["tokenizers"]?.arrayValue?.first?["total"]?["texts"]?.intValue, 11, measure.stdout)

        let train = try CLI.seiren(["train", "-", "-o", directory + "/vocab/piped", "--vocab-size", "700",
                                    "--held-out-every", "0"], stdin: sampleBytes)
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/vocab/piped/tokenizer.json"))
    }

    func testInspectAndExtractReadStdin() throws {
        XCTAssertEqual(try CLI.seiren(["shard", sample, "-o", directory + "/d"], environment: fixedTime).status, 0)
        let shard = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: directory + "/d/documents")
            .first { $0.hasSuffix(".jsonl.zst") })
        let inspect = try CLI.seiren(["inspect", "-", "--json"],
                                     stdin: FileManager.default.contents(atPath: directory + "/d/documents/" + shard)!)
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        XCTAssertEqual(try JSONParser.parse(Array(inspect.stdout.utf8))["documents"]?.intValue, 11)

        let docbook = """
            <?xml version="1.0" encoding="UTF-8"?>
            <article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="ja">
            <title>標準入力</title><para>パイプから読んだ文書です。</para></article>
            """
        let extract = try CLI.seiren(["extract", "-", "-o", directory + "/x"], environment: fixedTime, stdin: Data(docbook.utf8))
        XCTAssertEqual(extract.status, 0, extract.stderr)
        let extracted = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: directory + "/x/documents")
            .first { $0.hasSuffix(".jsonl.zst") })
        let out = try JSONParser.parse(Array(try CLI.run("zstd", ["-dc", directory + "/x/documents/" + extracted]).stdout.utf8))
        XCTAssertEqual(out["source"]?.stringValue, "stdin")
        XCTAssertTrue(out["text"]?.stringValue?.contains("パイプから読んだ文書です。") ?? false, "\(out)")
    }

    func testSingleStreamOutputsGoToStdout() throws {
        let filter = try CLI.seiren(["filter", sample, "-o", directory + "/f", "--preset", "manuals", "--statistics", "-"],
                                    environment: fixedTime)
        XCTAssertEqual(filter.status, 0, filter.stderr)
        // Only the statistics are on stdout (one object per input document); the summary moved to stderr.
        let rows = try filter.stdout.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        XCTAssertEqual(rows.count, 11)
        XCTAssertNotNil(rows[0]["id"])
        XCTAssertTrue(filter.stderr.contains("filter: 11 documents in"), filter.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: CLI.repositoryRoot + "/-"))
    }

    func testIngestReadsStdinAndWritesTheBundleToStdout() throws {
        XCTAssertEqual(try CLI.seiren(["ingest", "keygen", "--out", directory + "/member"]).status, 0)
        let ingest = try CLI.seiren(["ingest", "--contributor", "member", "--license", "CC0-1.0", "--visibility", "public",
                                     "--signing-key", directory + "/member.key", "-", "-o", "-"], stdin: sampleBytes)
        XCTAssertEqual(ingest.status, 0, ingest.stderr)
        XCTAssertTrue(ingest.stderr.contains("11 documents from 1 files"), ingest.stderr)
        let bundle = try CLI.run("/bin/sh", ["-c", "\"$0\" ingest --contributor member --license CC0-1.0 --visibility public "
                                              + "--signing-key \"$1\" - -o - < \"$2\" > \"$3\"",
                                              CLI.seiren, directory + "/member.key", CLI.repositoryRoot + "/" + sample,
                                              directory + "/piped.bundle"])
        XCTAssertEqual(bundle.status, 0, bundle.stderr)
        let verify = try CLI.seiren(["ingest", "verify", directory + "/piped.bundle", "--contributor-key", directory + "/member.pub"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        // verify and open read a bundle on stdin too.
        let bundleBytes = FileManager.default.contents(atPath: directory + "/piped.bundle")!
        let piped = try CLI.seiren(["ingest", "verify", "-", "--contributor-key", directory + "/member.pub"], stdin: bundleBytes)
        XCTAssertEqual(piped.status, 0, piped.stdout + piped.stderr)
        XCTAssertTrue(piped.stdout.hasPrefix("stdin: OK"), piped.stdout)
        let opened = try CLI.seiren(["ingest", "open", "-", "-o", directory + "/opened"], stdin: bundleBytes)
        XCTAssertEqual(opened.status, 0, opened.stdout + opened.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/opened/documents/manifest.json"), opened.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: CLI.repositoryRoot + "/-"))
    }

    func testFolderOutputsRefuseDashAsBadArguments() throws {
        let commands: [[String]] = [
            ["shard", sample], ["normalize", sample], ["segment", sample], ["filter", sample], ["dedup", sample],
            ["extract", "corpora-manifests/samples/manuals"],
            ["encode", "--tokenizer", vocabulary, sample], ["train", sample, "--vocab-size", "300"],
            ["vocab", "merge", vocabulary], ["vocab", "reestimate", vocabulary, sample],
            ["ingest", "open", "bundle.seiren"],
        ]
        let cwd = directory + "/cwd"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        for command in commands {
            let arguments = command.map { $0.hasPrefix("corpora") || $0.hasPrefix("vocab/") ? CLI.repositoryRoot + "/" + $0 : $0 }
            let result = try CLI.seiren(arguments + ["-o", "-"], workingDirectory: cwd)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("-o -: the output is a folder"), "\(command): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: cwd + "/-"), "\(command) made a folder named -")
        }
        let keygen = try CLI.seiren(["ingest", "keygen", "--out", "-"], workingDirectory: cwd)
        XCTAssertEqual(keygen.status, 1, keygen.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cwd), [])
    }
}
