import SeirenCore

/// Merges Unigram vocabularies into one, the way LLM-jp builds its tokenizer from per-language models. Ids, in
/// order:
/// 1. special pieces: the given ones (the first is UNKNOWN, the rest CONTROL), or the first model's UNKNOWN and
///    CONTROL pieces in its id order; then CONTROL pieces of the other models not yet present;
/// 2. the reserved block (USER_DEFINED by default, as LLM-jp's addvocabtoken.py adds pieces; or CONTROL);
/// 3. the 256 byte pieces `<0x00>`…`<0xFF>` when any input has byte fallback;
/// 4. the NORMAL, USER_DEFINED and UNUSED pieces of each model in turn, in its id order, the first occurrence of a
///    string winning; each model's `▁` rule applied (see `SpacePrefixRule`).
/// Special, reserved and byte pieces score 0 (as sentencepiece writes them); the others keep their model's score.
/// Scores of different models come from different corpora and are not comparable: re-estimate them.
public struct VocabularyMerge {
    /// What to do with a model's NORMAL pieces `▁X` (one `▁` then a non-`▁` character; pieces made only of `▁`
    /// are never touched).
    public enum SpacePrefixRule: String, CaseIterable, Sendable {
        /// Leave them.
        case keep
        /// Drop `▁X` when `X` is also a piece of the merged vocabulary (from any model).
        case drop
        /// Turn `▁X` into `X` (LLM-jp's specialSymbolRemove.py for the Japanese model); the later of two equal
        /// pieces is then dropped as a duplicate.
        case strip
    }

    public enum ReservedType: String, CaseIterable, Sendable {
        case userDefined = "user-defined"
        case control

        var pieceType: SentencePieceModelProto.PieceType { self == .control ? .control : .userDefined }
    }

    /// nil: the first model's UNKNOWN and CONTROL pieces.
    public var specials: [String]?
    public var reserved: [String] = []
    public var reservedType: ReservedType = .userDefined
    /// One rule for every model, or one per model.
    public var spacePrefix: [SpacePrefixRule] = [.keep]
    /// What the folder's Hugging Face files say about BOS/EOS and padding.
    public var specialTokens = SpecialTokenSettings()

    public init() {}

    public struct InputCount: Sendable, Equatable {
        public var pieces = 0
        public var taken = 0
        public var duplicates = 0
        public var stripped = 0
        public var droppedByRule = 0
        public var unknownOrControlMerged = 0
    }

    public struct Result {
        public var proto: SentencePieceModelProto
        public var inputs: [InputCount]
        public var specialCount: Int
        public var reservedRange: Range<Int>
        public var byteRange: Range<Int>
        public var warnings: [String]
    }

    /// Loads the vocabularies, merges them and writes NAME.model, tokenizer.json, NAME.vocab and report.json.
    public func run(_ paths: [String], output: String, command: [String]) throws -> (result: Result, files: [String]) {
        let name = try VocabularyExport.name(ofFolder: output)
        let sources = try paths.map(VocabularySource.init)
        let result = try merge(sources)
        let files = try VocabularyExport.write(result.proto, name: name, report: report(result, sources: sources, command: command),
                                               to: output, specialTokens: specialTokens)
        return (result, files)
    }

