import SeirenCore

/// What a run has finished, kept in `OUT/state.json` and rewritten atomically after every stage. A stage counts
/// as done only when its directory was renamed into place *and* its record is here with the same fingerprint, so
/// a run killed at any moment resumes at the first unfinished stage and ends with the same bytes.
struct RunState {
    var added: String
    var stages: [(name: String, fingerprint: String)]

    static func path(_ output: String) -> String { output + "/state.json" }

    static func read(_ output: String) -> RunState? {
        guard let bytes = try? FileReader.readAll(path(output)), let json = try? JSONParser.parse(bytes),
              let added = json["added"]?.stringValue, let list = json["stages"]?.arrayValue else { return nil }
        return RunState(added: added, stages: list.compactMap { item in
            guard let name = item["name"]?.stringValue, let fingerprint = item["fingerprint"]?.stringValue else { return nil }
            return (name, fingerprint)
        })
    }

    func write(_ output: String) throws {
        let json: JSONValue = .object([
            ("added", .string(added)),
            ("stages", .array(stages.map { .object([("name", .string($0.name)), ("fingerprint", .string($0.fingerprint))]) })),
        ])
        try JSONFile.write(json, to: Self.path(output))
    }
}
