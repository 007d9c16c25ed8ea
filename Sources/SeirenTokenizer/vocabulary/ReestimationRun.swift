import Foundation
import SeirenCore

/// One `seiren vocab reestimate`: read raw (unsegmented) text with the model's own normalizer, count distinct
/// sentences, cut them only at the model's USER_DEFINED pieces, run EM on the scores, export the model with the
/// same pieces, ids and types, and report the held-out tokens per character before and after.
public struct ReestimationRun {
    public var model: String
    public var inputs: [String]
    public var output: String
    public var iterations = 2
    public var workers = 1
    public var update = "bayesian"
    /// Every n-th line is held out of EM to measure tokens per character (0: none).
    public var heldOutEvery = 100
    /// Longer lines are skipped (and counted): one lattice holds a whole line.
    public var maxSentenceBytes = 1 << 16
    public var command: [String] = []
    /// What the folder's Hugging Face files say about BOS/EOS and padding.
    public var specialTokens = SpecialTokenSettings()
    public var log: (String) -> Void = { _ in }
    /// The progress line while the corpus is read (off: `--quiet`).
    public var showsProgress = true

    public init(model: String, inputs: [String], output: String) {
        self.model = model
        self.inputs = inputs
        self.output = output
    }

    public struct Result {
        public var proto: SentencePieceModelProto
        public var files: [String]
        public var report: JSONValue
        public var heldOutBefore: Double?
        public var heldOutAfter: Double?
        public var bytesRead: Int
        public var seconds: Double
        /// Input files that could not be read to the end (estimated on what came before the damage).
        public var unreadableFiles: [String] = []
    }

    public func run() throws -> Result {
        guard let update = ScoreReestimation.Update(rawValue: update) else {
            throw TokenizerError("--update must be bayesian or ml, not \(update)")
        }
        guard iterations >= 1 else { throw TokenizerError("--iterations must be at least 1") }
        let started = Date()
        let source = try VocabularySource(model)
        let original = source.proto
        var settings = TrainingSettings()
        settings.preTokenizer = .none
        settings.characterCoverage = 1.0
        settings.userDefinedSymbols = original.pieces.filter { $0.type == .userDefined }.map(\.piece)
        settings.maxSentenceBytes = maxSentenceBytes
        settings.heldOutEvery = heldOutEvery
        settings.threads = workers
        let corpus = try TrainingCorpus(settings: settings, model: original.normalizerSpec,
                                        treatWhitespaceAsSuffix: original.trainerSpec.treatWhitespaceAsSuffix)
        let summary = try corpus.read(inputs, command: "reestimate", log: log, showsProgress: showsProgress)
        let read = corpus.statistics
        let (sentences, sentenceCounts) = corpus.takeSentences()
        guard !sentences.isEmpty else {
            throw TokenizerError("the corpus has no text (\(read.lines) lines read, \(read.skippedEmpty) empty, \(read.skippedTooLong) longer than \(maxSentenceBytes) bytes, \(read.skippedInvalidUTF8) invalid UTF-8, \(read.heldOutLines) held out)")
        }
        let splitter = SymbolSplitter(symbols: settings.userDefinedSymbols)
        var unitBytes: [[UInt8]] = []
        var counts: [Double] = []
        for (sentence, count) in zip(sentences, sentenceCounts) {
            splitter.split(sentence) { unit in
                unitBytes.append(Array(unit))
                counts.append(Double(count))
            }
        }
        let s = corpus.statistics  // with the distinct counts takeSentences adds
        log("reestimate: \(s.distinctSentences) distinct sentences, \(unitBytes.count) units (peak memory \(PeakMemory.bytes() >> 20) MB)")
        let readSeconds = Date().timeIntervalSince(started)

        let estimation = ScoreReestimation(iterations: iterations, workers: workers, update: update,
                                           progress: { log("reestimate: " + $0) })
        let (scores, history) = try estimation.run(original.pieces, units: unitBytes, counts: counts)
        var proto = original
        for i in proto.pieces.indices { proto.pieces[i].score = scores[i] }
        let emSeconds = Date().timeIntervalSince(started) - readSeconds

        let before = try heldOutTokensPerCharacter(original, corpus.heldOut)
        let after = try heldOutTokensPerCharacter(proto, corpus.heldOut)
        let seconds = Date().timeIntervalSince(started)
        let changed = zip(original.pieces, proto.pieces).filter { $0.score != $1.score }.count
        func rounded(_ x: Double, _ places: Double = 1000) -> JSONValue { .double((x * places).rounded() / places) }
        let report: JSONValue = [
            "tool": "seiren",
            "version": .string(Seiren.version),
            "command": .array(command.map { .string($0) }),
            "operation": "vocab reestimate",
            "model": .string(source.modelPath),
            "settings": [
                "iterations": .int(iterations), "update": .string(update.rawValue), "workers": .int(workers),
                "held_out_every": .int(heldOutEvery), "max_sentence_bytes": .int(maxSentenceBytes),
                "floor_count": .double(ScoreReestimation.floorCount),
            ],
            "corpus": [
                "inputs": .array(inputs.map { .string($0) }),
                "files": .int(summary.files.count),
                "documents": .int(summary.documents),
                "bad_records": .int(summary.badRecords),
                "unreadable_files": .array(summary.unreadableFiles.map { .string($0) }),
                "bytes": .int(summary.bytes),
                "lines": .int(s.lines),
                "sentences": .int(s.trainingSentences),
                "distinct_sentences": .int(s.distinctSentences),
                "units": .int(unitBytes.count),
                "characters": .int(s.trainingCharacters),
                "skipped_empty": .int(s.skippedEmpty),
                "skipped_too_long": .int(s.skippedTooLong),
                "skipped_invalid_utf8": .int(s.skippedInvalidUTF8),
                "held_out_lines": .int(s.heldOutLines),
            ],
            "iterations": .array(history.enumerated().map { i, iteration in
                ["iteration": .int(i + 1), "objective": rounded(iteration.objective, 10000),
                 "seconds": rounded(iteration.seconds), "pieces_at_floor_score": .int(iteration.flooredPieces)]
            }),
            "pieces": .int(proto.pieces.count),
            "scores_changed": .int(changed),
            "held_out": [
                "lines": .int(corpus.heldOut.count),
                "tokens_per_character_before": before.map { rounded($0, 10000) } ?? nil,
                "tokens_per_character_after": after.map { rounded($0, 10000) } ?? nil,
            ],
            "reading_seconds": rounded(readSeconds),
            "em_seconds": rounded(emSeconds),
            "seconds": rounded(seconds),
            "megabytes_per_hour": seconds > 0 ? rounded(Double(summary.bytes) / 1e6 / (seconds / 3600), 1) : nil,
            "peak_memory_bytes": .int(PeakMemory.bytes()),
        ]
        let files = try VocabularyExport.write(proto, name: try VocabularyExport.name(ofFolder: output), report: report, to: output, specialTokens: specialTokens)
        return Result(proto: proto, files: files, report: report, heldOutBefore: before, heldOutAfter: after,
                      bytesRead: summary.bytes, seconds: seconds, unreadableFiles: summary.unreadableFiles)
    }

    private func heldOutTokensPerCharacter(_ proto: SentencePieceModelProto, _ lines: [String]) throws -> Double? {
        guard !lines.isEmpty else { return nil }  // no encoder to build
        return HeldOutMeasurement(try SentencePieceTokenizer(proto: proto), lines: lines).tokensPerCharacter
    }
}
