import Foundation

/// A SentencePiece model ready to encode and decode: normalizer, segmentation model and decoder built from a
/// `ModelProto`, giving the same ids as the `sentencepiece` library for the same model and text.
public final class SentencePieceTokenizer: TextTokenizer, @unchecked Sendable {
    /// The segmentation model, by the file's `model_type` (as `HuggingFaceTokenizer.Model` by the JSON's `type`).
    enum Model {
        case unigram(UnigramModel)
        case bpe(BPEModel)

        init(_ proto: SentencePieceModelProto) throws {
            let trainer = proto.trainerSpec
            switch trainer.modelType {
            case .unigram: self = .unigram(try UnigramModel(pieces: proto.pieces, byteFallback: trainer.byteFallback))
            case .bpe: self = .bpe(try BPEModel(pieces: proto.pieces, byteFallback: trainer.byteFallback))
            default: throw TokenizerError("model type \(trainer.modelType) is not supported (only UNIGRAM and BPE)")
            }
        }

        func encode(normalized text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
            switch self {
            case .unigram(let model): model.encode(normalized: text, into: &ids)
            case .bpe(let model): model.encode(normalized: text, into: &ids)
            }
        }
    }

    public let proto: SentencePieceModelProto
    public let unknownId: Int32?
    public let normalizer: SentencePieceNormalizer
    public let decoder: SentencePieceDecoder
    let model: Model

    public init(proto: SentencePieceModelProto) throws {
        self.proto = proto
        let trainer = proto.trainerSpec
        let userDefined = proto.pieces.filter { $0.type == .userDefined }.map(\.piece)
        normalizer = try SentencePieceNormalizer(
            spec: proto.normalizerSpec, treatWhitespaceAsSuffix: trainer.treatWhitespaceAsSuffix,
            userDefinedSymbols: userDefined)
        decoder = SentencePieceDecoder(proto: proto)
        model = try Model(proto)
        unknownId = proto.pieces.firstIndex { $0.type == .unknown }.map(Int32.init)
    }

    public convenience init(contentsOf path: String) throws {
        try self.init(proto: SentencePieceModelProto(contentsOf: path))
    }

    public var vocabularySize: Int { proto.pieces.count }
    public func piece(for id: Int32) -> String { proto.pieces[Int(id)].piece }
    /// The first piece with this text. A search, not a table: it is asked rarely (the `</s>` piece), and a table
    /// of every piece hashed as strings cost a tenth of loading the model.
    public func id(for piece: String) -> Int32? { proto.pieces.firstIndex { $0.piece == piece }.map(Int32.init) }

    /// The normalized form sentencepiece would segment (UTF-8).
    public func normalize(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { normalizer.normalize($0) }
    }

    public func encode(_ text: String) -> [Int32] {
        var text = text
        return text.withUTF8 { encode(utf8: $0) }
    }

    /// The ids of valid UTF-8 text, without making a `String` of it first (`encode-text --file` reads lines as bytes).
    public func encode(utf8 text: UnsafeBufferPointer<UInt8>) -> [Int32] { encode(normalized: normalizer.normalize(text)) }

    func encode(normalized: [UInt8]) -> [Int32] {
        var ids: [Int32] = []
        // About one id per two normalized bytes: most texts then need no regrowth of the array.
        ids.reserveCapacity(normalized.count / 2 + 2)
        normalized.withUnsafeBufferPointer { model.encode(normalized: $0, into: &ids) }
        return ids
    }

    public func encodeAsPieces(_ text: String) -> [String] { encode(text).map { piece(for: $0) } }

    public func decode<S: Sequence>(_ ids: S) -> String where S.Element: BinaryInteger { decoder.decode(ids) }
}
