import Foundation

/// A SentencePiece model file (`sentencepiece_model.proto`, message `ModelProto`): the pieces with their scores
/// and types, how the model was trained, and how text is normalized before encoding.
/// Fields Seiren does not know are kept, so reading and writing a model reproduces it byte for byte.
public struct SentencePieceModelProto: Equatable, Sendable {
    public var pieces: [Piece]
    public var trainerSpec: TrainerSpec
    public var normalizerSpec: NormalizerSpec
    public var denormalizerSpec: NormalizerSpec?
    /// Field numbers other than 1, 2, 3 and 5, in file order.
    public var otherFields = ProtoFields()
    /// Whether the trainer and normalizer specs were present in the file (a model without them is legal).
    var hasTrainerSpec = true
    var hasNormalizerSpec = true

    public init(pieces: [Piece], trainerSpec: TrainerSpec, normalizerSpec: NormalizerSpec) {
        self.pieces = pieces
        self.trainerSpec = trainerSpec
        self.normalizerSpec = normalizerSpec
    }

    /// `ModelProto.SentencePiece.Type`.
    public enum PieceType: Int32, Sendable, CaseIterable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// `ModelProto.SentencePiece`.
    public struct Piece: Equatable, Sendable {
        public var piece: String
        public var score: Float
        public var type: PieceType
        /// True when the file spelled out `type` even though it is NORMAL (kept for byte-identical rewriting).
        var explicitNormalType = false
        var otherFields = ProtoFields()

        public init(piece: String, score: Float, type: PieceType = .normal) {
            self.piece = piece
            self.score = score
            self.type = type
        }
    }

    // MARK: Reading and writing

    public init(serialized bytes: [UInt8]) throws {
        var pieces: [Piece] = []
        var trainer: TrainerSpec?
        var normalizer: NormalizerSpec?
        var denormalizer: NormalizerSpec?
        var other = ProtoFields()
        var reader = ProtoReader(bytes)
        while let (number, value) = try reader.next() {
            switch (number, value) {
            case (1, .bytes(let b)): pieces.append(try Piece(serialized: b))
            case (2, .bytes(let b)): trainer = TrainerSpec(fields: try ProtoReader.fields(b))
            case (3, .bytes(let b)): normalizer = NormalizerSpec(fields: try ProtoReader.fields(b))
            case (5, .bytes(let b)): denormalizer = NormalizerSpec(fields: try ProtoReader.fields(b))
            case (1, _), (2, _), (3, _), (5, _):
                throw ProtobufError("ModelProto field \(number) has the wrong wire type")
            default: other.entries.append((number, value))
            }
        }
        self.init(pieces: pieces, trainerSpec: trainer ?? TrainerSpec(), normalizerSpec: normalizer ?? NormalizerSpec())
        hasTrainerSpec = trainer != nil
        hasNormalizerSpec = normalizer != nil
        denormalizerSpec = denormalizer
        otherFields = other
    }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerError("\(path): cannot read the SentencePiece model")
        }
        do {
            try self.init(serialized: [UInt8](data))
        } catch let error as ProtobufError {
            throw TokenizerError("\(path): not a SentencePiece model (\(error.message))")
        }
        if pieces.isEmpty { throw TokenizerError("\(path): SentencePiece model has no pieces") }
    }

    public func serialized() -> [UInt8] {
        var writer = ProtoWriter()
        for piece in pieces { writer.write(1, .bytes(piece.serialized())) }
        if hasTrainerSpec { writer.write(2, .bytes(ProtoWriter.serialize(trainerSpec.fields))) }
        if hasNormalizerSpec { writer.write(3, .bytes(ProtoWriter.serialize(normalizerSpec.fields))) }
        // Unknown fields go where their number says, denormalizer_spec (5) after a field 4 if there is one.
        for entry in otherFields.entries where entry.number < 5 { writer.write(entry.number, entry.value) }
        if let denormalizerSpec { writer.write(5, .bytes(ProtoWriter.serialize(denormalizerSpec.fields))) }
        for entry in otherFields.entries where entry.number > 5 { writer.write(entry.number, entry.value) }
        return writer.bytes
    }
}

