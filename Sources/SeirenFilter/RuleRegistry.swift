import SeirenCore

/// The parameters of one entry of a rules file, with what a rule needs to read them: its configured name, the
/// folder of the rules file (for word lists) and errors that name the entry.
public struct RuleParameters {
    public var rule: String
    public var params: JSONValue
    public var baseDirectory: String
    let fail: (String) -> RuleSet.InvalidRules

    /// An error about this entry: `rule N: NAME: reason`.
    public func error(_ reason: String) -> RuleSet.InvalidRules { fail("\(rule): \(reason)") }

    /// `params[key]` as a number, or nil when absent.
    public func number(_ key: String) throws -> Double? {
        guard let value = params[key] else { return nil }
        guard let number = value.doubleValue else { throw error("\(key) is not a number") }
        return number
    }

    /// A path given relative to the rules file.
    public func path(_ file: String) -> String { file.hasPrefix("/") ? file : baseDirectory + "/" + file }
}

/// One kind of rule in a rules file: its name, the parameters it takes and how it builds itself from them, as a
/// datatrove filter owns its `__init__`. Adding a rule is a type with a `parse` and one line in `RuleRegistry.kinds`.
public struct RuleKind: Sendable {
    public var name: String
    public var parameters: [String]
    public var parse: @Sendable (RuleParameters) throws -> any FilterRule
}

public enum RuleRegistry {
    /// Every rule a rules file may name, in the order `docs/filter.md` lists them.
    public static let kinds: [RuleKind] = Statistic.named.map(ThresholdRule.kind) + [
        ThresholdRule.nGramKind("top_n_gram_fraction", Statistic.topNGramFraction),
        ThresholdRule.nGramKind("duplicate_n_gram_fraction", Statistic.duplicateNGramFraction),
        RuleKind(name: "ng_words", parameters: ["file", "max"], parse: NGWordRule.parse),
        RuleKind(name: "language", parameters: ["min_japanese_letters", "min_kana"], parse: LanguageRule.parse),
    ]

    /// The rule `parameters.rule` names, built from its parameters; unknown rules and parameters are errors.
    static func rule(_ parameters: RuleParameters) throws -> any FilterRule {
        guard let kind = kinds.first(where: { $0.name == parameters.rule }) else {
            throw parameters.fail("unknown rule \(parameters.rule) (known: \(kinds.map(\.name).joined(separator: ", ")))")
        }
        guard let pairs = parameters.params.objectValue else { throw parameters.fail("\"params\" is not an object") }
        for (key, _) in pairs where !kind.parameters.contains(key) {
            throw parameters.error("unknown parameter \(key) (expected \(kind.parameters.joined(separator: ", ")))")
        }
        return try kind.parse(parameters)
    }
}
