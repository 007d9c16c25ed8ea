import SeirenCore
import SeirenICU
import SeirenMeCab

/// Training text reduced to counted units: sentences are normalized exactly as the exported model will normalize
/// them, counted once per distinct form, then cut into units (sentences, `▁` words or MeCab morphemes). Memory
/// follows the number of distinct sentences and units, which `settings.maxSentences` bounds (`SentenceSample`),
/// not the corpus size.
public final class TrainingCorpus {
    public struct Statistics: Sendable, Equatable {
        public var lines = 0
        public var trainingSentences = 0
        public var distinctSentences = 0
        /// Distinct sentences left out by the `maxSentences` sample (and their repeats).
        public var sentencesSampledOut = 0
        public var skippedEmpty = 0
        public var skippedTooLong = 0
        public var skippedInvalidUTF8 = 0
        public var heldOutLines = 0
        public var trainingCharacters = 0
        public var distinctUnits = 0
        public var requiredCharacters = 0
        public var rareCharacters = 0
    }

    public let settings: TrainingSettings
    let normalizer: SentencePieceNormalizer
    public private(set) var statistics = Statistics()
    /// Held-out raw lines (not trained on), for measuring tokens per character.
    public private(set) var heldOut: [String] = []
    /// Distinct normalized sentences with their counts, at most `settings.maxSentences` of them.
    private var sample: SentenceSample

    /// The rare character marker sentencepiece uses in place of characters outside the coverage.
    static let unknownCharacter: UInt32 = 0x2585
    static let heldOutLimit = 20_000

    /// The normalizer spec every model trained with these settings carries (and the corpus is normalized with).
    public let normalizerSpec: NormalizerSpec

    public init(settings: TrainingSettings) throws {
        self.settings = settings
        sample = SentenceSample(limit: settings.maxSentences)
        normalizerSpec = try Self.normalizerSpec(settings)
        normalizer = try SentencePieceNormalizer(spec: normalizerSpec, userDefinedSymbols: settings.userDefinedSymbols)
    }

    /// Text for an existing model (re-estimation): normalized by that model's own normalizer, not by one built from
    /// the settings.
    init(settings: TrainingSettings, model normalizerSpec: NormalizerSpec, treatWhitespaceAsSuffix: Bool) throws {
        self.settings = settings
        sample = SentenceSample(limit: settings.maxSentences)
        self.normalizerSpec = normalizerSpec
        normalizer = try SentencePieceNormalizer(spec: normalizerSpec, treatWhitespaceAsSuffix: treatWhitespaceAsSuffix,
                                                 userDefinedSymbols: settings.userDefinedSymbols)
    }

    static func normalizerSpec(_ settings: TrainingSettings) throws -> NormalizerSpec {
        var spec = NormalizerSpec()
        switch settings.normalization {
        case .identity:
            spec.name = "identity"
            spec.precompiledCharsmap = []
        case .nfkc:
            spec.name = "nfkc"
            spec.precompiledCharsmap = try NFKCCharsMap.shared()
        }
        spec.addDummyPrefix = settings.addDummyPrefix
        spec.removeExtraWhitespaces = settings.removeExtraWhitespaces
        spec.escapeWhitespaces = true
        spec.normalizationRuleTsv = ""
        return spec
    }

    /// Adds one line of raw bytes (one sentence). Invalid UTF-8 is skipped and counted.
    public func add(line: ArraySlice<UInt8>) {
        add(prepare(line))
    }

    /// Adds one sentence.
    public func add(_ line: String) {
        add(prepare(line))
    }

    /// A line with the work that needs no shared state done (UTF-8 check, normalization), so readers can prepare
    /// lines on several threads and add them in order.
    public struct PreparedLine: Sendable {
        fileprivate var text: String?
        fileprivate var normalized: [UInt8] = []
    }

