/// A vocabulary given to `seiren vocab`: a Seiren vocabulary folder (vocab/NAME holding NAME.model) or a
/// SentencePiece `.model`. Only Unigram models can be merged and re-estimated: their scores are log-probabilities.
public struct VocabularySource {
    public let path: String
    public let modelPath: String
    public let proto: SentencePieceModelProto

    public init(_ path: String) throws {
        self.path = path
        modelPath = try TokenizerLocator.modelPath(for: path)
        proto = try SentencePieceModelProto(contentsOf: modelPath)
        guard proto.trainerSpec.modelType == .unigram else {
            throw TokenizerError("\(modelPath): a \(proto.trainerSpec.modelType) model; seiren vocab works on Unigram models only (their scores are log-probabilities that EM can re-estimate)")
        }
        guard proto.pieces.contains(where: { $0.type == .unknown }) else {
            throw TokenizerError("\(modelPath): the model has no piece of type UNKNOWN")
        }
    }

    /// The model's byte fallback: declared in its trainer spec or implied by its byte pieces.
    var hasByteFallback: Bool {
        proto.trainerSpec.byteFallback || proto.pieces.contains { $0.type == .byte }
    }
}
