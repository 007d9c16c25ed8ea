import ArgumentParser
import SeirenCore
import SeirenNormalize

/// `--preset`, `--form` and `--rule`: shared by `normalize` and `normalize-lines`.
struct NormalizationOptions: ParsableArguments {
    @Option(help: "Starting point: default (NFKC + Seiren's Japanese rules) or neologdn (exactly neologdn.normalize 0.5.6).")
    var preset: NormalizationPreset = .default

    @Option(help: "Unicode normalization before the rules: NFKC, NFC, NFKC_Casefold or none (default: the preset's).")
    var form: String?

    @Option(name: .customLong("rule"), help: ArgumentHelp(
        "Switch one rule: NAME=on|off (tildes also takes keep, remove, ascii, wave_dash). Repeatable.",
        discussion: "Rules: " + NormalizationRule.allCases.map(\.rawValue).joined(separator: ", "),
        valueName: "NAME=VALUE"))
    var rules: [String] = []

    func settings() throws -> NormalizationSettings {
        var settings = preset.settings
        if let form { settings.form = try NormalizationSettings.parseForm(form) }
        for rule in rules { try settings.apply(override: rule) }
        return settings
    }
}

struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalize document text: ICU Unicode normalization, then Japanese rules (width, kana, dashes, spaces).",
        discussion: "Documents whose text becomes empty go to OUT/rejects with a reason. The settings are written into the manifest and into each document's metadata.seiren.normalize. See docs/normalize.md."
    )

    @Argument(help: "Input datasets: a dataset or stage-output directory, a directory of JSON Lines files, or files.")
    var inputs: [String]

    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            let stage = NormalizeStage(normalizer: TextNormalizer(settings: try normalization.settings()))
            try runTextStage(stage, label: "normalize", inputs: inputs, output: output, workers: workers, report: report)
        }
    }
}