    public func prepare(_ line: ArraySlice<UInt8>) -> PreparedLine {
        guard let text = String(validating: line, as: UTF8.self) else { return PreparedLine(text: nil) }
        return prepare(text)
    }

    public func prepare(_ line: String) -> PreparedLine {
        // Held-out lines are normalized too (which lines are held out is decided in order); they are few.
        guard line.utf8.count <= settings.maxSentenceBytes else { return PreparedLine(text: line) }
        var text = line
        return PreparedLine(text: line, normalized: text.withUTF8 { normalizer.normalize($0) })
    }

    public func add(_ prepared: PreparedLine) {
        statistics.lines += 1
        guard let line = prepared.text else {
            statistics.skippedInvalidUTF8 += 1
            return
        }
        if settings.heldOutEvery > 0 && statistics.lines % settings.heldOutEvery == 0 {
            statistics.heldOutLines += 1
            if heldOut.count < Self.heldOutLimit { heldOut.append(line) }
            return
        }
        if line.utf8.count > settings.maxSentenceBytes {
            statistics.skippedTooLong += 1
            return
        }
        let normalized = prepared.normalized
        if normalized.isEmpty {
            statistics.skippedEmpty += 1
            return
        }
        statistics.trainingSentences += 1
        sample.add(normalized)
    }

