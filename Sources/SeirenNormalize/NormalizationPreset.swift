import SeirenICU

/// Named starting points for `NormalizationSettings`.
public enum NormalizationPreset: String, CaseIterable, Sendable {
    /// NFKC, then every Japanese rule in Seiren's line-aware dialect. Curly quotes are left alone (they carry
    /// meaning in prose and NFKC keeps them).
    case `default`
    /// Exactly `neologdn.normalize(text)` of neologdn 0.5.6: no Unicode normalization, neologdn's own tables and
    /// order of operations, tildes removed. Line endings and control characters are left as neologdn leaves them.
    case neologdn

    public var settings: NormalizationSettings {
        switch self {
        case .default:
            var rules = Set(NormalizationRule.allCases)
            rules.remove(.quotes)
            return NormalizationSettings(preset: rawValue, form: .nfkc, dialect: .seiren, enabledRules: rules,
                                         tildeHandling: .waveDash)
        case .neologdn:
            return NormalizationSettings(
                preset: rawValue, form: nil, dialect: .neologdn,
                enabledRules: [.fullwidthASCII, .halfwidthKatakana, .quotes, .hyphens, .longVowels, .tildes,
                               .ideographicSpace, .spaces],
                tildeHandling: .remove)
        }
    }

    public static func named(_ name: String) throws -> NormalizationPreset {
        guard let preset = NormalizationPreset(rawValue: name) else {
            throw NormalizationSettingsError("unknown preset '\(name)' (presets: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return preset
    }
}
