import ArgumentParser
import Foundation
import SeirenCore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a shard's or a dataset's counts, size, compression ratio and sample documents.",
        discussion: """
            PATH is a shard file (.jsonl.zst or .jsonl), a dataset directory (with manifest.json) or a stage output \
            (with documents/ and rejects/). A shard file is read in full. For a dataset the manifest is shown; \
            --verify reads every shard and checks its sha256 and counts against the manifest, and that the folder \
            holds no file the manifest does not list (exit code 1 on a mismatch).
            """
    )

    @Argument(help: "A shard file, a dataset directory or a stage output directory; - for a shard on stdin.")
    var path: String

    @Option(help: "How many sample documents to show.")
    var samples: Int = 3

    @Flag(help: "Read every shard and check checksums and counts against the manifest; report files it does not list.")
    var verify = false

    @Flag(help: "Print a JSON report instead of text.")
    var json = false

    func run() throws {
        try reportingErrors {
            // A shard is read twice (its checksum, then its documents): stdin is copied aside first.
            try StandardStream.withRereadableInputs([path]) { try inspect($0[0]) }
        }
    }

    private func inspect(_ path: String) throws {
        guard FileSystem.exists(path) else { throw FileError(path: path, reason: "no such file or directory") }
        var reports: [JSONValue] = []
        var ok = true
        if !FileSystem.isDirectory(path) {
            reports.append(try inspectShard(path))
        } else if FileSystem.exists(path + "/" + DatasetManifest.fileName) {
            let (report, good) = try inspectDataset(path)
            reports.append(report)
            ok = good
        } else if FileSystem.exists(path + "/documents/" + DatasetManifest.fileName) {
            for part in ["documents", "rejects"] where FileSystem.exists("\(path)/\(part)/\(DatasetManifest.fileName)") {
                let (report, good) = try inspectDataset("\(path)/\(part)")
                reports.append(report)
                ok = ok && good
            }
        } else {
            throw UserError("\(path): not a shard file, a dataset (no manifest.json) or a stage output (no documents/manifest.json)")
        }
        if json {
            print(JSONWriter.string(reports.count == 1 ? reports[0] : .array(reports), pretty: true))
        }
        if !ok { throw ExitCode.failure }
    }

    private func inspectShard(_ file: String) throws -> JSONValue {
        let scan = try ShardScan.scan(file, samples: samples)
        let report: JSONValue = .object([
            ("shard", .string(file)), ("documents", .int(scan.documents)), ("characters", .int(scan.characters)),
            ("bytes", .int(scan.bytes)), ("uncompressed_bytes", .int(scan.uncompressedBytes)),
            ("sha256", .string(scan.sha256)), ("bad_records", .int(scan.badRecords.count)),
            ("error", scan.failure.map { .string($0) } ?? .null),
        ])
        if !json {
            print("shard \(file)")
            printCounts(documents: scan.documents, characters: scan.characters, bytes: scan.bytes,
                        uncompressed: scan.uncompressedBytes, shards: nil)
            print("  sha256      \(scan.sha256)")
            for bad in scan.badRecords.prefix(10) { print("  bad record  \(bad)") }
            if scan.badRecords.count > 10 { print("  ... and \(scan.badRecords.count - 10) more bad records") }
            printSamples(scan.samples)
        }
        if let failure = scan.failure { throw UserError(failure) }
        return report
    }

    private func inspectDataset(_ directory: String) throws -> (JSONValue, Bool) {
        let manifest = try DatasetManifest.read(directory: directory)
        var problems: [String] = []
        var samplesFound: [Document] = []
        if verify {
            let verification = try DatasetVerification(directory: directory, manifest: manifest, samples: samples)
            problems = verification.problems
            samplesFound = verification.samples
        } else if samples > 0 {
            for shard in manifest.shards where samplesFound.count < samples {
                let file = directory + "/" + shard.path
                guard FileSystem.exists(file) else { continue }
                samplesFound += try firstDocuments(file, count: samples - samplesFound.count)
            }
        }
        let report: JSONValue = .object([
            ("dataset", .string(directory)), ("name", .string(manifest.name)), ("tool_version", .string(manifest.toolVersion)),
            ("shards", .int(manifest.shards.count)), ("documents", .int(manifest.documents)),
            ("characters", .int(manifest.characters)), ("bytes", .int(manifest.bytes)),
            ("uncompressed_bytes", .int(manifest.uncompressedBytes)), ("settings", manifest.settings),
            ("verified", verify ? .bool(problems.isEmpty) : .null), ("problems", .array(problems.map { .string($0) })),
        ])
        if !json {
            print("dataset \(directory) (name \(manifest.name), made by seiren \(manifest.toolVersion))")
            printCounts(documents: manifest.documents, characters: manifest.characters, bytes: manifest.bytes,
                        uncompressed: manifest.uncompressedBytes, shards: manifest.shards.count)
            if verify {
                if problems.isEmpty {
                    print("  verified    sha256 and counts of all \(manifest.shards.count) shards match the manifest")
                } else {
                    for problem in problems { print("  PROBLEM     \(problem)") }
                }
            }
            printSamples(samplesFound)
        }
        return (report, problems.isEmpty)
    }

    private func firstDocuments(_ file: String, count: Int) throws -> [Document] {
        let reader = try DocumentReader(path: file, added: "")
        var found: [Document] = []
        while found.count < count, let record = try reader.next() {
            if case .document(let document, _) = record { found.append(document) }
        }
        return found
    }

    private func printCounts(documents: Int, characters: Int, bytes: Int, uncompressed: Int, shards: Int?) {
        if let shards { print("  shards      \(shards)") }
        print("  documents   \(documents)")
        print("  characters  \(characters)")
        let ratio = bytes > 0 ? String(format: "%.2f", Double(uncompressed) / Double(bytes)) : "-"
        print("  size        \(ByteSize.text(bytes)) compressed, \(ByteSize.text(uncompressed)) JSON Lines (compression ratio \(ratio))")
        if documents > 0 { print("  mean length \(characters / documents) characters per document") }
    }

    private func printSamples(_ documents: [Document]) {
        guard !documents.isEmpty else { return }
        print("  samples:")
        for (i, document) in documents.enumerated() {
            var line = "    [\(i + 1)] id=\(document.id) source=\(document.source) \(document.characterCount) characters"
            if let rejection = document.rejection { line += " rejected by \(rejection.stage): \(rejection.reason)" }
            print(line)
            let excerpt = document.text.unicodeScalars.prefix(100).map { $0 == "\n" ? "⏎" : String($0) }.joined()
            print("        \(excerpt)\(document.characterCount > 100 ? "…" : "")")
        }
    }
}
