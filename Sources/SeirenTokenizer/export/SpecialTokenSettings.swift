import SeirenCore

/// What a vocabulary folder tells Hugging Face about special tokens: whether encoding a text adds the model's
/// beginning- and end-of-sentence pieces around it (the `tokenizer.json` post-processor and `add_bos_token` /
/// `add_eos_token` in `tokenizer_config.json`), and which piece pads a batch. The model's pieces and ids are the
/// same whatever these say; sentencepiece, `seiren encode-text` and `seiren encode` do not read them.
public struct SpecialTokenSettings: Sendable, Equatable {
    public var addBos = false
    public var addEos = false
    /// The piece that pads a batch; nil: the model's pad piece when it has one, else its end-of-sentence piece,
    /// else its unknown piece (a pad token only fills a batch, the attention mask hides it).
    public var padPiece: String?

    public init(addBos: Bool = false, addEos: Bool = false, padPiece: String? = nil) {
        self.addBos = addBos
        self.addEos = addEos
        self.padPiece = padPiece
    }

    public var json: JSONValue {
        ["add_bos": .bool(addBos), "add_eos": .bool(addEos), "pad_token": padPiece.map { .string($0) } ?? nil]
    }
}

/// The special pieces of one model as Hugging Face names them, resolved against the model's pieces.
struct SpecialTokens {
    struct Token {
        var piece: String
        var id: Int
    }

    var unk: Token?
    var bos: Token?
    var eos: Token?
    var pad: Token?
    var addBos: Bool
    var addEos: Bool
    /// The control and unknown pieces: what `tokenizer.json` lists as added special tokens.
    var all: [Token]

    init(_ proto: SentencePieceModelProto, settings: SpecialTokenSettings) throws {
        let spec = proto.trainerSpec
        all = proto.pieces.enumerated().compactMap { id, piece in
            [.control, .unknown].contains(piece.type) ? Token(piece: piece.piece, id: id) : nil
        }
        func special(_ id: Int32) -> Token? {
            guard id >= 0, Int(id) < proto.pieces.count else { return nil }
            let piece = proto.pieces[Int(id)]
            return [.control, .unknown].contains(piece.type) ? Token(piece: piece.piece, id: Int(id)) : nil
        }
        unk = proto.pieces.firstIndex { $0.type == .unknown }.map { Token(piece: proto.pieces[$0].piece, id: $0) }
        bos = special(spec.bosId)
        eos = special(spec.eosId)
        if let name = settings.padPiece {
            guard let token = all.first(where: { $0.piece == name }) else {
                let names = all.map(\.piece).joined(separator: ", ")
                throw TokenizerError("pad token \(name) is not a control piece of the model (it has \(names); add one with --control-symbol or --pad-id)")
            }
            pad = token
        } else {
            pad = special(spec.padId) ?? eos ?? unk
        }
        guard !settings.addBos || bos != nil else { throw TokenizerError("adding BOS needs a model with a BOS piece (--bos-id)") }
        guard !settings.addEos || eos != nil else { throw TokenizerError("adding EOS needs a model with an EOS piece (--eos-id)") }
        addBos = settings.addBos
        addEos = settings.addEos
    }

    /// `tokenizers`' TemplateProcessing adding BOS/EOS as Llama's tokenizer does (a pair: both sequences wrapped,
    /// the second with type id 1); nil when nothing is added.
    var postProcessor: JSONValue {
        guard addBos || addEos else { return nil }
        func template(_ typeId: Int, _ sequence: String) -> [JSONValue] {
            var parts: [JSONValue] = []
            if addBos, let bos { parts.append(["SpecialToken": ["id": .string(bos.piece), "type_id": .int(typeId)]]) }
            parts.append(["Sequence": ["id": .string(sequence), "type_id": .int(typeId)]])
            if addEos, let eos { parts.append(["SpecialToken": ["id": .string(eos.piece), "type_id": .int(typeId)]]) }
            return parts
        }
        let used = [addBos ? bos : nil, addEos ? eos : nil].compactMap { $0 }
        return [
            "type": "TemplateProcessing",
            "single": .array(template(0, "A")),
            "pair": .array(template(0, "A") + template(1, "B")),
            "special_tokens": .object(used.map { token in
                (token.piece, ["id": .string(token.piece), "ids": [.int(token.id)], "tokens": [.string(token.piece)]])
            }),
        ]
    }
}
