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
    /// Input files (or their remainders) that could not be read: rejects marked `ends_file`, and files extraction
    /// rejected as unreadable.
    public var unreadable = 0

    static func measure(name: String, directory: String) throws -> StageRecord {
        let documents = try DatasetManifest.read(directory: directory + "/documents")
        let rejects = try DatasetManifest.read(directory: directory + "/rejects")
        var reasons: [String: Int] = [:]
        var unreadable = 0
        for file in try DatasetLocator.files(for: directory + "/rejects") {
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
        var details: JSONValue = .null
        for file in (try? FileSystem.contents(of: directory)) ?? [] where file.hasSuffix("-report.json") {
            details = (try? JSONParser.parse(try FileReader.readAll(directory + "/" + file))) ?? .null
        }
        // Extraction turns files into documents: its "in" is what came out plus what was rejected.
        return StageRecord(name: name, documentsIn: documents.documents + rejects.documents,
                           documentsOut: documents.documents, rejected: rejects.documents,
                           charactersOut: documents.characters, charactersRejected: rejects.characters,
                           reasons: reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key },
                           details: details, unreadable: unreadable)
    }

    var json: JSONValue {
        .object([
            ("stage", .string(name)), ("documents_in", .int(documentsIn)), ("documents_out", .int(documentsOut)),
            ("rejected", .int(rejected)), ("characters_out", .int(charactersOut)),
            ("characters_rejected", .int(charactersRejected)), ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("rejections", .object(reasons.map { ($0.0, .int($0.1)) })), ("unreadable_inputs", .int(unreadable)),
            ("details", details),
        ])
    }
}
