import Foundation

/// Trains a vocabulary from a `TrainingCorpus` and lays it out as a SentencePiece model: special pieces at their
/// fixed ids, then control and user-defined symbols and the 256 byte pieces at the first free ids (sentencepiece's
/// order), then the learned pieces by decreasing score.
public struct VocabularyTrainer {
    public let settings: TrainingSettings
    public var progress: (String) -> Void

    public init(settings: TrainingSettings, progress: @escaping (String) -> Void = { _ in }) {
        self.settings = settings
        self.progress = progress
    }

    /// The pieces every vocabulary of these settings has, by id.
    public func metaPieces() throws -> [Int: (String, SentencePieceModelProto.PieceType)] {
        var meta: [Int: (String, SentencePieceModelProto.PieceType)] = [:]
        var used = Set<String>()
        func fixed(_ id: Int, _ piece: String, _ type: SentencePieceModelProto.PieceType, _ name: String) throws {
            guard id >= 0 else { return }
            guard id < settings.vocabularySize else {
                throw TokenizerError("the \(name) id \(id) is outside the vocabulary of \(settings.vocabularySize)")
            }
            guard meta[id] == nil, used.insert(piece).inserted else {
                throw TokenizerError("the \(name) piece \(piece) (id \(id)) collides with another special piece")
            }
            meta[id] = (piece, type)
        }
        guard settings.unkId >= 0 else { throw TokenizerError("an <unk> id is required") }
        try fixed(settings.unkId, settings.unkPiece, .unknown, "unknown")
        try fixed(settings.bosId, settings.bosPiece, .control, "BOS")
        try fixed(settings.eosId, settings.eosPiece, .control, "EOS")
        try fixed(settings.padId, settings.padPiece, .control, "padding")
        var next = 0
        func append(_ piece: String, _ type: SentencePieceModelProto.PieceType) throws {
            guard used.insert(piece).inserted else { throw TokenizerError("the symbol \(piece.debugDescription) is given twice") }
            while meta[next] != nil { next += 1 }
            meta[next] = (piece, type)
        }
        for symbol in settings.controlSymbols { try append(symbol, .control) }
        for symbol in settings.userDefinedSymbols { try append(symbol, .userDefined) }
        if settings.byteFallback {
            for byte in 0...255 { try append(UnigramModel.bytePiece(UInt8(byte)), .byte) }
        }
        return meta
    }

    public func train(_ corpus: TrainingCorpus) throws -> SentencePieceModelProto {
        let meta = try metaPieces()
        let budget = settings.vocabularySize - meta.count
        guard budget > 0 else {
            throw TokenizerError("a vocabulary of \(settings.vocabularySize) has no room: \(meta.count) pieces are reserved (specials, user-defined symbols\(settings.byteFallback ? ", 256 byte pieces" : "")); use --vocab-size \(meta.count + 100) or more")
        }
        var units = try corpus.makeUnits(progress: progress)
        let required = units.requiredCharacters.count
        guard budget >= required else {
            throw TokenizerError("a vocabulary of \(settings.vocabularySize) is too small: \(meta.count) reserved pieces and \(required) required characters (character coverage \(settings.characterCoverage)) need at least \(meta.count + required); raise --vocab-size or lower --character-coverage")
        }
        let learned = try settings.model.trainer.init(settings: settings, progress: progress).train(&units, pieceBudget: budget)
        let metaStrings = Set(meta.values.map(\.0))
        let pieces = learned.filter { !metaStrings.contains(String(decoding: $0.piece, as: UTF8.self)) }
        guard pieces.count >= budget else {
            throw TokenizerError("the corpus is too small for a vocabulary of \(settings.vocabularySize): it yields only \(pieces.count) pieces besides the \(meta.count) reserved ones; use --vocab-size \(pieces.count + meta.count) or less, or give more text")
        }
        var protoPieces: [SentencePieceModelProto.Piece] = []
        var learnedIndex = 0
        for id in 0..<settings.vocabularySize {
            if let (piece, type) = meta[id] {
                protoPieces.append(.init(piece: piece, score: 0, type: type))
            } else {
                let (piece, score) = pieces[learnedIndex]
                learnedIndex += 1
                protoPieces.append(.init(piece: String(decoding: piece, as: UTF8.self), score: score))
            }
        }
        return SentencePieceModelProto(pieces: protoPieces, trainerSpec: trainerSpec(), normalizerSpec: corpus.normalizerSpec)
    }

    func trainerSpec() -> TrainerSpec {
        var spec = TrainerSpec()
        spec.modelPrefix = ""
        spec.modelType = settings.model.protoType
        spec.vocabSize = Int32(settings.vocabularySize)
        spec.characterCoverage = Float(settings.characterCoverage)
        spec.seedSentencepieceSize = Int32(settings.seedPieceCount)
        spec.shrinkingFactor = Float(settings.shrinkingFactor)
        // num_threads is left out: it says how the trainer ran, not what the model is, and the file must be the
        // same for any --workers (report.json records the threads).
        spec.numSubIterations = Int32(settings.subIterations)
        spec.maxSentenceLength = Int32(settings.maxSentenceBytes)
        spec.maxSentencepieceLength = Int32(settings.maxPieceLength)
        spec.splitByUnicodeScript = settings.splitByUnicodeScript
        spec.splitByWhitespace = settings.splitsByWhitespace
        spec.splitByNumber = settings.splitByNumber
        spec.treatWhitespaceAsSuffix = false
        spec.splitDigits = settings.splitDigits
        spec.allowWhitespaceOnlyPieces = settings.allowWhitespaceOnlyPieces
        spec.controlSymbols = settings.controlSymbols
        spec.userDefinedSymbols = settings.userDefinedSymbols
        spec.byteFallback = settings.byteFallback
        spec.unkId = Int32(settings.unkId)
        spec.bosId = Int32(settings.bosId)
        spec.eosId = Int32(settings.eosId)
        spec.padId = Int32(settings.padId)
        spec.unkPiece = settings.unkPiece
        spec.bosPiece = settings.bosPiece
        spec.eosPiece = settings.eosPiece
        spec.padPiece = settings.padPiece
        spec.unkSurface = " \u{2047} "
        return spec
    }
}