    /// The distinct normalized sentences (UTF-8) and their counts, in first-seen order, for work that needs no
    /// coverage or units (re-estimation); the corpus lets go of them.
    func takeSentences() -> (sentences: [[UInt8]], counts: [Int]) {
        let (sentences, counts) = takeSample()
        var characters = 0
        for (sentence, count) in zip(sentences, counts) {
            characters += count * sentence.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        statistics.trainingCharacters = characters
        return (sentences, counts)
    }

    private func takeSample() -> (sentences: [[UInt8]], counts: [Int]) {
        statistics.sentencesSampledOut = sample.dropped
        let taken = sample.take()
        statistics.distinctSentences = taken.sentences.count
        return taken
    }

    /// Runs `work` over the distinct sentences in chunks on the configured threads; results are consumed in
    /// sentence order (and every result here is the same however the sentences are chunked).
    private func forEachSentenceChunk<T>(count: Int, _ work: @escaping (Range<Int>) throws -> T,
                                         consume: (T) throws -> Void) throws {
        try orderedParallelChunks(count: count, chunks: 4 * settings.threads, workers: settings.threads,
                                  transform: work, consume: consume)
    }

    /// Character coverage, then units. Characters outside the coverage become `▅` (as in sentencepiece), so no
    /// piece contains them and encoding falls back to bytes or `<unk>` for them.
    func makeUnits(progress: (String) -> Void) throws -> TrainingUnits {
        let (sentences, sentenceCounts) = takeSample()
        guard !sentences.isEmpty else {
            throw TokenizerError("the corpus has no training text (\(statistics.lines) lines read, \(statistics.skippedEmpty) empty, \(statistics.skippedTooLong) longer than \(settings.maxSentenceBytes) bytes, \(statistics.skippedInvalidUTF8) invalid UTF-8, \(statistics.heldOutLines) held out)")
        }
        // Character frequencies, weighted by sentence counts (per chunk of sentences on the worker threads).
        var characterCounts: [UInt32: Int] = [:]
        var total = 0
        try forEachSentenceChunk(count: sentences.count) { range -> ([UInt32: Int], Int) in
            // Basic Multilingual Plane characters counted in a table (a dictionary update per character cost
            // more than all the rest of this loop), the others in a dictionary.
            var plane = [Int](repeating: 0, count: 0x10000)
            var counts: [UInt32: Int] = [:]
            var total = 0
            for s in range {
                let count = sentenceCounts[s]
                for scalar in String(decoding: sentences[s], as: UTF8.self).unicodeScalars
                where scalar.value != 0 && scalar.value != 0x20 {
                    if scalar.value < 0x10000 {
                        plane[Int(scalar.value)] += count
                    } else {
                        counts[scalar.value, default: 0] += count
                    }
                    total += count
                }
            }
            for (c, count) in plane.enumerated() where count > 0 { counts[UInt32(c)] = count }
            return (counts, total)
        } consume: { counts, chunkTotal in
            characterCounts.merge(counts, uniquingKeysWith: +)
            total += chunkTotal
        }
        statistics.trainingCharacters = total
        let sortedCharacters = characterCounts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        var required: [(UInt32, Int)] = []
        var accumulated = 0
        for (character, count) in sortedCharacters {
            if Double(accumulated) / Double(max(total, 1)) >= settings.characterCoverage { break }
            accumulated += count
            required.append((character, count))
        }
        // Which characters are required, as a bit per code point: looked up once per character of the corpus.
        var requiredBits = [UInt64](repeating: 0, count: 0x110000 / 64)
        for (character, _) in required { requiredBits[Int(character) >> 6] |= 1 << (UInt64(character) & 63) }
        statistics.requiredCharacters = required.count
        statistics.rareCharacters = characterCounts.count - required.count
        progress("\(sentences.count) distinct sentences" + (statistics.sentencesSampledOut > 0 ? " (sampled: \(statistics.sentencesSampledOut) dropped)" : "") + ", \(required.count) of \(characterCounts.count) characters cover \(settings.characterCoverage) (peak memory \(PeakMemory.bytes() >> 20) MB)")

        // Units, counted: each chunk of sentences split and counted on a worker thread (units in first-seen
        // order), the chunks merged in order, so the units come in first-seen order over the whole corpus.
        var units = CountedUnits()
        let model = settings.preTokenizer == .mecab ? try MeCabModel(dictionary: settings.mecabDictionary) : nil
        try forEachSentenceChunk(count: sentences.count) { range -> CountedUnits in
            let splitter = try UnitSplitter(settings: self.settings, model: model)
            var chunkUnits = CountedUnits()
            for s in range {
                let count = sentenceCounts[s]
                var scalars = String(decoding: sentences[s], as: UTF8.self).unicodeScalars.map(\.value)
                for i in scalars.indices
                where requiredBits[Int(scalars[i]) >> 6] & (1 << (UInt64(scalars[i]) & 63)) == 0 && scalars[i] != 0x2581 {
                    scalars[i] = Self.unknownCharacter
                }
                try splitter.split(scalars) { unit in
                    if !unit.isEmpty { chunkUnits.add(UnitKey(scalars: Array(unit)), count) }
                }
            }
            return chunkUnits
        } consume: { chunkUnits in
            for (key, count) in zip(chunkUnits.order, chunkUnits.counts) { units.add(key, count) }
        }
        statistics.distinctUnits = units.order.count
        return TrainingUnits(units: units.order.map(\.scalars), counts: units.counts, requiredCharacters: required)
    }
}

/// A unit as a dictionary key, hashed as one block of bytes.
private struct UnitKey: Hashable {
    let scalars: [UInt32]

