import Foundation

/// EM re-estimation of a Unigram model's scores on counted text: the EM step of sentencepiece's unigram trainer
/// (and of Seiren's, `UnigramTrainer.eStep`: forward-backward expected counts over every piece that matches) with
/// no pruning. Only NORMAL pieces are in the lattice and get new scores; UNKNOWN, CONTROL, USER_DEFINED (cut out of
/// the text before EM), BYTE and UNUSED pieces keep theirs.
///
/// M step, for a piece with expected count c out of a total N (the counts of pieces with c ≥ 0.5):
/// - bayesian (sentencepiece's): score = ψ(c) − ψ(N), ψ the digamma function;
/// - ml (maximum likelihood, as LLM-jp's multigram-based script): score = log(c / N).
/// sentencepiece drops a piece whose c is below 0.5; here it stays, scored as if c were 0.5 (the floor score,
/// below every piece that is used), so ids never change.
struct ScoreReestimation {
    enum Update: String, CaseIterable, Sendable {
        case bayesian
        case ml
    }

    static let floorCount = 0.5

    var iterations: Int
    var workers: Int
    var update: Update = .bayesian
    var progress: (String) -> Void = { _ in }

    struct Iteration: Sendable {
        /// Negative log-likelihood per unit under the scores the iteration started from.
        var objective: Double
        var seconds: Double
        var flooredPieces: Int
    }

    /// New scores for every piece of `pieces` (only NORMAL ones change).
    func run(_ pieces: [SentencePieceModelProto.Piece], units: [[UInt8]], counts: [Double]) throws -> (scores: [Float], iterations: [Iteration]) {
        // The lattice: NORMAL pieces, a string's first occurrence only (the one an encoder's trie keeps).
        var latticeIds: [Int] = []
        var seen = Set<String>()
        for (id, piece) in pieces.enumerated() where piece.type == .normal && seen.insert(piece.piece).inserted {
            latticeIds.append(id)
        }
        guard !latticeIds.isEmpty else { throw TokenizerError("the model has no NORMAL pieces to re-estimate") }
        let latticePieces = latticeIds.map { Array(pieces[$0].piece.utf8) }
        var latticeScores = latticeIds.map { pieces[$0].score }
        var settings = TrainingSettings()
        settings.threads = workers
        let trainer = UnigramTrainer(settings: settings, progress: progress)
        let trie = TrainerPieceSet.trie(latticePieces)
        var history: [Iteration] = []
        for round in 1...max(1, iterations) {
            let started = Date()
            let set = TrainerPieceSet(pieces: latticePieces, scores: latticeScores, trie: trie)
            let (expected, objective) = try trainer.eStep(set, units, counts)
            var total = 0.0
            for count in expected where count >= Self.floorCount { total += count }
            guard total > 0 else {
                throw TokenizerError("no piece of the model matches the corpus text: nothing to re-estimate")
            }
            let norm = score(total)
            var floored = 0
            for k in latticeScores.indices {
                let count = expected[k]
                if count < Self.floorCount { floored += 1 }
                latticeScores[k] = Float(score(max(count, Self.floorCount)) - norm)
            }
            let seconds = Date().timeIntervalSince(started)
            history.append(Iteration(objective: objective, seconds: seconds, flooredPieces: floored))
            progress(String(format: "EM iteration %d: objective %.4f, %d of %d pieces at the floor score (%.2f s)",
                            round, objective, floored, latticeScores.count, seconds))
        }
        var scores = pieces.map(\.score)
        for (k, id) in latticeIds.enumerated() { scores[id] = latticeScores[k] }
        return (scores, history)
    }

    /// ψ(c) or log(c): the M step's log-probability numerator (and, of the total, its denominator).
    private func score(_ count: Double) -> Double {
        update == .bayesian ? UnigramTrainer.digamma(count) : log(count)
    }
}
