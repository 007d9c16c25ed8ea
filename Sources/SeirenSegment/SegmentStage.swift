import SeirenCore

/// What `seiren segment` writes into each document.
public enum SegmentMode: String, CaseIterable, Sendable {
    /// Top-level `segmented`: the text's surfaces separated by spaces, lines kept (`Segmenter.wakati`).
    case wakati
    /// Top-level `tokens`: columns `surface`, `pos`, `reading`, `base`, `offset` (scalar offset in `text`).
    case tokens

    /// The top-level document field the mode writes.
    public var field: String { self == .wakati ? "segmented" : "tokens" }
}

/// The `segment` stage: each document's text through MeCab with an explicit dictionary, in parallel (one tagger per
/// worker, one model for all). The text itself is not changed; the result goes into `mode.field`, and
/// `metadata.seiren.segment` records dictionary, mode, field and token count.
public struct SegmentStage {
    public static let name = "segment"

    public let model: SegmenterModel
    public let mode: SegmentMode

    /// Dictionary (name and folder), mode and field.
    public let settings: JSONValue
    /// `metadata.seiren.segment` less its token count: the settings without the machine-specific folder, built once.
    private let annotation: JSONValue

    public init(model: SegmenterModel, mode: SegmentMode) {
        self.model = model
        self.mode = mode
        settings = .object([("dictionary", .string(model.dictionary.name)),
                            ("dictionary_path", .string(model.dictionary.path)),
                            ("mode", .string(mode.rawValue)), ("field", .string(mode.field))])
        var annotation = settings
        annotation.remove("dictionary_path")
        self.annotation = annotation
    }

    public var manifestSettings: JSONValue { .object([("stage", .string(Self.name)), ("segment", settings)]) }

    /// Segments one document with `segmenter` (the calling worker's own).
    public func process(_ document: Document, with segmenter: Segmenter) -> StageDecision {
        var result = document
        let value: JSONValue
        let count: Int
        do {
            switch mode {
            case .wakati:
                let (text, tokens) = try segmenter.wakatiCountingTokens(document.text)
                value = .string(text)
                count = tokens
            case .tokens:
                let tokens = try segmenter.tokens(in: document.text)
                value = Self.columns(tokens)
                count = tokens.count
            }
        } catch {
            return .reject(document, Rejection(stage: Self.name, reason: "segmentation failed",
                                               details: [("error", .string("\(error)"))]))
        }
        result.extra.removeAll { $0.0 == mode.field }
        result.extra.append((mode.field, value))
        var annotation = annotation
        annotation.set("tokens", .int(count))
        result.annotate(Self.name, annotation)
        return .keep(result)
    }

    /// Tokens as columns (one array per field): compact, and easy to load as a table.
    static func columns(_ tokens: [Token]) -> JSONValue {
        .object([
            ("surface", .array(tokens.map { .string($0.surface) })),
            ("pos", .array(tokens.map { .string($0.pos) })),
            ("reading", .array(tokens.map { $0.reading.map(JSONValue.string) ?? .null })),
            ("base", .array(tokens.map { $0.baseForm.map(JSONValue.string) ?? .null })),
            ("offset", .array(tokens.map { .int($0.offset) })),
        ])
    }

    public func run(inputs: [String], output: String, workers: Int, added: String, maxShardBytes: Int = 256 << 20,
                    zstdLevel: Int32 = 3, overwrite: Bool = false, progress: ProgressReporter? = nil,
                    onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> StageSummary {
        let stage = self
        let model = self.model
        return try DocumentStageRunner.run(
            stage: Self.name, settings: manifestSettings, inputs: inputs, output: output, workers: workers,
            added: added, maxShardBytes: maxShardBytes, zstdLevel: zstdLevel, overwrite: overwrite, progress: progress,
            onBadRecord: onBadRecord, makeTransform: {
                let segmenter = try Segmenter(model: model)
                return { stage.process($0, with: segmenter) }
            })
    }
}

extension SegmentStage: TaskStage {
    public var name: String { Self.name }

    public func run(part: StagePart, context: StageContext) throws {
        _ = try run(inputs: part.inputs, output: part.output, workers: context.workers, added: context.added, overwrite: true,
                    progress: ProgressReporter(label: "segment", enabled: context.showsProgress))
    }
}
