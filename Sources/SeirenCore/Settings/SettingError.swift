/// A setting of a stage outside what it may be. Settings check themselves (`validate()`), so the command line and
/// the manifest refuse the same values with the same reason; each names the setting its own way: the manifest by
/// its key (`stages.train.vocab_size`), the command line by its option (`--vocab-size`).
public struct SettingError: Error, CustomStringConvertible, Equatable {
    /// The setting's manifest key (`vocab_size`); empty when the reason concerns the settings as a whole.
    public var setting: String
    /// Why, with settings named `{key}` so that each surface can spell them its own way.
    public var template: String

    public init(_ setting: String, _ template: String) {
        self.setting = setting
        self.template = template
    }

    /// The reason with every `{key}` spelled by `name`.
    public func reason(naming name: (String) -> String) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += String(rest[..<open])
            out += name(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + String(rest)
    }

    /// `key` as a command-line option: `vocab_size` → `--vocab-size`.
    public static func option(_ key: String) -> String { "--" + String(key.map { $0 == "_" ? "-" : $0 }) }

    /// As the command line says it: `--vocab-size: 0 is outside 1...2147483647`.
    public var commandLineDescription: String {
        let reason = reason(naming: Self.option)
        return setting.isEmpty ? reason : "\(Self.option(setting)): \(reason)"
    }

    /// As a manifest names it: `vocab_size: 0 is outside 1...2147483647`.
    public var description: String {
        let reason = reason(naming: { $0 })
        return setting.isEmpty ? reason : "\(setting): \(reason)"
    }

    /// Throws unless `value` lies in `range`, with the reason every setting's range gives.
    public static func check<Value: Comparable>(_ setting: String, _ value: Value, in range: ClosedRange<Value>) throws {
        guard range.contains(value) else {
            throw SettingError(setting, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
    }
}
