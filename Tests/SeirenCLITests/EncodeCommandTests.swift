import Foundation
import XCTest

/// `seiren encode`: a small Japanese dataset into a Megatron-LM indexed dataset, read back by the project's own
/// Python reader (written from the format description) and compared with sentencepiece's ids.
final class EncodeCommandTests: XCTestCase {
    static let texts = [
        "日本語の技術文書をトークン列に変換します。",
        "Debian パッケージは apt-get install で入れます。",
        "for (int i = 0; i < n; i++) { sum += a[i]; }",
        "ｈａｌｆ　ｗｉｄｔｈ　ＡＢＣ１２３ ｶﾀｶﾅ と絵文字🍣",
        "",
        "改行\nを含む\n文書",
    ]

    /// A small vocabulary trained by seiren itself, so the test needs no shared files.
    private func trainVocabulary(in dir: String) throws -> String {
        var corpus = ""
        for i in 0..<200 {
            corpus += "第\(i)章 日本語の文章をトークンに分割します。パッケージを入れる方法を説明します。\n"
            corpus += "Install the package with apt-get and read the manual page \(i).\n"
        }
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        let result = try CLI.seiren(["train", dir + "/corpus.txt", "-o", dir + "/vocab/small", "--vocab-size", "500"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return dir + "/vocab/small"
    }

    private func writeDataset(in dir: String) throws -> String {
        var lines = ""
        for (i, text) in Self.texts.enumerated() {
            let json = try JSONSerialization.data(withJSONObject: ["id": "d\(i)", "text": text, "source": "test"])
            lines += String(decoding: json, as: UTF8.self) + "\n"
        }
        lines += "{not json}\n"
        try lines.write(toFile: dir + "/docs.jsonl", atomically: true, encoding: .utf8)
        return dir + "/docs.jsonl"
    }

    func testEncodedIdsEqualSentencepieceWithEndOfDocument() throws {
        let python = try referencePython(to: "compare with sentencepiece")
        let dir = try temporaryDirectory(self)
        let vocab = try trainVocabulary(in: dir)
        let dataset = try writeDataset(in: dir)
        let result = try CLI.seiren(["encode", "--tokenizer", vocab, dataset, "-o", dir + "/tokens", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 bad records skipped"), result.stderr)

        let sequences = try readIndexedDataset(dir + "/tokens/tokens", python: python)

        let reference = try CLI.run(python, ["-c", """
            import json, sys
            import sentencepiece as spm
            sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
            for text in json.loads(sys.argv[2]):
                print(json.dumps(sp.encode(text) + [sp.eos_id()]))
            """, vocab + "/small.model", String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try idLines(reference.stdout)
        XCTAssertEqual(sequences.count, Self.texts.count)
        XCTAssertEqual(sequences, expected)

        let summary = try CLI.run(python, [CLI.repositoryRoot + "/scripts/read_indexed_dataset.py", dir + "/tokens/tokens", "--summary"])
        let counts = try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(counts["dtype"] as? String, "uint16")
        XCTAssertEqual(counts["document_indices"] as? [Int], Array(0...Self.texts.count))

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/tokens/manifest.json"))) as! [String: Any]
        XCTAssertEqual(manifest["documents"] as? Int, Self.texts.count)
        XCTAssertEqual(manifest["tokens"] as? Int, expected.map(\.count).reduce(0, +))
        XCTAssertEqual(manifest["bad_records"] as? Int, 1)
    }

    /// LLM-jp's 100k vocabulary needs int32 ids: the real model, read back and compared with sentencepiece.
    func testLargeVocabularyIsWrittenAsInt32() throws {
        let python = try referencePython(to: "compare with sentencepiece")
        let model = try llmjpTokenizer("llm-jp-tokenizer-100k.ver3.1.model")
        let dir = try temporaryDirectory(self)
        let dataset = try writeDataset(in: dir)
        let result = try CLI.seiren(["encode", "--tokenizer", model, dataset, "-o", dir + "/tokens", "--name", "llmjp"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let sequences = try readIndexedDataset(dir + "/tokens/llmjp", python: python)
        let reference = try CLI.run(python, ["-c", """
            import json, sys
            import sentencepiece as spm
            sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
            for text in json.loads(sys.argv[2]):
                print(json.dumps(sp.encode(text) + [sp.piece_to_id("</s>")]))
            """, model, String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try idLines(reference.stdout)
        XCTAssertEqual(sequences, expected)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/tokens/manifest.json"))) as! [String: Any]
        XCTAssertEqual(manifest["dtype"] as? String, "int32")
    }

    /// `--format both`: the zstd id shards, read with Python's zstandard, hold each document's id and the same ids
    /// as the Megatron files, in order, over several shards; the manifest lists each shard with its digest.
    func testIdShardsHoldTheSameIdsAsTheIndexedDataset() throws {
        let python = try referencePython(to: "read zstd with zstandard")
        let dir = try temporaryDirectory(self)
        let vocab = try trainVocabulary(in: dir)
        let dataset = try writeDataset(in: dir)
        let result = try CLI.seiren(["encode", "--tokenizer", vocab, dataset, "-o", dir + "/tokens", "--format", "both",
                                     "--max-shard-bytes", "100", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let sequences = try readIndexedDataset(dir + "/tokens/tokens", python: python)
        let shards = try CLI.run(python, ["-c", """
            import glob, hashlib, json, sys, zstandard
            manifest = json.load(open(sys.argv[1] + "/manifest.json"))
            for shard in manifest["id_shards"]:
                raw = open(sys.argv[1] + "/" + shard["path"], "rb").read()
                assert hashlib.sha256(raw).hexdigest() == shard["sha256"], shard["path"]
                lines = zstandard.ZstdDecompressor().decompressobj().decompress(raw).decode().splitlines()
                assert len(lines) == shard["documents"], shard["path"]
                for line in lines:
                    print(line)
            print(len(manifest["id_shards"]), file=sys.stderr)
            """, dir + "/tokens"])
        XCTAssertEqual(shards.status, 0, shards.stderr)
        XCTAssertGreaterThan(Int(shards.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 1)
        let records = try shards.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(records.map { $0["id"] as? String }, (0..<Self.texts.count).map { "d\($0)" })
        XCTAssertEqual(records.map { $0["source"] as? String }, Array(repeating: "test", count: Self.texts.count))
        XCTAssertEqual(records.map { $0["ids"] as! [Int] }, sequences)

        let shardsOnly = try CLI.seiren(["encode", "--tokenizer", vocab, dataset, "-o", dir + "/only", "--format", "shards"])
        XCTAssertEqual(shardsOnly.status, 0, shardsOnly.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/only/tokens.bin"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/only/tokens-00000.jsonl.zst"))
    }

    func testOutputIsTheSameForAnyWorkerCount() throws {
        let dir = try temporaryDirectory(self)
        let vocab = try trainVocabulary(in: dir)
        let dataset = try writeDataset(in: dir)
        var outputs: [[Data]] = []
        for workers in ["1", "2"] {
            let out = dir + "/tokens-\(workers)"
            let result = try CLI.seiren(["encode", "--tokenizer", vocab, dataset, "-o", out, "--workers", workers])
            XCTAssertEqual(result.status, 0, result.stderr)
            outputs.append(try ["tokens.bin", "tokens.idx", "manifest.json"].map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) })
        }
        XCTAssertEqual(outputs[0], outputs[1])
    }

    /// LLM-jp's tokenizer.json: ids equal `tokenizers`', each document ended by the template's <EOD|LLM-jp>.
    func testTokenizerJSONIdsEqualTokenizersWithTemplateEnd() throws {
        let python = try referencePython(to: "compare with tokenizers")
        let tokenizer = try llmjpTokenizer("code10k_en20k_ja30k.ver2.1.tokenizer.json")
        let dir = try temporaryDirectory(self)
        let dataset = try writeDataset(in: dir)
        let result = try CLI.seiren(["encode", "--tokenizer", tokenizer, dataset, "-o", dir + "/tokens", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let sequences = try readIndexedDataset(dir + "/tokens/tokens", python: python)
        // encode(add_special_tokens=True) appends exactly the template's end token.
        let reference = try CLI.run(python, ["-c", """
            import json, sys
            from tokenizers import Tokenizer
            t = Tokenizer.from_file(sys.argv[1])
            for text in json.loads(sys.argv[2]):
                print(json.dumps(t.encode(text, add_special_tokens=True).ids))
            """, tokenizer, String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try idLines(reference.stdout)
        XCTAssertEqual(sequences, expected)
        XCTAssertTrue(expected.allSatisfy { $0.last == 7 })
    }

    func testTokenizerJSONWithoutEndTokenAsksForEodId() throws {
        let dir = try temporaryDirectory(self)
        let dataset = try writeDataset(in: dir)
        try #"{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}}"#.write(toFile: dir + "/wp.json", atomically: true, encoding: .utf8)
        let result = try CLI.seiren(["encode", "--tokenizer", dir + "/wp.json", dataset, "-o", dir + "/tokens"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("wp.json") && result.stderr.contains("--eod-id"), result.stderr)
        let given = try CLI.seiren(["encode", "--tokenizer", dir + "/wp.json", dataset, "-o", dir + "/tokens", "--eod-id", "0"])
        XCTAssertEqual(given.status, 0, given.stderr)
    }

    func testUnknownTokenizerFileIsNamed() throws {
        let dir = try temporaryDirectory(self)
        let dataset = try writeDataset(in: dir)
        try Data("not a protobuf at all".utf8).write(to: URL(fileURLWithPath: dir + "/broken.model"))
        let result = try CLI.seiren(["encode", "--tokenizer", dir + "/broken.model", dataset, "-o", dir + "/tokens"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("broken.model"), result.stderr)
    }
}