    func hash(into hasher: inout Hasher) {
        scalars.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Units with their counts in first-seen order.
private struct CountedUnits {
    private var index: [UnitKey: Int] = [:]
    private(set) var order: [UnitKey] = []
    private(set) var counts: [Int] = []

    mutating func add(_ key: UnitKey, _ count: Int) {
        if let i = index[key] {
            counts[i] += count
        } else {
            index[key] = order.count
            order.append(key)
            counts.append(count)
        }
    }
}

/// The counted units training works on (Unicode scalars), and the characters the vocabulary must contain.
struct TrainingUnits {
    var units: [[UInt32]]
    var counts: [Int]
    /// By decreasing frequency.
    var requiredCharacters: [(UInt32, Int)]
}

/// Cuts a normalized sentence into units: whole, at `▁` (each word keeps its leading `▁`), and at MeCab morpheme
/// boundaries. User-defined symbols are cut out: they are pieces of their own.
final class UnitSplitter {
    let settings: TrainingSettings
    private let tagger: MeCabTagger?
    private let symbols: [[UInt32]]

    /// `model`: the MeCab dictionary for the MeCab pre-tokenizer, loaded once by the caller and shared by the
    /// splitters of all threads (nil for the others).
    init(settings: TrainingSettings, model: MeCabModel?) throws {
        precondition((model != nil) == (settings.preTokenizer == .mecab), "a MeCab model for the MeCab pre-tokenizer only")
        self.settings = settings
        tagger = try model.map { try MeCabTagger(model: $0) }
        symbols = settings.userDefinedSymbols.filter { !$0.isEmpty }.map { $0.unicodeScalars.map(\.value) }
            .sorted { $0.count > $1.count }
    }

    func split(_ sentence: [UInt32], _ emit: (ArraySlice<UInt32>) -> Void) throws {
        for part in cutSymbols(sentence) {
            if settings.preTokenizer == .none {
                emit(part)
                continue
            }
            for word in Self.words(part, allowWhitespaceOnly: settings.allowWhitespaceOnlyPieces) {
                if let tagger { try morphemes(word, tagger, emit) } else { emit(word) }
            }
        }
    }

    private func cutSymbols(_ sentence: [UInt32]) -> [ArraySlice<UInt32>] {
        guard !symbols.isEmpty else { return [sentence[...]] }
        var parts: [ArraySlice<UInt32>] = []
        var start = 0, i = 0
        outer: while i < sentence.count {
            for symbol in symbols where i + symbol.count <= sentence.count && sentence[i..<i + symbol.count].elementsEqual(symbol) {
                if start < i { parts.append(sentence[start..<i]) }
                i += symbol.count
                start = i
                continue outer
            }
            i += 1
        }
        if start < sentence.count { parts.append(sentence[start...]) }
        return parts
    }

    /// sentencepiece's SplitIntoWords: a word starts at the beginning and at each `▁` (not at every `▁` of a run
    /// when whitespace-only pieces are allowed).
    static func words(_ text: ArraySlice<UInt32>, allowWhitespaceOnly: Bool) -> [ArraySlice<UInt32>] {
        var words: [ArraySlice<UInt32>] = []
        var start = text.startIndex
        var inWhitespace = false
        for i in text.indices {
            let isSpace = text[i] == 0x2581
            if i == text.startIndex || (isSpace && (!inWhitespace || !allowWhitespaceOnly)) {
                if i > start { words.append(text[start..<i]) }
                start = i
                inWhitespace = true
            }
            if inWhitespace && !isSpace { inWhitespace = false }
        }
        if start < text.endIndex { words.append(text[start...]) }
        return words
    }

    private func morphemes(_ word: ArraySlice<UInt32>, _ tagger: MeCabTagger, _ emit: (ArraySlice<UInt32>) -> Void) throws {
        var body = word
        while body.first == 0x2581 { body = body.dropFirst() }
        guard !body.isEmpty else {
            emit(word)
            return
        }
        let text = String(String.UnicodeScalarView(body.compactMap(Unicode.Scalar.init)))
        // Morpheme starts, as scalar offsets into `body`.
        var byteToScalar: [Int: Int] = [:]
        var offset = 0
        for (i, scalar) in text.unicodeScalars.enumerated() {
            byteToScalar[offset] = i
            offset += String(scalar).utf8.count
        }
        var cuts: [Int] = []
        try tagger.forEachMorpheme(in: text) { _, _, _, utf8Offset in
            if let s = byteToScalar[utf8Offset], s > 0 { cuts.append(s) }
        }
        var start = word.startIndex
        for cut in cuts {
            let index = body.startIndex + cut
            if index > start {
                emit(word[start..<index])
                start = index
            }
        }
        if start < word.endIndex { emit(word[start...]) }
    }
}
