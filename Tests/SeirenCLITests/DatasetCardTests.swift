import Foundation
import XCTest

/// A dataset folder loads with Hugging Face `datasets` given the folder alone: `load_dataset(OUT/documents)` reads
/// the shards its card (README.md) names, not manifest.json, also when streaming.
final class DatasetCardTests: XCTestCase {
    func testLoadDatasetReadsTheFolderAloneAlsoStreaming() throws {
        let python = try referencePython(to: "load dataset folders with Hugging Face datasets")
        let out = try temporaryDirectory(self) + "/sample"
        let shard = try CLI.seiren(["shard", "corpora-manifests/samples/manuals-sample.jsonl", "-o", out, "--max-shard-bytes", "2000"],
                                   environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertEqual(shard.status, 0, shard.stderr)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/documents/manifest.json"))) as! [String: Any]
        let totals = manifest["totals"] as! [String: Any]
        XCTAssertGreaterThan(totals["shards"] as! Int, 1, "several shards, so the card must name them all")
        let script = """
            import json, sys, datasets
            folder = sys.argv[1]
            loaded = datasets.load_dataset(folder, split="train")
            streamed = list(datasets.load_dataset(folder, split="train", streaming=True))
            print(json.dumps({"rows": len(loaded), "ids": [row["id"] for row in loaded],
                              "streamed": [row["id"] for row in streamed],
                              "characters": sum(len(row["text"]) for row in loaded), "columns": loaded.column_names}))
            """
        let run = try CLI.run(python, ["-c", script, out + "/documents"],
                              environment: ["HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": out + "/hf-cache"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(result["rows"] as? Int, totals["documents"] as? Int)
        XCTAssertEqual(result["characters"] as? Int, totals["characters"] as? Int)
        XCTAssertEqual(result["streamed"] as? [String], result["ids"] as? [String])
        XCTAssertTrue((result["columns"] as! [String]).contains("text"))
        XCTAssertFalse((result["columns"] as! [String]).contains("shards"), "manifest.json was read as data")
        // The rejects folder is a dataset too.
        let rejects = try CLI.run(python, ["-c", script, out + "/rejects"],
                                  environment: ["HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": out + "/hf-cache"])
        XCTAssertEqual(rejects.status, 0, rejects.stderr)
    }
}