    public func merge(_ sources: [VocabularySource]) throws -> Result {
        guard let first = sources.first else { throw TokenizerError("vocab merge needs at least one vocabulary") }
        guard spacePrefix.count == 1 || spacePrefix.count == sources.count else {
            throw TokenizerError("--space-prefix is given \(spacePrefix.count) times for \(sources.count) vocabularies: give it once (for all) or once per vocabulary")
        }
        func rule(_ i: Int) -> SpacePrefixRule { spacePrefix.count == 1 ? spacePrefix[0] : spacePrefix[i] }
        typealias Piece = SentencePieceModelProto.Piece
        var pieces: [Piece] = []
        var origin: [Int] = []  // input index, -1 for specials, reserved and bytes
        var seen = Set<String>()
        var warnings: [String] = []
        var counts = [InputCount](repeating: InputCount(), count: sources.count)
        for (i, source) in sources.enumerated() { counts[i].pieces = source.proto.pieces.count }

        func add(_ piece: Piece, from input: Int) -> Bool {
            guard seen.insert(piece.piece).inserted else { return false }
            pieces.append(piece)
            origin.append(input)
            return true
        }

        // 1. Special pieces.
        if let specials {
            guard !specials.isEmpty else { throw TokenizerError("--special needs at least the unknown piece") }
            for (k, special) in specials.enumerated() {
                guard !special.isEmpty else { throw TokenizerError("--special: empty piece") }
                guard add(Piece(piece: special, score: 0, type: k == 0 ? .unknown : .control), from: -1) else {
                    throw TokenizerError("--special \(special) is given twice")
                }
            }
        } else {
            for piece in first.proto.pieces where piece.type == .unknown || piece.type == .control {
                if piece.type == .unknown && pieces.contains(where: { $0.type == .unknown }) {
                    warnings.append("\(first.modelPath): a second UNKNOWN piece \(piece.piece) is left out")
                    continue
                }
                _ = add(Piece(piece: piece.piece, score: 0, type: piece.type), from: -1)
            }
        }
        let unknown = pieces.first { $0.type == .unknown }!.piece
        for (i, source) in sources.enumerated() {
            for piece in source.proto.pieces where piece.type == .unknown || piece.type == .control {
                if seen.contains(piece.piece) {
                    counts[i].unknownOrControlMerged += 1
                } else if piece.type == .control {
                    _ = add(Piece(piece: piece.piece, score: 0, type: .control), from: -1)
                    counts[i].unknownOrControlMerged += 1
                } else {
                    warnings.append("\(source.modelPath): its unknown piece \(piece.piece) is left out; the merged model's is \(unknown)")
                }
            }
        }
        let specialCount = pieces.count

        // 2. Reserved block.
        for piece in reserved {
            guard add(Piece(piece: piece, score: 0, type: reservedType.pieceType), from: -1) else {
                throw TokenizerError("reserved piece \(piece) is also a special piece")
            }
        }
        let reservedRange = specialCount..<pieces.count

        // 3. Byte pieces.
        let byteFallback = sources.contains { $0.hasByteFallback }
        if byteFallback {
            for byte in 0...255 {
                let piece = UnigramModel.bytePiece(UInt8(byte))
                guard add(Piece(piece: piece, score: 0, type: .byte), from: -1) else {
                    throw TokenizerError("the byte piece \(piece) is also a special or reserved piece")
                }
            }
        }
        let byteRange = reservedRange.upperBound..<pieces.count

        // 4. The models' pieces.
        for (i, source) in sources.enumerated() {
            for var piece in source.proto.pieces where [.normal, .userDefined, .unused].contains(piece.type) {
                if rule(i) == .strip, piece.type == .normal, let bare = Self.withoutSpacePrefix(piece.piece) {
                    piece = Piece(piece: bare, score: piece.score, type: .normal)
                    counts[i].stripped += 1
                }
                if add(Piece(piece: piece.piece, score: piece.score, type: piece.type), from: i) {
                    counts[i].taken += 1
                } else {
                    counts[i].duplicates += 1
                }
            }
        }
        // `drop` looks at the whole merged vocabulary, so it runs once every model is in.
        if sources.indices.contains(where: { rule($0) == .drop }) {
            var kept: [Piece] = []
            for (piece, input) in zip(pieces, origin) {
                if input >= 0, rule(input) == .drop, piece.type == .normal,
                   let bare = Self.withoutSpacePrefix(piece.piece), seen.contains(bare) {
                    counts[input].droppedByRule += 1
                    counts[input].taken -= 1
                    continue
                }
                kept.append(piece)
            }
            pieces = kept
        }

        for source in sources.dropFirst() where !Self.sameNormalization(source.proto.normalizerSpec, first.proto.normalizerSpec) {
            warnings.append("\(source.modelPath) normalizes text differently from \(first.modelPath) (\(source.proto.normalizerSpec.name) vs \(first.proto.normalizerSpec.name)); the merged model uses the first one's normalizer")
        }
        var proto = SentencePieceModelProto(pieces: pieces, trainerSpec: trainerSpec(first, pieces, byteFallback),
                                            normalizerSpec: first.proto.normalizerSpec)
        proto.denormalizerSpec = first.proto.denormalizerSpec
        return Result(proto: proto, inputs: counts, specialCount: specialCount, reservedRange: reservedRange,
                      byteRange: byteRange, warnings: warnings)
    }

