import Foundation
import SeirenCore

/// A Hugging Face `tokenizer.json` ready to encode, giving the ids of the `tokenizers` library's
/// `encode(text, add_special_tokens=False)`: added tokens are cut out, the rest is normalized, pre-tokenized and
/// encoded by the model. The post-processor (template special tokens) is not applied: `seiren measure` counts the
/// text's own tokens, and `seiren encode` adds its own end-of-document id.
public final class HuggingFaceTokenizer: TextTokenizer, @unchecked Sendable {
    enum Model {
        case unigram(HuggingFaceUnigram)
        case bpe(HuggingFaceBPE)
        case wordPiece(WordPiece)
    }

    let model: Model
    let normalizer: HuggingFaceNormalizer?
    let preTokenizer: HuggingFacePreTokenizer?
    let addedTokens: AddedTokens
    public let vocabularySize: Int
    public let endOfDocumentId: Int32?
    private let pieces: [Int32: String]

    /// Reads a `tokenizer.json`; errors name the file and the part Seiren does not support.
    public convenience init(contentsOf path: String) throws {
        let bytes = try FileReader.readAll(path)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw TokenizerError("\(path): not a JSON tokenizer file: \(error)")
        }
        do { try self.init(json: json) } catch {
            throw TokenizerError("\(path): \(error)")
        }
    }

    public init(json: JSONValue) throws {
        guard case .object = json, let modelJSON = json["model"] else {
            throw TokenizerError("not a tokenizer.json (no \"model\" object)")
        }
        let type = modelJSON["type"]?.stringValue
            ?? (modelJSON["merges"] != nil ? "BPE" : modelJSON["max_input_chars_per_word"] != nil ? "WordPiece" : "?")
        var pieces: [Int32: String] = [:]
        switch type {
        case "Unigram":
            let unigram = try HuggingFaceUnigram(modelJSON)
            model = .unigram(unigram)
            for (i, piece) in unigram.pieces.enumerated() { pieces[Int32(i)] = piece }
        case "BPE":
            let bpe = try HuggingFaceBPE(modelJSON)
            model = .bpe(bpe)
            for (piece, id) in bpe.vocabulary { pieces[id] = piece }
        case "WordPiece":
            let wordPiece = try WordPiece(modelJSON)
            model = .wordPiece(wordPiece)
            for (piece, id) in wordPiece.vocabulary { pieces[id] = piece }
        default:
            throw TokenizerError("unsupported model type \"\(type)\" (Seiren reads Unigram, BPE and WordPiece)")
        }
        let normalizerJSON = json["normalizer"] ?? .null
        normalizer = normalizerJSON == .null ? nil : try HuggingFaceNormalizer.parse(normalizerJSON)
        let preJSON = json["pre_tokenizer"] ?? .null
        preTokenizer = preJSON == .null ? nil : try HuggingFacePreTokenizer.parse(preJSON)
        addedTokens = try AddedTokens(json["added_tokens"], normalizer: normalizer)
        for token in addedTokens.tokens { pieces[token.id] = token.content }
        self.pieces = pieces
        vocabularySize = Int(pieces.keys.max() ?? -1) + 1
        endOfDocumentId = Self.findEndOfDocument(json, addedTokens: addedTokens)
    }

    private init(copying other: HuggingFaceTokenizer) throws {
        model = other.model
        normalizer = try other.normalizer?.copy()
        preTokenizer = try other.preTokenizer?.copy()
        addedTokens = other.addedTokens
        vocabularySize = other.vocabularySize
        endOfDocumentId = other.endOfDocumentId
        pieces = other.pieces
    }

    public func copyForWorker() throws -> any TextTokenizer { try HuggingFaceTokenizer(copying: self) }

    /// The token a document ends with: the last special token of the post-processor's single-sequence template
    /// (what the tokenizer's authors append to every text), else a special token named like an end of sequence.
    static func findEndOfDocument(_ json: JSONValue, addedTokens: AddedTokens) -> Int32? {
        func special(_ content: String) -> Int32? { addedTokens.tokens.first { $0.content == content && $0.special }?.id }
        if let template = json["post_processor"], template["type"]?.stringValue == "TemplateProcessing",
           let last = template["single"]?.arrayValue?.last, let name = last["SpecialToken"]?["id"]?.stringValue,
           let ids = template["special_tokens"]?[name]?["ids"]?.arrayValue, ids.count == 1, let id = ids[0].intValue {
            return Int32(id)
        }
        for name in ["</s>", "<|endoftext|>", "<|end_of_text|>", "<eos>", "<|eos|>", "[SEP]"] {
            if let id = special(name) { return id }
        }
        return nil
    }

    public var unknownId: Int32? {
        switch model {
        case .unigram(let m): return m.unknownId
        case .bpe(let m): return m.unknownId
        case .wordPiece(let m): return m.unknownId
        }
    }

    public func isByteFallback(_ id: Int32) -> Bool {
        switch model {
        case .unigram(let m): return m.isByteFallback(id)
        case .bpe(let m): return m.isByteFallback(id)
        case .wordPiece: return false
        }
    }

    public func piece(for id: Int32) -> String { pieces[id] ?? "" }

    public func encode(_ text: String) throws -> [Int32] { try encodeWithSpans(text).map(\.id) }

    public func encodeWithSpans(_ text: String) throws -> [TokenSpan] {
        var text = text
        let whole = text.withUTF8 { NormalizedText(original: $0, range: 0..<$0.count) }
        // 1. Added tokens that match the raw text; 2. normalize the rest and find normalized added tokens.
        var splits: [(text: NormalizedText, id: Int32?)] = addedTokens.isEmpty ? [(whole, nil)] : addedTokens.split(whole, normalizedForms: false)
        splits = splits.flatMap { split -> [(text: NormalizedText, id: Int32?)] in
            guard split.id == nil, !split.text.isEmpty else { return [split] }
            var normalized = split.text
            normalizer?.normalize(&normalized)
            return addedTokens.isEmpty ? [(normalized, nil)] : addedTokens.split(normalized, normalizedForms: true)
        }
        var result: [TokenSpan] = []
        var tokens: [(id: Int32, range: Range<Int>)] = []
        for split in splits where !split.text.isEmpty {
            if let id = split.id {
                let origin = split.text.originalRange(0..<split.text.count)
                result.append(TokenSpan(id: id, start: origin.lowerBound, end: origin.upperBound))
                continue
            }
            let pieces = preTokenizer?.preTokenize([split.text]) ?? [split.text]
            for piece in pieces where !piece.isEmpty {
                tokens.removeAll(keepingCapacity: true)
                switch model {
                case .unigram(let m): try m.tokenize(piece.bytes, into: &tokens)
                case .bpe(let m): try m.tokenize(piece.bytes, into: &tokens)
                case .wordPiece(let m): try m.tokenize(piece.bytes, into: &tokens)
                }
                for token in tokens {
                    // Byte fallback after a continuing prefix can count more bytes than the piece has.
                    let low = min(token.range.lowerBound, piece.count), high = min(token.range.upperBound, piece.count)
                    let origin = piece.originalRange(low..<high)
                    result.append(TokenSpan(id: token.id, start: origin.lowerBound, end: origin.upperBound))
                }
            }
        }
        return result
    }
}