extension SentencePieceModelProto.Piece {
    init(serialized bytes: [UInt8]) throws {
        var piece = ""
        var score: Float = 0
        var type = SentencePieceModelProto.PieceType.normal
        var explicitNormal = false
        var other = ProtoFields()
        var reader = ProtoReader(bytes)
        while let (number, value) = try reader.next() {
            switch (number, value) {
            case (1, .bytes(let b)): piece = String(decoding: b, as: UTF8.self)
            case (2, .fixed32(let v)): score = Float(bitPattern: v)
            case (3, .varint(let v)):
                guard let t = SentencePieceModelProto.PieceType(rawValue: Int32(truncatingIfNeeded: v)) else {
                    throw ProtobufError("piece \"\(piece)\" has unknown type \(v)")
                }
                type = t
                explicitNormal = t == .normal
            case (1, _), (2, _), (3, _): throw ProtobufError("SentencePiece field \(number) has the wrong wire type")
            default: other.entries.append((number, value))
            }
        }
        self.init(piece: piece, score: score, type: type)
        explicitNormalType = explicitNormal
        otherFields = other
    }

    func serialized() -> [UInt8] {
        var writer = ProtoWriter()
        writer.write(1, .bytes(Array(piece.utf8)))
        writer.write(2, .fixed32(score.bitPattern))
        if type != .normal || explicitNormalType { writer.write(3, .varint(UInt64(type.rawValue))) }
        writer.write(otherFields)
        return writer.bytes
    }
}

/// `TrainerSpec`: how the model was trained. Only what a reader of the model needs is typed; every field read from a
/// file is kept as it was. Defaults are those of the proto.
public struct TrainerSpec: Equatable, Sendable {
    public var fields: ProtoFields

    public init(fields: ProtoFields = ProtoFields()) { self.fields = fields }

    public enum ModelType: Int32, Sendable { case unigram = 1, bpe = 2, word = 3, char = 4 }

