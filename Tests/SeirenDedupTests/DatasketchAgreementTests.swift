import Foundation
import SeirenCore
@testable import SeirenDedup
import XCTest

/// The same documents through seiren's dedup and datasketch's MinHashLSH (same n-grams, hashes, bands × rows and
/// join threshold): pairs far from the threshold (planted copies with 1% edits, unrelated texts) must get the same
/// verdict, and the signature estimates must be close to datasketch's.
final class DatasketchAgreementTests: XCTestCase {
    func testRemovedSetMatchesDatasketch() throws {
        guard let python = ProcessInfo.processInfo.environment["SEIREN_PYTHON"] else {
            throw XCTSkip("SEIREN_PYTHON not set: run through scripts/test (needs the reference venv with datasketch)")
        }
        let directory = NSTemporaryDirectory() + "seiren-ds-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        var documents: [Document] = []
        for i in 0..<16 {
            documents.append(Document(id: String(format: "o%02d", i), text: DedupStageTests.paragraph(i), source: "t", added: "x"))
        }
        for i in 0..<8 {
            documents.append(Document(id: "p\(i)", text: DedupStageTests.edit(DedupStageTests.paragraph(i), fraction: 0.01, seed: 40 + i),
                                      source: "t", added: "x"))
        }
        let input = directory + "/in.jsonl"
        try (documents.map { JSONWriter.string($0.json) }.joined(separator: "\n") + "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        var settings = DedupSettings()
        settings.exact = false
        let report = try DedupStage.run(inputs: [input], output: directory + "/out", settings: settings, workers: 2,
                                        added: "2026-01-01T00:00:00Z")
        var seirenRemoved: [String] = []
        for file in try DatasetLocator.files(for: directory + "/out/rejects") {
            let reader = try DocumentReader(path: file, added: "x")
            while let record = try reader.next() { if case .document(let d, _) = record { seirenRemoved.append(d.id) } }
        }
        XCTAssertEqual(report.nearDuplicates, 8)

        let script = """
        import json, re, sys, unicodedata
        from datasketch import MinHash, MinHashLSH
        docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
        def canon(t): return re.sub(r"\\s+", " ", unicodedata.normalize("NFKC", t)).strip()
        hashes, lsh = {}, MinHashLSH(num_perm=128, params=(16, 8))
        for d in docs:
            t = canon(d["text"]); m = MinHash(num_perm=128, seed=1)
            m.update_batch([t[i:i+5].encode() for i in range(len(t) - 4)])
            hashes[d["id"]] = m; lsh.insert(d["id"], m)
        parent = {d["id"]: d["id"] for d in docs}
        def find(x):
            while parent[x] != x: x = parent[x]
            return x
        for d in docs:
            for o in lsh.query(hashes[d["id"]]):
                if o != d["id"] and hashes[d["id"]].jaccard(hashes[o]) >= 0.7:
                    a, b = find(d["id"]), find(o)
                    if a != b: parent[max(a, b)] = min(a, b)
        groups = {}
        for d in docs: groups.setdefault(find(d["id"]), []).append(d["id"])
        print(json.dumps(sorted(m for g in groups.values() for m in g if m != min(g))))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, input]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let datasketchRemoved = try JSONParser.parse(Array(output)).arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(seirenRemoved.sorted(), datasketchRemoved)
        XCTAssertEqual(datasketchRemoved, (0..<8).map { "p\($0)" })
    }
}
