import Foundation
import SeirenCore
import SeirenSegment

/// Counts, per tokenizer and per source, the tokens each tokenizer makes of the same texts. Every text is read
/// once and encoded by all tokenizers; texts are spread over worker threads (one set of tokenizers per thread) and
/// the sums do not depend on the number of workers. With `morphemes`, each text is also segmented by MeCab (ipadic)
/// and each token's span in the original text is checked for crossing a morpheme boundary.
public struct TokenizerMeasurement: Sendable {
    public struct Result: Sendable {
        /// The tokenizer as the user named it.
        public var tokenizer: String
        /// The short name tables and charts show: the file or folder name without `.model`.
        public var name: String {
            var name = FileSystem.lastComponent(tokenizer.hasSuffix("/") ? String(tokenizer.dropLast()) : tokenizer)
            if name.hasSuffix(".model") { name.removeLast(6) }
            if name.hasSuffix(".json") { name.removeLast(5) }
            return name
        }
        public var modelPath: String
        public var vocabularySize: Int
        /// Per source, sorted by name.
        public var sources: [(source: String, counts: TokenCounts)]
        public var total: TokenCounts
    }

    public var results: [Result]
    public var skipped: Int
    /// Input files that could not be read to the end.
    public var unreadableFiles: [String] = []
    /// Whether the morpheme-boundary share was measured.
    public var morphemes = false

    public static func run(tokenizers: [String], inputs: [String], workers: Int = 1, morphemes: Bool = true,
                           progress: ProgressReporter? = nil,
                           onBad: @escaping (String) -> Void = { _ in }) throws -> TokenizerMeasurement {
        guard !tokenizers.isEmpty else { throw TokenizerError("give at least one --tokenizer") }
        let loaded = try tokenizers.map { try TokenizerLocator.load($0) }
        let originals = loaded.map(\.tokenizer)
        let mecab: SegmenterModel?
        do { mecab = morphemes ? try SegmenterModel(dictionary: .ipadic) : nil } catch {
            throw TokenizerError("the morpheme-boundary share needs MeCab's ipadic dictionary (\(error)); measure without it with --no-morphemes")
        }
        // One set of tokenizers (and one MeCab tagger) per worker thread.
        let perThread = ThreadLocalFactory { () -> ([any TextTokenizer], Segmenter?) in
            (try originals.map { try $0.copyForWorker() }, try mecab.map { try Segmenter(model: $0) })
        }
        let input = try MeasureInput(paths: inputs, onBad: onBad)

        var sums = [[String: TokenCounts]](repeating: [:], count: tokenizers.count)
        var texts = 0
        try orderedParallelMap(workers: workers, next: input.next, transform: { (text: MeasureInput.Text) in
            let (models, segmenter) = try perThread.get()
            guard let segmenter else {
                return (text.source, try models.map { TokenCounts.of(text.text, ids: try $0.encode(text.text), tokenizer: $0) })
            }
            let boundaries = try MorphemeBoundaries(text.text, segmenter: segmenter)
            return (text.source, try models.map {
                TokenCounts.of(text.text, spans: try $0.encodeWithSpans(text.text), tokenizer: $0, morphemes: boundaries)
            })
        }, consume: { source, counts in
            for (i, c) in counts.enumerated() { sums[i][source, default: TokenCounts()] += c }
            texts += 1
            if texts % 1024 == 0 { progress?.update(documents: texts, bytes: 0) }
        })
        progress?.finish()

        let results = tokenizers.indices.map { i -> Result in
            let sources = sums[i].sorted { $0.key < $1.key }.map { (source: $0.key, counts: $0.value) }
            var total = TokenCounts()
            for s in sources { total += s.counts }
            return Result(tokenizer: tokenizers[i], modelPath: loaded[i].modelPath,
                          vocabularySize: loaded[i].tokenizer.vocabularySize, sources: sources, total: total)
        }
        return TokenizerMeasurement(results: results, skipped: input.bad, unreadableFiles: input.unreadableFiles,
                                    morphemes: morphemes)
    }
}
