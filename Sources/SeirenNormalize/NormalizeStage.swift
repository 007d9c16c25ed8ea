import SeirenCore

/// The `normalize` stage: every document's text through one `TextNormalizer`, the settings recorded on each
/// document (`metadata.seiren.normalize`) and in the manifest; documents left with no text are rejected.
public struct NormalizeStage: Sendable {
    public static let name = "normalize"
    public static let emptyReason = "empty after normalization"

    public let normalizer: TextNormalizer
    /// `normalizer.settings.json`, built once rather than for every document.
    private let annotation: JSONValue

    public init(normalizer: TextNormalizer) {
        self.normalizer = normalizer
        annotation = normalizer.settings.json
    }

    /// The manifest's `settings` for this stage.
    public var manifestSettings: JSONValue {
        .object([("stage", .string(Self.name)), ("normalize", annotation)])
    }

    /// Normalizes one document. Text that becomes empty, or only spaces, tabs and newlines, is rejected with the
    /// original length so the loss can be explained.
    public func process(_ document: Document) throws -> StageDecision {
        var result = document
        result.text = try normalizer.normalize(document.text)
        result.annotate(Self.name, annotation)
        if result.text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .reject(result, Rejection(stage: Self.name, reason: Self.emptyReason,
                                             details: [("characters_before", .int(document.characterCount))]))
        }
        return .keep(result)
    }

    /// Runs the stage over `inputs` into `output` (a stage output directory) in parallel; output is identical for
    /// any number of workers.
    public func run(inputs: [String], output: String, workers: Int, added: String, maxShardBytes: Int = 256 << 20,
                    zstdLevel: Int32 = 3, overwrite: Bool = false, progress: ProgressReporter? = nil,
                    onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> StageSummary {
        let stage = self
        return try DocumentStageRunner.run(
            stage: Self.name, settings: manifestSettings, inputs: inputs, output: output, workers: workers,
            added: added, maxShardBytes: maxShardBytes, zstdLevel: zstdLevel, overwrite: overwrite, progress: progress,
            onBadRecord: onBadRecord, makeTransform: { { try stage.process($0) } })
    }
}

extension NormalizeStage: TaskStage {
    public var name: String { Self.name }
    public var settings: JSONValue { normalizer.settings.json }

    public func run(part: StagePart, context: StageContext) throws {
        _ = try run(inputs: part.inputs, output: part.output, workers: context.workers, added: context.added, overwrite: true,
                    progress: ProgressReporter(label: "normalize", enabled: context.showsProgress))
    }
}
