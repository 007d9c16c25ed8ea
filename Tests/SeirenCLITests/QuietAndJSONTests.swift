import Foundation
import SeirenCore
import XCTest

/// `--quiet` (the summary only) and `--json` (the summary as one JSON object on stdout) on every stage command,
/// through the one `ReportOptions` group. The sample has a bad line (line 11), whose warning `--quiet` drops.
final class QuietAndJSONTests: SampleCommandTestCase {

    /// Each command with its arguments (OUT for a fresh output) and a count its JSON must hold.
    var commands: [(name: String, arguments: [String], key: String, value: Int)] {
        [
            ("shard", ["shard", sample, "-o", "OUT"], "documents_in", 11),
            ("normalize", ["normalize", sample, "-o", "OUT"], "documents_out", 11),
            ("segment", ["segment", sample, "-o", "OUT"], "documents_out", 11),
            ("filter", ["filter", sample, "-o", "OUT", "--preset", "manuals"], "documents_in", 11),
            ("dedup", ["dedup", sample, "-o", "OUT"], "documents_in", 11),
            ("extract", ["extract", "corpora-manifests/samples/manuals/html", "-o", "OUT"], "files_in", 4),
            ("encode", ["encode", "--tokenizer", vocabulary, sample, "-o", "OUT"], "documents", 11),
            ("train", ["train", sample, "-o", "OUT", "--vocab-size", "700", "--held-out-every", "0"], "pieces", 700),
            ("vocab merge", ["vocab", "merge", vocabulary, "-o", "OUT"], "pieces", 8000),
            ("vocab reestimate", ["vocab", "reestimate", vocabulary, sample, "-o", "OUT", "--iterations", "1"], "bytes_read", 0),
            ("ingest", ["ingest", "--contributor", "c", "--license", "CC0-1.0", "--visibility", "public", "--dry-run", sample],
             "documents", 11),
        ]
    }

    func testJSONIsTheSummaryAsOneObjectOnStdout() throws {
        for (index, command) in commands.enumerated() {
            let arguments = command.arguments.map { $0 == "OUT" ? directory + "/json\(index)" : $0 }
            let result = try CLI.seiren(arguments + ["--json"], environment: fixedTime)
            XCTAssertEqual(result.status, 0, "\(command.name): \(result.stderr)")
            let json = try JSONParser.parse(Array(result.stdout.utf8))
            XCTAssertEqual(json["command"]?.stringValue, command.name, result.stdout)
            if command.key == "bytes_read" {
                XCTAssertGreaterThan(json[command.key]?.intValue ?? 0, 0, "\(command.name): \(result.stdout)")
            } else if command.name == "extract" {
                XCTAssertGreaterThanOrEqual(json[command.key]?.intValue ?? 0, command.value, "\(command.name): \(result.stdout)")
            } else {
                XCTAssertEqual(json[command.key]?.intValue, command.value, "\(command.name): \(result.stdout)")
            }
            // Nothing but errors on stderr: no bad-record warnings, no log, no text summary.
            XCTAssertEqual(result.stderr, "", "\(command.name)")
        }
    }

    func testQuietPrintsTheSummaryOnly() throws {
        // (extract and vocab merge read no bad line; ingest --dry-run's listing is its output.)
        for (index, command) in commands.enumerated() where !["extract", "vocab merge", "ingest"].contains(command.name) {
            let loud = try CLI.seiren(command.arguments.map { $0 == "OUT" ? directory + "/loud\(index)" : $0 }, environment: fixedTime)
            XCTAssertEqual(loud.status, 0, "\(command.name): \(loud.stderr)")
            XCTAssertTrue((loud.stderr + loud.stdout).contains(":11:"), "\(command.name) warns of the bad line: \(loud.stderr)")
            let quiet = try CLI.seiren(command.arguments.map { $0 == "OUT" ? directory + "/quiet\(index)" : $0 } + ["--quiet"],
                                       environment: fixedTime)
            XCTAssertEqual(quiet.status, 0, "\(command.name): \(quiet.stderr)")
            XCTAssertFalse((quiet.stderr + quiet.stdout).contains(":11:"), "\(command.name) --quiet: \(quiet.stderr)")
            XCTAssertFalse(quiet.stderr.contains("EM round") || quiet.stderr.contains("seed pieces"), quiet.stderr)
            // The summary is still there, where it always was.
            XCTAssertFalse((quiet.stderr + quiet.stdout).isEmpty, command.name)
        }
    }

    func testRunAndMeasure() throws {
        let manifest = try RunFixtures.samplesManifest(output: directory + "/run")
            .replacingOccurrences(of: "  train:", with: "  unused:").components(separatedBy: "  unused:")[0]
        try manifest.write(toFile: directory + "/samples.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.seiren(["run", directory + "/samples.yaml", "--json", "--workers", "1"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try JSONParser.parse(Array(run.stdout.utf8))
        XCTAssertEqual(report["command"]?.stringValue, "run")
        XCTAssertEqual(report["stages"]?.arrayValue?.count, 4, run.stdout)
        XCTAssertEqual(run.stderr, "")

        // measure's --json names a file (- for stdout); of the shared options it has --quiet.
        let measure = try CLI.seiren(["measure", "--tokenizer", vocabulary, sample, "--no-morphemes", "--quiet", "--json", "-"])
        XCTAssertEqual(measure.status, 0, measure.stderr)
        XCTAssertEqual(try JSONParser.parse(Array(measure.stdout.utf8))["tokenizers"]?.arrayValue?.count, 1)
        XCTAssertFalse(measure.stderr.contains(":11:"), measure.stderr)
        XCTAssertTrue(measure.stderr.contains("measure: 1 records or lines skipped"), measure.stderr)
    }
}
