import SeirenCore

/// The WordPiece model of a `tokenizer.json` (BERT): greedy longest-match-first from the left, later pieces
/// looked up with the `##` continuing prefix; a word with a part no piece matches, or longer than
/// `max_input_chars_per_word` characters, is one unknown token.
struct WordPiece {
    let vocabulary: [String: Int32]
    let unknownId: Int32?
    private let unknownToken: String
    private let prefix: String
    private let maxCharacters: Int

    init(_ json: JSONValue) throws {
        guard let vocab = json["vocab"]?.objectValue else { throw TokenizerError("WordPiece model: no \"vocab\" object") }
        var vocabulary: [String: Int32] = [:]
        for (piece, id) in vocab {
            guard let id = id.intValue, id >= 0, id <= Int(Int32.max) else { throw TokenizerError("WordPiece model: bad id for \(piece.debugDescription)") }
            vocabulary[piece] = Int32(id)
        }
        self.vocabulary = vocabulary
        unknownToken = json["unk_token"]?.stringValue ?? "[UNK]"
        unknownId = vocabulary[unknownToken]
        prefix = json["continuing_subword_prefix"]?.stringValue ?? "##"
        maxCharacters = json["max_input_chars_per_word"]?.intValue ?? 100
    }

    func tokenize(_ bytes: [UInt8], into tokens: inout [(id: Int32, range: Range<Int>)]) throws {
        guard !bytes.isEmpty else { return }
        func unknown() throws -> (id: Int32, range: Range<Int>) {
            guard let unknownId else { throw TokenizerError("WordPiece model: unk_token \(unknownToken.debugDescription) is not in the vocabulary") }
            return (unknownId, 0..<bytes.count)
        }
        let characters = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        if characters > maxCharacters { tokens.append(try unknown()); return }
        var found: [(id: Int32, range: Range<Int>)] = []
        var start = 0
        while start < bytes.count {
            var end = bytes.count
            var match: Int32?
            while start < end {
                var piece = String(decoding: bytes[start..<end], as: UTF8.self)
                if start > 0 { piece = prefix + piece }
                if let id = vocabulary[piece] { match = id; break }
                end -= 1
                while end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            }
            guard let id = match else { tokens.append(try unknown()); return }
            found.append((id, start..<end))
            start = end
        }
        tokens += found
    }
}
