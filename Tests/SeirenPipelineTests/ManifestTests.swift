import Foundation
@testable import SeirenPipeline
import SeirenTokenizer
import XCTest

final class ManifestTests: XCTestCase {
    private let minimal = """
        name: t
        output: out/t
        sources:
          - name: s
            paths: [corpora-manifests/samples/manuals-sample.jsonl]
            format: jsonl
        stages:
          normalize: {preset: default}

        """

    private func parse(_ text: String) throws -> PipelineManifest { try PipelineManifest.parse(text, file: "m.yaml") }

    private func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testReadsAMinimalManifest() throws {
        let manifest = try parse(minimal)
        XCTAssertEqual(manifest.name, "t")
        XCTAssertEqual(manifest.sources.map(\.format), [.jsonl])
        XCTAssertNotNil(manifest.normalize)
        XCTAssertNil(manifest.filter)
        XCTAssertNil(manifest.dedup)
    }

    /// stages.train's Hugging Face and whitespace keys reach the training settings; the defaults keep spaces and add
    /// no special tokens.
    func testTrainKeysForHuggingFaceAndWhitespace() throws {
        let plain = try parse(minimal + "  train: {vocab_size: 500}\n")
        XCTAssertEqual(plain.train?.settings.removeExtraWhitespaces, false)
        XCTAssertEqual(plain.train?.settings.specialTokens, SpecialTokenSettings())
        let set = try parse(minimal + "  train: {vocab_size: 500, add_bos: true, add_eos: true, pad_token: <unk>, remove_extra_whitespaces: true}\n")
        XCTAssertEqual(set.train?.settings.specialTokens, SpecialTokenSettings(addBos: true, addEos: true, padPiece: "<unk>"))
        XCTAssertEqual(set.train?.settings.removeExtraWhitespaces, true)
    }

    func testUnknownKeyNamesTheKeyTheLineAndWhatIsAllowed() {
        let message = error(minimal.replacingOccurrences(of: "normalize: {preset: default}", with: "normalise: {preset: default}"))
        XCTAssertTrue(message.hasPrefix("m.yaml:8: stages.normalise: unknown key (did you mean 'normalize'?)"), message)
        XCTAssertTrue(message.contains("allowed here: extract, normalize, filter, dedup, shard"), message)
        let nested = error(minimal.replacingOccurrences(of: "{preset: default}", with: "{prest: default}"))
        XCTAssertTrue(nested.contains("stages.normalize.prest: unknown key (did you mean 'preset'?)"), nested)
    }

    func testBadValuesSayWhatIsAllowed() {
        XCTAssertTrue(error(minimal.replacingOccurrences(of: "format: jsonl", with: "format: pdf"))
            .contains("sources[0].format: 'pdf' is not one of: auto, docbook, dita, mallard, html, xml, jsonl"))
        XCTAssertTrue(error(minimal + "  dedup: {bands: 0}\n").contains("stages.dedup.bands: 0 is outside 1...4096"))
        XCTAssertTrue(error(minimal + "  dedup: {exact: maybe}\n").contains("stages.dedup.exact: expected true or false"))
        XCTAssertTrue(error(minimal + "  filter: {preset: strict}\n").contains("stages.filter.preset"))
        XCTAssertTrue(error(minimal.replacingOccurrences(of: "{preset: default}", with: "{rules: {no_such_rule: on}}"))
            .contains("unknown rule 'no_such_rule'"))
        XCTAssertTrue(error(minimal + "workers: lots\n").contains("workers: expected an integer"))
        XCTAssertTrue(error(minimal + "added: yesterday\n").contains("is not an ISO 8601 time"))
    }

    func testAnAliasBombIsRefusedBeforeItExpands() {
        // Nine levels of ten aliases each, inside filter rules (which are read as a whole): a billion strings once
        // expanded.
        var levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            levels.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let bomb = minimal.replacingOccurrences(of: "normalize: {preset: default}",
                                                with: "filter: {rules: {" + levels.joined(separator: ", ") + "}}")
        let message = error(bomb)
        XCTAssertTrue(message.hasPrefix("m.yaml: aliases expand to more than 100000 YAML nodes"), message)
        // Ordinary anchors stay allowed.
        let aliased = minimal.replacingOccurrences(of: "  - name: s\n", with: "  - name: &n s\n")
            .replacingOccurrences(of: "output: out/t", with: "output: out/t\nadded: &when 2024-01-01T00:00:00Z")
        XCTAssertEqual(error(aliased), "no error")
    }

    func testBase60NumbersDoNotCrashTheReader() {
        // Found by fuzzing: Yams reads `1:2:3` as a YAML 1.1 base-60 integer and traps when it overflows.
        let message = error(minimal + "workers: 99999999999:59:59:59:59:59\n")
        XCTAssertTrue(message.contains("workers: expected an integer"), message)
        let rules = error(minimal.replacingOccurrences(of: "normalize: {preset: default}",
                                                       with: "filter: {rules: {min_chars: 9999999999:59:59:59:59}}"))
        XCTAssertTrue(rules.contains("stages.filter.rules"), rules)
        XCTAssertNoThrow(try parse(minimal + "workers: 1_6\n"))
    }

