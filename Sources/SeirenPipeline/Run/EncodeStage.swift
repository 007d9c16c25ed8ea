import Foundation
import SeirenCore
import SeirenTokenizer

/// Encoding as tasks: part k of the last document stage is encoded into part k here, a Megatron indexed dataset of
/// its own; the step after the tasks merges the parts in order into `OUT/tokens` (`CorpusEncoder.merge`). The
/// published documents are those parts in order, so the merged ids equal one encoder's over `OUT/documents`. It runs
/// after training (its tokenizer may be the trained one), so the graph has it only once the tokenizer exists.
struct EncodeStage: TaskStage {
    /// The name of each part's `.bin`/`.idx`.
    static let partName = "tokens"

    let tokenizer: String
    let eodId: Int32?
    /// The manifest's encode section and the model's SHA-256: a retrained model re-encodes.
    let settings: JSONValue

    init(tokenizer: String, eodId: Int32?, manifestSettings: JSONValue) throws {
        self.tokenizer = tokenizer
        self.eodId = eodId
        settings = .object([("encode", manifestSettings),
                            ("model_sha256", .string(try Hex.sha256(file: try TokenizerLocator.modelPath(for: tokenizer))))])
    }

    var name: String { "encode" }
    var completionFiles: [String] { [DatasetManifest.fileName] }

    /// The tokenizer, loaded by the first part this process encodes and kept for the next: a task encodes one part
    /// after another, and loading a vocabulary costs about as much as encoding a small part.
    private let loaded = LoadedTokenizer()

    func run(part: StagePart, context: StageContext) throws {
        let model = try loaded.get(tokenizer)
        var encoder = CorpusEncoder(tokenizerPath: tokenizer, output: part.output)
        encoder.name = Self.partName
        encoder.eodId = eodId
        encoder.workers = context.workers
        encoder.overwrite = true
        _ = try encoder.run(files: part.inputs, with: model,
                            progress: ProgressReporter(label: "encode", enabled: context.showsProgress))
    }
}

/// A tokenizer loaded once and shared by the parts a process encodes (one after another, never at once).
private final class LoadedTokenizer {
    private var value: (tokenizer: any TextTokenizer, modelPath: String)?

    func get(_ path: String) throws -> (tokenizer: any TextTokenizer, modelPath: String) {
        if let value { return value }
        let loaded = try TokenizerLocator.load(path)
        value = loaded
        return loaded
    }
}
