import Foundation
import SeirenCore

/// The pieces Unigram training works on, as sentencepiece's `TrainerModel`, and where each unit's lattice comes from;
/// `setPieces` is its `SetSentencePieces`. The memory work lives here, so `UnigramTrainer.train` reads as the
/// algorithm: the seed search's memory is given back before the lattices are built, each unit's lattice is built
/// once over the seeds (when every seed fits their compact layout; otherwise the unit text is kept and walked
/// with a trie at each step), and every change of pieces compacts the lattices to the pieces left.
struct TrainerModel {
    private(set) var pieces: [[UInt8]]
    private(set) var scores: [Float]
    /// Each piece's index among the seeds.
    private(set) var origin: [Int32]
    /// Each unit's count, in unit order.
    let counts: [Double]
    private let seedCount: Int
    private let threads: Int
    private var lattices: SeedLattices?
    /// The unit text (UTF-8) when there are no seed lattices.
    private let unitBytes: [[UInt8]]
    /// The seeds the lattices are numbered by (the pieces when they were last compacted).
    private var latticeSeeds: [Int32]
    /// The trie of the pieces at the first pruning (a third of the seeds, whose trie is let go) and their seeds:
    /// later prunings use it through a renumbering instead of building a trie of the current pieces each time.
    private var pruningTrie: (trie: DoubleArrayTrie, seeds: [Int32])?

    /// The model over the seed pieces. Takes the unit text from `units` (the lattices, or the UTF-8 copy, replace it).
    init(seeds: (pieces: [[UInt8]], scores: [Float]), units: inout TrainingUnits, trainer: UnigramTrainer) throws {
        pieces = seeds.pieces
        scores = seeds.scores
        origin = (0..<Int32(seeds.pieces.count)).map { $0 }
        latticeSeeds = origin
        seedCount = seeds.pieces.count
        threads = trainer.settings.threads
        counts = units.counts.map(Double.init)
        // The seed search's large temporary arrays are gone: give their memory back, or the lattices (built on
        // the worker threads' own heaps) would come on top of it.
        FreedMemory.release()
        guard SeedLattices.fits(seeds.pieces, maxPieceLength: trainer.settings.maxPieceLength) else {
            // EM works on UTF-8: the unit text itself when there are no seed lattices.
            unitBytes = units.units.map { UTF8Scalars.encode($0) }
            units.units = []
            return
        }
        let started = Date()
        // Built from the scalar form, each unit encoded on its worker thread.
        lattices = try SeedLattices.build(seeds.pieces, units.units) {
            count, work, consume in try trainer.forEachChunk(count: count, work, consume)
        }
        unitBytes = []
        units.units = []
        FreedMemory.release()  // the seed trie and the unit text
        trainer.progress(String(format: "seed lattices of %d units (%.2f s, peak memory %d MB)", counts.count,
                                Date().timeIntervalSince(started), PeakMemory.bytes() >> 20))
    }

    /// The current pieces with their scores, for one E step or pruning; with a trie only when the units are walked.
    func pieceSet() -> TrainerPieceSet {
        TrainerPieceSet(pieces: pieces, scores: scores, withTrie: lattices == nil)
    }

    var source: UnigramTrainer.LatticeSource {
        if let lattices { return .lattices(lattices) }
        return .units(unitBytes)
    }

    /// Replaces the pieces (after an M step or a pruning; `origin`: each one's seed index) and compacts the
    /// lattices to them: later passes read fewer nodes through a smaller table.
    mutating func setPieces(_ next: (pieces: [[UInt8]], scores: [Float], origin: [Int32])) throws {
        (pieces, scores, origin) = next
        guard lattices != nil, origin.count < latticeSeeds.count else { return }  // nothing removed
        let now = Self.currentIndex(origin, seedCount: seedCount)
        try lattices!.compact(latticeSeeds.map { now[Int($0)] }, pieceCount: origin.count, threads: threads)
        latticeSeeds = origin
    }

    /// The trie pruning finds each piece's alternatives with: with seed lattices, the first pruning's trie (made
    /// then) renumbered to the current pieces; otherwise the current pieces' own.
    mutating func pruningAlternatives() -> UnigramTrainer.Alternatives {
        guard lattices != nil else { return .pieceTrie }
        if pruningTrie == nil { pruningTrie = (DoubleArrayTrie(TrainerPieceSet.trie(pieces)), origin) }
        let now = Self.currentIndex(origin, seedCount: seedCount)
        return .renumbered(pruningTrie!.trie, current: pruningTrie!.seeds.map { now[Int($0)] })
    }

    /// Each seed's current index, -1 once removed.
    static func currentIndex(_ origin: [Int32], seedCount: Int) -> [Int32] {
        var current = [Int32](repeating: -1, count: seedCount)
        for (index, seed) in origin.enumerated() { current[Int(seed)] = Int32(index) }
        return current
    }
}
