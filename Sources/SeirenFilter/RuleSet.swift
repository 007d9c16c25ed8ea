import SeirenCore

/// An ordered list of rules; a document is rejected by the first rule it fails (cheap rules go first).
///
/// Rules files are JSON: a list of `{"rule": NAME, "params": {...}}`.
/// - any statistic name (`characters`, `hiragana_fraction`, `mean_sentence_length`, ...) with `min` and/or `max`;
/// - `top_n_gram_fraction` and `duplicate_n_gram_fraction` with `n` and `max`;
/// - `ng_words` with `file` (relative to the rules file) and `max`;
/// - `language` with `min_japanese_letters` and `min_kana`.
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
            func fail(_ reason: String) -> InvalidRules { InvalidRules(source: source, reason: "rule \(index + 1): \(reason)") }
            guard let name = entry["rule"]?.stringValue else { throw fail("missing \"rule\" name") }
            let params = entry["params"] ?? .object([])
            guard let pairs = params.objectValue else { throw fail("\"params\" is not an object") }
            func number(_ key: String) throws -> Double? {
                guard let value = params[key] else { return nil }
                guard let number = value.doubleValue else { throw fail("\(name): \(key) is not a number") }
                return number
            }
            func checkKeys(_ allowed: [String]) throws {
                for (key, _) in pairs where !allowed.contains(key) {
                    throw fail("\(name): unknown parameter \(key) (expected \(allowed.joined(separator: ", ")))")
                }
            }
            switch name {
            case "top_n_gram_fraction", "duplicate_n_gram_fraction":
                try checkKeys(["n", "max"])
                guard let n = params["n"]?.intValue, n >= 1, n <= 64 else { throw fail("\(name): n must be 1...64") }
                guard let max = try number("max") else { throw fail("\(name): needs max") }
                rules.append(ThresholdRule(name == "top_n_gram_fraction" ? .topNGramFraction(n) : .duplicateNGramFraction(n),
                                           max: max))
            case "ng_words":
                try checkKeys(["file", "max"])
                guard let file = params["file"]?.stringValue else { throw fail("ng_words: needs file") }
                let path = file.hasPrefix("/") ? file : baseDirectory + "/" + file
                rules.append(try NGWordRule(wordListFile: path, max: try number("max") ?? 0))
            case "language":
                try checkKeys(["min_japanese_letters", "min_kana"])
                rules.append(LanguageRule(minJapaneseLetters: try number("min_japanese_letters") ?? 0.5,
                                          minKana: try number("min_kana") ?? 0.1))
            default:
                guard let statistic = Statistic.named.first(where: { $0.name == name }) else {
                    let known = Statistic.named.map(\.name) + ["top_n_gram_fraction", "duplicate_n_gram_fraction",
                                                               "ng_words", "language"]
                    throw fail("unknown rule \(name) (known: \(known.joined(separator: ", ")))")
                }
                try checkKeys(["min", "max"])
                let min = try number("min")
                let max = try number("max")
                guard min != nil || max != nil else { throw fail("\(name): needs min or max") }
                rules.append(ThresholdRule(statistic, min: min, max: max))
            }
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
