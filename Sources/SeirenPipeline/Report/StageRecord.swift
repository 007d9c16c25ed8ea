import Foundation
import SeirenCore

/// What one stage did, measured from what it left on disk (so a stage skipped on resume reports the same).
public struct StageRecord: Sendable {
    public var name: String
    public var documentsIn: Int
    public var documentsOut: Int
    public var rejected: Int
    public var charactersOut: Int
    public var charactersRejected: Int
    public var seconds: Double = 0
    /// Rejections by reason, most frequent first.
    public var reasons: [(String, Int)]
    /// The stage's own report file (`*-report.json`), if it wrote one.
    public var details: JSONValue
    /// The largest peak memory of the processes that ran the stage's tasks (from their markers).
    public var taskPeakMemory = 0
    /// Input files (or their remainders) that could not be read: rejects marked `ends_file`, and files extraction
    /// rejected as unreadable.
    public var unreadable = 0

    /// Sums the stage's parts (each a stage output folder); `directory` is the stage's own folder, which may hold
    /// a report of the whole stage (`*-report.json`, dedup's).
    /// The largest peak memory the tasks of the stage in `directory` recorded in their markers.
    static func taskPeakMemory(directory: String) -> Int {
        var peak = 0
        for file in (try? FileSystem.contents(of: directory + "/tasks")) ?? [] where file.hasSuffix(".json") {
            let marker = try? JSONParser.parse(try FileReader.readAll(directory + "/tasks/" + file))
            peak = max(peak, marker?["peak_memory_bytes"]?.intValue ?? 0)
        }
        return peak
    }

    static func measure(name: String, parts: [String], directory: String) throws -> StageRecord {
        var documents = 0, rejected = 0, charactersOut = 0, charactersRejected = 0
        var reasons: [String: Int] = [:]
        var unreadable = 0
        for part in parts {
            let kept = try DatasetManifest.read(directory: part + "/documents")
            let rejects = try DatasetManifest.read(directory: part + "/rejects")
            documents += kept.documents
            charactersOut += kept.characters
            rejected += rejects.documents
            charactersRejected += rejects.characters
            for file in try DatasetLocator.files(for: part + "/rejects") {
                let reader = try DocumentReader(path: file, added: "")
                while let record = try reader.next() {
                    if case .document(let document, _) = record {
                        reasons[document.rejection?.reason ?? "unknown", default: 0] += 1
                        let rejection = document.rejection
                        if rejection?.reason == "unreadable" || rejection?.details.contains(where: { $0.0 == "ends_file" }) == true {
                            unreadable += 1
                        }
                    }
                }
            }
        }
        var details: JSONValue = .null
        for file in (try? FileSystem.contents(of: directory)) ?? [] where file.hasSuffix("-report.json") {
            details = (try? JSONParser.parse(try FileReader.readAll(directory + "/" + file))) ?? .null
        }
        // Extraction turns files into documents: its "in" is what came out plus what was rejected.
        var record = StageRecord(name: name, documentsIn: documents + rejected, documentsOut: documents, rejected: rejected,
                           charactersOut: charactersOut, charactersRejected: charactersRejected,
                           reasons: reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key },
                           details: details, unreadable: unreadable)
        record.taskPeakMemory = taskPeakMemory(directory: directory)
        return record
    }

    var json: JSONValue {
        .object([
            ("stage", .string(name)), ("documents_in", .int(documentsIn)), ("documents_out", .int(documentsOut)),
            ("rejected", .int(rejected)), ("characters_out", .int(charactersOut)),
            ("characters_rejected", .int(charactersRejected)), ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("task_peak_memory_bytes", .int(taskPeakMemory)),
            ("rejections", .object(reasons.map { ($0.0, .int($0.1)) })), ("unreadable_inputs", .int(unreadable)),
            ("details", details),
        ])
    }
}
