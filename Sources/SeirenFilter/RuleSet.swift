import SeirenCore

/// An ordered list of rules; a document is rejected by the first rule it fails (cheap rules go first).
///
/// Rules files are JSON: a list of `{"rule": NAME, "params": {...}}`; `RuleRegistry.kinds` lists the names, and
/// each rule reads its own parameters.
public struct RuleSet: Sendable {
    public var rules: [any FilterRule]
    /// The rules as given (JSON), recorded in the output manifest.
    public var json: JSONValue

    public init(rules: [any FilterRule], json: JSONValue = .null) {
        self.rules = rules
        self.json = json
    }

    /// The first rule the document fails, if any.
    public func firstFailure(_ statistics: DocumentStatistics) -> RuleFailure? {
        for rule in rules {
            if case .fail(let failure) = rule.check(statistics) { return failure }
        }
        return nil
    }

    public struct InvalidRules: Error, CustomStringConvertible {
        public var source: String
        public var reason: String
        public var description: String { "\(source): \(reason)" }
    }

    /// Reads a rules file. `source` names the file in errors; relative word-list paths resolve against `baseDirectory`.
    public init(json: JSONValue, source: String, baseDirectory: String = ".") throws {
        guard let entries = json.arrayValue else {
            throw InvalidRules(source: source, reason: "expected a JSON list of {\"rule\", \"params\"} objects")
        }
        var rules: [any FilterRule] = []
        for (index, entry) in entries.enumerated() {
            let fail = { (reason: String) in InvalidRules(source: source, reason: "rule \(index + 1): \(reason)") }
            guard let name = entry["rule"]?.stringValue else { throw fail("missing \"rule\" name") }
            rules.append(try RuleRegistry.rule(RuleParameters(rule: name, params: entry["params"] ?? .object([]),
                                                              baseDirectory: baseDirectory, fail: fail)))
        }
        self.init(rules: rules, json: json)
    }

    public init(file path: String) throws {
        let bytes = try FileReader.readAll(path)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw InvalidRules(source: path, reason: "not JSON: \(error)") }
        let slash = path.lastIndex(of: "/")
        try self.init(json: json, source: path, baseDirectory: slash.map { String(path[..<$0]) } ?? ".")
    }

    public static func preset(_ name: String) throws -> RuleSet {
        guard let text = FilterPresets.all[name] else {
            throw InvalidRules(source: "--preset \(name)",
                               reason: "no such preset (known: \(FilterPresets.all.keys.sorted().joined(separator: ", ")))")
        }
        return try RuleSet(json: try JSONParser.parse(text), source: "preset \(name)")
    }
}
