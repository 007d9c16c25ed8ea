/// The one interface every model's trainer has, as sentencepiece's `TrainerInterface`: the corpus's training units
/// (distinct units with their counts and the required characters, read and cut by `TrainingCorpus`) and the
/// settings in, the learned pieces out. `VocabularyTrainer` does the rest alike for every model: the reserved pieces,
/// the budget checks, the layout by id and the `TrainerSpec`. A new model adds a trainer here and a case to
/// `TrainingSettings.ModelKind` (docs/design.md, "Add a model").
protocol PieceTrainer {
    init(settings: TrainingSettings, progress: @escaping (String) -> Void)

    /// The learned pieces (UTF-8) with their scores, best first: at least `pieceBudget` of them when the corpus
    /// allows (the room left beside the reserved pieces; more are cut, those equal to a reserved piece dropped),
    /// every required character among them. The trainer may take the units' memory.
    func train(_ units: inout TrainingUnits, pieceBudget: Int) throws -> [LearnedPiece]
}

/// A piece a trainer learned: its UTF-8 bytes and score.
typealias LearnedPiece = (piece: [UInt8], score: Float)

extension TrainingSettings.ModelKind {
    /// The trainer of this model.
    var trainer: any PieceTrainer.Type {
        switch self {
        case .unigram: return UnigramTrainer.self
        case .bpe: return BPETrainer.self
        }
    }

    /// The model type written into the `.model` file's trainer spec.
    var protoType: TrainerSpec.ModelType {
        switch self {
        case .unigram: return .unigram
        case .bpe: return .bpe
        }
    }
}
