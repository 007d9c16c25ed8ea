import SeirenCore

/// One quality rule: passes a document or says why not.
public protocol FilterRule: Sendable {
    /// The rule's name, also the `reason` of its rejections (`hiragana_fraction`, `top_2_gram_fraction`, ...).
    var name: String { get }
    func check(_ statistics: DocumentStatistics) -> RuleOutcome
}

public enum RuleOutcome: Equatable, Sendable {
    case pass
    case fail(RuleFailure)
}

/// Why a document failed a rule: the measured value against the threshold it crossed.
public struct RuleFailure: Equatable, Sendable {
    public enum Bound: String, Sendable {
        /// The value must be at least the threshold.
        case minimum
        /// The value must be at most the threshold.
        case maximum
    }

    public var rule: String
    public var value: Double
    public var threshold: Double
    public var bound: Bound
    /// What was measured, when it is not the rule's name (the language rule measures two things).
    public var measure: String

    public init(rule: String, value: Double, threshold: Double, bound: Bound, measure: String? = nil) {
        self.rule = rule
        self.value = value
        self.threshold = threshold
        self.bound = bound
        self.measure = measure ?? rule
    }

    /// `hiragana_fraction=0.03 < 0.2`
    public var detail: String {
        "\(measure)=\(Self.format(value)) \(bound == .minimum ? "<" : ">") \(Self.format(threshold))"
    }

    /// `{stage: filter, reason: RULE, rule, value, threshold, detail}` for `rejects/`.
    public var rejection: Rejection {
        Rejection(stage: "filter", reason: rule, details: [
            ("rule", .string(rule)), ("value", .double(Self.rounded(value))), ("threshold", .double(threshold)),
            ("detail", .string(detail)),
        ])
    }

    /// Values rounded to 4 decimals: enough to read, and free of float noise in the output.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func format(_ value: Double) -> String {
        let r = rounded(value)
        if r == r.rounded() && abs(r) < 1e15 { return String(Int64(r)) }
        return "\(r)"
    }
}
