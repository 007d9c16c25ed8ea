import SeirenCore
import SeirenICU

/// The Japanese rules applied after Unicode normalization. Each has a stable name: it is what `--rule NAME=...`
/// takes and what manifests and `metadata.seiren.normalize` record.
public enum NormalizationRule: String, CaseIterable, Sendable {
    /// CR LF, lone CR, U+0085, U+2028 and U+2029 become LF.
    case lineEndings = "line_endings"
    /// C0/C1 controls other than tab and newline, and invisible format characters (zero-width space, word joiner,
    /// BOM, soft hyphen, bidi marks) are removed. ZWJ/ZWNJ and variation selectors stay: emoji and kanji variants
    /// need them.
    case controlCharacters = "control_characters"
    /// Full-width ASCII letters, digits and symbols (Ａ, ０, ！) become ASCII.
    case fullwidthASCII = "fullwidth_ascii"
    /// Half-width katakana and punctuation (ｱ, ｡, ｢) become full-width, joining ﾞ and ﾟ into one character (ｶﾞ → ガ).
    case halfwidthKatakana = "halfwidth_katakana"
    /// Curly quotes become ASCII quotes.
    case quotes
    /// The hyphen and minus look-alikes (‐ ‑ ‒ – − ⁃ ...) become `-`.
    case hyphens
    /// Long-vowel look-alikes (ｰ — ― ─ ━ － ...) after kana become ー, and runs of ー after kana become one.
    case longVowels = "long_vowels"
    /// Tildes and wave dashes (〜 ～ ∼ ∾ 〰): kept, removed, or unified (see `TildeHandling`).
    case tildes
    /// The ideographic space U+3000 becomes a space.
    case ideographicSpace = "ideographic_space"
    /// Space runs: removed next to Japanese, collapsed to one between other characters, removed at line ends.
    case spaces
}

/// What the `tildes` rule does with tildes and wave dashes.
public enum TildeHandling: String, CaseIterable, Sendable {
    /// Leave them.
    case keep
    /// Delete them (neologdn's default).
    case remove
    /// Make them ASCII `~`.
    case ascii
    /// Make them the wave dash 〜 (U+301C).
    case waveDash = "wave_dash"
}

/// Which implementation of the rules runs. `seiren` is line-aware (spaces are judged per line, indentation kept,
/// ASCII `~` and `-` never touched); `neologdn` reproduces neologdn 0.5.6 exactly, quirks included.
public enum NormalizationDialect: String, CaseIterable, Sendable {
    case seiren
    case neologdn
}

/// Everything that decides what `TextNormalizer` does. Equal settings give equal output.
public struct NormalizationSettings: Equatable, Sendable {
    /// The preset these settings started from (recorded for people; the other fields are what counts).
    public var preset: String
    /// Unicode normalization through ICU, or nil for none.
    public var form: UnicodeForm?
    public var dialect: NormalizationDialect
    /// The rules that are on. `tildes` is governed by `tildeHandling` and is on unless that is `.keep`.
    public var enabledRules: Set<NormalizationRule>
    public var tildeHandling: TildeHandling

    public init(preset: String, form: UnicodeForm?, dialect: NormalizationDialect,
                enabledRules: Set<NormalizationRule>, tildeHandling: TildeHandling) {
        self.preset = preset
        self.form = form
        self.dialect = dialect
        self.enabledRules = enabledRules
        self.tildeHandling = tildeHandling
        if tildeHandling == .keep { self.enabledRules.remove(.tildes) } else { self.enabledRules.insert(.tildes) }
    }

    public func isEnabled(_ rule: NormalizationRule) -> Bool { enabledRules.contains(rule) }

    /// The forms a user may name: ICU's, plus `none`.
    public static let formNames = ["NFKC", "NFC", "NFKC_Casefold", "none"]

    /// Parses a form name (case-insensitive): NFKC, NFC, NFKC_Casefold or none.
    public static func parseForm(_ name: String) throws -> UnicodeForm? {
        if name.lowercased() == "none" { return nil }
        guard let form = [UnicodeForm.nfkc, .nfc, .nfkcCasefold].first(where: { $0.rawValue.lowercased() == name.lowercased() })
        else { throw NormalizationSettingsError("unknown Unicode form '\(name)' (expected one of: \(formNames.joined(separator: ", ")))") }
        return form
    }

    /// Applies a `NAME=VALUE` override: `on`/`off` for every rule; `tildes` also takes keep, remove, ascii or
    /// wave_dash (`on` means the dialect's usual handling: wave_dash for seiren, remove for neologdn).
    public mutating func apply(override: String) throws {
        guard let equals = override.firstIndex(of: "=") else {
            throw NormalizationSettingsError("rule override '\(override)' is not NAME=on|off")
        }
        let name = String(override[..<equals])
        let value = String(override[override.index(after: equals)...]).lowercased()
        guard let rule = NormalizationRule(rawValue: name) else {
            let names = NormalizationRule.allCases.map(\.rawValue).joined(separator: ", ")
            throw NormalizationSettingsError("unknown rule '\(name)' (rules: \(names))")
        }
        if rule == .tildes {
            if let handling = TildeHandling(rawValue: value) {
                tildeHandling = handling
            } else if value == "on" {
                tildeHandling = dialect == .neologdn ? .remove : .waveDash
            } else if value == "off" {
                tildeHandling = .keep
            } else {
                throw NormalizationSettingsError("rule 'tildes' takes on, off, keep, remove, ascii or wave_dash, not '\(value)'")
            }
            if tildeHandling == .keep { enabledRules.remove(.tildes) } else { enabledRules.insert(.tildes) }
            return
        }
        switch value {
        case "on": enabledRules.insert(rule)
        case "off": enabledRules.remove(rule)
        default: throw NormalizationSettingsError("rule '\(name)' takes on or off, not '\(value)'")
        }
    }

    /// The settings as written into manifests and `metadata.seiren.normalize`: every rule by name, in a fixed order.
    public var json: JSONValue {
        .object([
            ("preset", .string(preset)),
            ("form", .string(form?.rawValue ?? "none")),
            ("dialect", .string(dialect.rawValue)),
            ("rules", .object(NormalizationRule.allCases.map { rule in
                if rule == .tildes { return (rule.rawValue, .string(tildeHandling.rawValue)) }
                return (rule.rawValue, .string(isEnabled(rule) ? "on" : "off"))
            })),
        ])
    }
}

/// Settings a user asked for that do not exist.
public struct NormalizationSettingsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
