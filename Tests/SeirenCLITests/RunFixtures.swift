import Foundation
import XCTest

/// What the executor tests share: a generated corpus whose near duplicates cross parts, its manifest, and the
/// published bytes of a run to compare.
enum RunFixtures {
    /// The shipped samples manifest (corpora-manifests/samples.yaml) as a copy in another folder needs it: its
    /// relative paths (taken from its own folder) made absolute, and `output: OUT` in place of its output.
    static func samplesManifest(output: String) throws -> String {
        let folder = CLI.repositoryRoot + "/corpora-manifests"
        return try String(contentsOfFile: folder + "/samples.yaml", encoding: .utf8)
            .replacingOccurrences(of: "output: ../out/samples", with: "output: \(output)")
            .replacingOccurrences(of: "[samples/", with: "[\(folder)/samples/")
            .replacingOccurrences(of: "[\"samples/", with: "[\"\(folder)/samples/")
            .replacingOccurrences(of: "[../vocab/", with: "[\(CLI.repositoryRoot)/vocab/")
    }

    /// Every file under the published outputs of a run, by path relative to `directory`.
    static func published(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for part in ["documents", "rejects", "tokens", "vocab"] where FileManager.default.fileExists(atPath: directory + "/" + part) {
            let enumerator = FileManager.default.enumerator(atPath: directory + "/" + part)!
            while let name = enumerator.nextObject() as? String {
                let path = "\(directory)/\(part)/\(name)"
                var isDirectory: ObjCBool = false
                // The vocabulary's report names the manifest file and the thread count: not part of the data.
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      !name.hasSuffix("report.json"), !(part == "tokens" && name == "manifest.json") else { continue }
                result["\(part)/\(name)"] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    static func assertSame(_ a: [String: Data], _ b: [String: Data], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(a.count, 3, file: file, line: line)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted(), file: file, line: line)
        for (name, data) in a where data != b[name] { XCTFail("\(name) differs", file: file, line: line) }
    }

    /// Six JSON Lines files (six parts) of distinct documents. Some documents have a near copy (one sentence
    /// changed) in the next file, so dedup must compare documents that different tasks read.
    static func makeCorpus(_ dir: String, documentsPerFile: Int = 100) throws -> [String] {
        let subjects = ["ブレーキ液", "冷却ファン", "ケーブル", "ＵＳＢメモリー", "非常停止ボタン", "工具", "制御盤", "油圧ポンプ",
                        "センサー", "バッテリー", "ヒューズ", "モーター", "ベルト", "フィルター", "ノズル", "レバー"]
        let actions = ["を点検します", "の損傷がないか確かめます", "を交換してください", "の位置を確認します", "を清掃します",
                       "の温度を記録します", "を締め付けます", "の動作を確認してください", "を取り外します", "に注油します"]
        func sentences(_ n: Int) -> [String] {
            var state = UInt64(n) &* 6364136223846793005 &+ 1442695040888963407
            return (0..<14).map { k in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let a = Int((state >> 33) % UInt64(subjects.count)), b = Int((state >> 17) % UInt64(actions.count))
                return "\(subjects[a])\(actions[b])（\(n)-\(k)）。"
            }
        }
        var files: [String] = []
        for file in 0..<6 {
            var lines: [String] = []
            for i in 0..<documentsPerFile {
                let n = file * documentsPerFile + i
                lines.append(#"{"id":"f\#(file)-\#(i)","text":"第\#(n)章 点検手順\n\#(sentences(n).joined())"}"#)
                if i % 10 == 7 && file > 0 {
                    let original = (file - 1) * documentsPerFile + i
                    var copy = sentences(original)
                    copy[5] = "別の文です。"
                    lines.append(#"{"id":"near-\#(original)","text":"第\#(original)章 点検手順\n\#(copy.joined())"}"#)
                }
            }
            let path = "\(dir)/corpus-\(file).jsonl"
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        return files
    }

    /// `slurm`: the manifest's slurm section as one flow mapping, e.g. `{max_running: 2}`.
    static func manifest(_ files: [String], output: String, trains: Bool = true, slurm: String? = nil) -> String {
        (slurm.map { "slurm: \($0)\n" } ?? "") + """
        name: t
        output: \(output)
        added: "2024-01-01T00:00:00Z"
        sources:
          - name: generated
            paths: [\(files.joined(separator: ", "))]
            format: jsonl
        stages:
          normalize: {preset: default}
          filter: {preset: manuals}
          dedup: {exact: true, lines: true, minhash: true, threshold: 0.7}
          shard: {max_shard_bytes: 300000}
        """ + (trains ? """

          train: {model: unigram, vocab_size: 1000, held_out_every: 0}
          encode: {tokenizer: trained}
        """ : "")
    }
}