    /// `▁X` → `X` when X is non-empty and does not start with `▁`.
    static func withoutSpacePrefix(_ piece: String) -> String? {
        let scalars = piece.unicodeScalars
        guard scalars.count >= 2, scalars.first == "\u{2581}" else { return nil }
        let rest = scalars.dropFirst()
        guard rest.first != "\u{2581}" else { return nil }
        return String(String.UnicodeScalarView(rest))
    }

    static func sameNormalization(_ a: NormalizerSpec, _ b: NormalizerSpec) -> Bool {
        a.name == b.name && a.precompiledCharsmap == b.precompiledCharsmap && a.addDummyPrefix == b.addDummyPrefix
            && a.removeExtraWhitespaces == b.removeExtraWhitespaces && a.escapeWhitespaces == b.escapeWhitespaces
            && a.normalizationRuleTsv == b.normalizationRuleTsv
    }

    /// The first model's trainer spec with what the merged vocabulary changes: size, byte fallback, the special
    /// ids found by the first model's special piece names (-1 when absent), and the symbol lists.
    private func trainerSpec(_ first: VocabularySource, _ pieces: [SentencePieceModelProto.Piece], _ byteFallback: Bool) -> TrainerSpec {
        var spec = first.proto.trainerSpec
        let firstSpec = first.proto.trainerSpec
        func id(_ name: String, _ type: SentencePieceModelProto.PieceType) -> Int32 {
            pieces.firstIndex { $0.piece == name && $0.type == type }.map(Int32.init) ?? -1
        }
        spec.modelType = .unigram
        spec.vocabSize = Int32(pieces.count)
        spec.byteFallback = byteFallback
        let unk = pieces.firstIndex { $0.type == .unknown }!
        spec.unkId = Int32(unk)
        spec.unkPiece = pieces[unk].piece
        spec.bosId = id(firstSpec.bosPiece, .control)
        spec.eosId = id(firstSpec.eosPiece, .control)
        spec.padId = id(firstSpec.padPiece, .control)
        let named: Set<String> = [firstSpec.bosPiece, firstSpec.eosPiece, firstSpec.padPiece]
        spec.controlSymbols = pieces.filter { $0.type == .control && !named.contains($0.piece) }.map(\.piece)
        spec.userDefinedSymbols = pieces.filter { $0.type == .userDefined }.map(\.piece)
        return spec
    }

    /// The report.json of a merge.
    public func report(_ result: Result, sources: [VocabularySource], command: [String]) -> JSONValue {
        func rule(_ i: Int) -> SpacePrefixRule { spacePrefix.count == 1 ? spacePrefix[0] : spacePrefix[i] }
        let inputs: [JSONValue] = sources.enumerated().map { i, source in
            let c = result.inputs[i]
            return [
                "path": .string(source.path), "model": .string(source.modelPath), "pieces": .int(c.pieces),
                "taken": .int(c.taken), "duplicates": .int(c.duplicates), "space_prefix": .string(rule(i).rawValue),
                "stripped": .int(c.stripped), "dropped_by_space_prefix_rule": .int(c.droppedByRule),
                "special_pieces_merged": .int(c.unknownOrControlMerged),
            ]
        }
        return [
            "tool": "seiren",
            "version": .string(Seiren.version),
            "command": .array(command.map { .string($0) }),
            "operation": "vocab merge",
            "inputs": .array(inputs),
            "pieces": .int(result.proto.pieces.count),
            "special_pieces": .array(result.proto.pieces[0..<result.specialCount].map { .string($0.piece) }),
            "reserved": ["first_id": .int(result.reservedRange.lowerBound), "count": .int(result.reservedRange.count),
                         "type": .string(reservedType.rawValue)],
            "byte_pieces": ["first_id": .int(result.byteRange.lowerBound), "count": .int(result.byteRange.count)],
            "scores": "kept from each input model; models trained on different corpora have incomparable scores, so run seiren vocab reestimate before use",
            "warnings": .array(result.warnings.map { .string($0) }),
        ]
    }
}