    public var input: [String] { get { fields.strings(1) } set { fields.setStrings(1, newValue) } }
    public var modelPrefix: String { get { fields.string(2) ?? "" } set { fields.setString(2, newValue) } }
    public var modelType: ModelType {
        get { fields.int32(3).flatMap(ModelType.init(rawValue:)) ?? .unigram }
        set { fields.setInt32(3, newValue.rawValue) }
    }
    public var vocabSize: Int32 { get { fields.int32(4) ?? 8000 } set { fields.setInt32(4, newValue) } }
    public var characterCoverage: Float { get { fields.float(10) ?? 0.9995 } set { fields.setFloat(10, newValue) } }
    public var inputSentenceSize: UInt64 { get { fields.uint64(11) ?? 0 } set { fields.setUInt64(11, newValue) } }
    public var seedSentencepieceSize: Int32 { get { fields.int32(14) ?? 1_000_000 } set { fields.setInt32(14, newValue) } }
    public var shrinkingFactor: Float { get { fields.float(15) ?? 0.75 } set { fields.setFloat(15, newValue) } }
    public var numThreads: Int32 { get { fields.int32(16) ?? 16 } set { fields.setInt32(16, newValue) } }
    public var numSubIterations: Int32 { get { fields.int32(17) ?? 2 } set { fields.setInt32(17, newValue) } }
    public var maxSentenceLength: Int32 { get { fields.int32(18) ?? 4192 } set { fields.setInt32(18, newValue) } }
    public var maxSentencepieceLength: Int32 { get { fields.int32(20) ?? 16 } set { fields.setInt32(20, newValue) } }
    public var splitByUnicodeScript: Bool { get { fields.bool(21) ?? true } set { fields.setBool(21, newValue) } }
    public var splitByWhitespace: Bool { get { fields.bool(22) ?? true } set { fields.setBool(22, newValue) } }
    public var splitByNumber: Bool { get { fields.bool(23) ?? true } set { fields.setBool(23, newValue) } }
    public var treatWhitespaceAsSuffix: Bool { get { fields.bool(24) ?? false } set { fields.setBool(24, newValue) } }
    public var splitDigits: Bool { get { fields.bool(25) ?? false } set { fields.setBool(25, newValue) } }
    public var allowWhitespaceOnlyPieces: Bool { get { fields.bool(26) ?? false } set { fields.setBool(26, newValue) } }
    public var controlSymbols: [String] { get { fields.strings(30) } set { fields.setStrings(30, newValue) } }
    public var userDefinedSymbols: [String] { get { fields.strings(31) } set { fields.setStrings(31, newValue) } }
    public var vocabularyOutputPieceScore: Bool { get { fields.bool(32) ?? true } set { fields.setBool(32, newValue) } }
    public var hardVocabLimit: Bool { get { fields.bool(33) ?? true } set { fields.setBool(33, newValue) } }
    public var useAllVocab: Bool { get { fields.bool(34) ?? false } set { fields.setBool(34, newValue) } }
    public var byteFallback: Bool { get { fields.bool(35) ?? false } set { fields.setBool(35, newValue) } }
    public var requiredChars: String { get { fields.string(36) ?? "" } set { fields.setString(36, newValue) } }
    public var unkId: Int32 { get { fields.int32(40) ?? 0 } set { fields.setInt32(40, newValue) } }
    public var bosId: Int32 { get { fields.int32(41) ?? 1 } set { fields.setInt32(41, newValue) } }
    public var eosId: Int32 { get { fields.int32(42) ?? 2 } set { fields.setInt32(42, newValue) } }
    public var padId: Int32 { get { fields.int32(43) ?? -1 } set { fields.setInt32(43, newValue) } }
    public var unkSurface: String { get { fields.string(44) ?? " \u{2047} " } set { fields.setString(44, newValue) } }
    public var unkPiece: String { get { fields.string(45) ?? "<unk>" } set { fields.setString(45, newValue) } }
    public var bosPiece: String { get { fields.string(46) ?? "<s>" } set { fields.setString(46, newValue) } }
    public var eosPiece: String { get { fields.string(47) ?? "</s>" } set { fields.setString(47, newValue) } }
    public var padPiece: String { get { fields.string(48) ?? "<pad>" } set { fields.setString(48, newValue) } }
    public var trainExtremelyLargeCorpus: Bool { get { fields.bool(49) ?? false } set { fields.setBool(49, newValue) } }
    public var pretokenizationDelimiter: String { get { fields.string(53) ?? "" } set { fields.setString(53, newValue) } }
}

/// `NormalizerSpec`: the normalization applied before encoding.
public struct NormalizerSpec: Equatable, Sendable {
    public var fields: ProtoFields

    public init(fields: ProtoFields = ProtoFields()) { self.fields = fields }

    public var name: String { get { fields.string(1) ?? "" } set { fields.setString(1, newValue) } }
    /// A darts-clone double-array trie and the replacement strings it points into (see `PrecompiledCharsMap`).
    public var precompiledCharsmap: [UInt8] { get { fields.bytes(2) ?? [] } set { fields.setBytes(2, newValue) } }
    public var addDummyPrefix: Bool { get { fields.bool(3) ?? true } set { fields.setBool(3, newValue) } }
    public var removeExtraWhitespaces: Bool { get { fields.bool(4) ?? true } set { fields.setBool(4, newValue) } }
    public var escapeWhitespaces: Bool { get { fields.bool(5) ?? true } set { fields.setBool(5, newValue) } }
    public var normalizationRuleTsv: String { get { fields.string(6) ?? "" } set { fields.setString(6, newValue) } }
}
