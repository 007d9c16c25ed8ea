import SeirenICU

/// Normalizes text: ICU's Unicode normalization (`settings.form`), then the Japanese rules of `settings.dialect`.
/// A plain value with no mutable state: share one across threads and stages (the tokenizer trainer uses the same
/// type, so training and corpus text are normalized alike).
public struct TextNormalizer: Sendable {
    public let settings: NormalizationSettings
    private let flags: RuleFlags

    public init(settings: NormalizationSettings) {
        self.settings = settings
        flags = RuleFlags(settings)
    }

    public init(preset: NormalizationPreset = .default) {
        self.init(settings: preset.settings)
    }

    /// The normalized text. Throws only when ICU fails (which it does not on valid Unicode, and a Swift String is
    /// always valid Unicode).
    public func normalize(_ text: String) throws -> String {
        if text.isEmpty { return text }
        var text = try settings.form.map { try ICU.normalize(text, to: $0) } ?? text
        if settings.enabledRules.isEmpty { return text }
        switch settings.dialect {
        case .seiren: return SeirenRules(flags: flags).apply(to: &text)
        case .neologdn: return NeologdnRules(flags: flags).apply(to: &text)
        }
    }
}