    func testSlurmSectionIsReadStrictly() throws {
        let manifest = try parse(minimal + """
            slurm:
              partition: cpu
              cpus_per_task: 3
              mem: 4G
              time: "1-02:00:00"
              account: lab
              qos: normal
              max_running: 50
              sbatch: ["--constraint=ssd"]

            """)
        XCTAssertEqual(manifest.slurm.directives, ["#SBATCH --cpus-per-task=3", "#SBATCH --partition=cpu", "#SBATCH --mem=4G",
                                                   "#SBATCH --time=1-02:00:00", "#SBATCH --account=lab", "#SBATCH --qos=normal",
                                                   "#SBATCH --constraint=ssd"])
        XCTAssertEqual(manifest.slurm.maxRunning, 50)
        XCTAssertEqual(try parse(minimal).slurm.directives, ["#SBATCH --cpus-per-task=1"])
        XCTAssertTrue(error(minimal + "slurm: {partiton: cpu}\n").contains("slurm.partiton: unknown key (did you mean 'partition'?)"))
        XCTAssertTrue(error(minimal + "slurm: {mem: lots}\n").contains("slurm.mem: 'lots' is not a size such as 4G"))
        XCTAssertTrue(error(minimal + "slurm: {time: soon}\n").contains("slurm.time: 'soon' is not a Slurm time"))
        XCTAssertTrue(error(minimal + "slurm: {max_running: 0}\n").contains("slurm.max_running"))
        XCTAssertTrue(error(minimal + "slurm: {sbatch: [\"nodes=2\"]}\n").contains("is not an sbatch option"))
        XCTAssertTrue(error(minimal + "slurm: {partition: \"a b\"}\n").contains("is not a partition name"))
    }

    func testInvalidYAMLIsOneLine() {
        let message = error("name: [x\n")
        XCTAssertTrue(message.hasPrefix("m.yaml: not valid YAML"), message)
        XCTAssertFalse(message.contains("\n"), message)
    }

    func testMissingRequiredKeys() {
        XCTAssertTrue(error("name: x\nstages: {}\nsources: []\n").contains("missing required key 'output'"))
        let noPaths = minimal.replacingOccurrences(of: "    paths: [corpora-manifests/samples/manuals-sample.jsonl]\n", with: "")
        XCTAssertTrue(error(noPaths).contains("m.yaml:4: sources[0]: missing required key 'paths'"), error(noPaths))
    }

    func testRelativePathsResolveAgainstTheManifestsFolder() throws {
        let text = minimal.replacingOccurrences(of: "[corpora-manifests/samples/manuals-sample.jsonl]",
                                                with: "[corpus/a.jsonl, ../shared/b.jsonl, /data/c.jsonl, \"./d/*.jsonl\"]")
        let manifest = try PipelineManifest.parse(text, file: "projects/p/m.yaml")
        XCTAssertEqual(manifest.sources[0].paths, ["projects/p/corpus/a.jsonl", "projects/shared/b.jsonl", "/data/c.jsonl", "projects/p/d/*.jsonl"])
        XCTAssertEqual(manifest.output, "projects/p/out/t")
        // A manifest in the current directory, or given by an absolute path.
        XCTAssertEqual(try PipelineManifest.parse(text, file: "m.yaml").output, "out/t")
        XCTAssertEqual(try PipelineManifest.parse(text, file: "/srv/m.yaml").sources[0].paths[1], "/shared/b.jsonl")
        XCTAssertEqual(PipelineManifest.resolve("../../x", from: "a"), "../x")
        XCTAssertEqual(PipelineManifest.resolve("../..", from: "/a"), "/")
    }

    func testShippedManifestsAreValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["samples.yaml", "debian-manuals.yaml"] {
            let text = try String(contentsOf: root.appendingPathComponent("corpora-manifests/\(name)"), encoding: .utf8)
            XCTAssertNoThrow(try parse(text), name)
        }
    }

    /// docs/manifest.md is generated from the schema the parser enforces; it must not drift.
    func testManifestReferenceMatchesTheCode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/manifest.md"), encoding: .utf8)
        XCTAssertEqual(page, ManifestSchema.markdown(), "regenerate with: seiren run --manifest-reference > docs/manifest.md")
    }

    func testGlobs() throws {
        func matches(_ glob: String, _ path: String) throws -> Bool {
            let regex = try NSRegularExpression(pattern: "^" + SourceFiles.globRegex(glob) + "$")
            return regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        XCTAssertTrue(try matches("a/**/*.page", "a/x.page"))
        XCTAssertTrue(try matches("a/**/*.page", "a/b/c/x.page"))
        XCTAssertFalse(try matches("a/*.page", "a/b/x.page"))
        XCTAssertFalse(try matches("a/**/*.page", "a/x.pages"))
        XCTAssertTrue(try matches("a/x?.y", "a/x1.y"))
        XCTAssertFalse(try matches("a/x?.y", "a/x.y"))
    }
}
