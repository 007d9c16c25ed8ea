import SeirenCore
import SeirenMeCab

/// Segments text with MeCab, one tagger and lattice per instance: make one per thread (the model is shared).
/// Text is parsed line by line, like `mecab` reads its input; a line longer than `maxChunkBytes` is cut at sentence
/// ends first (`SentenceChunker`). Invalid UTF-8 cannot reach MeCab: the input is a Swift String, valid by
/// construction.
public final class Segmenter {
    public let model: SegmenterModel
    /// The longest piece handed to MeCab at once: the `mecab` command's default input buffer (8192 bytes with its
    /// terminator). MeCab's lattice grows with the text and node lengths are 16-bit, so pieces stay small.
    public let maxChunkBytes: Int
    private let tagger: MeCabTagger

    public init(model: SegmenterModel, maxChunkBytes: Int = 8191) throws {
        precondition(maxChunkBytes >= 4, "a piece must hold one character")
        self.model = model
        self.maxChunkBytes = maxChunkBytes
        tagger = try MeCabTagger(model: model.mecab)
    }

    /// The raw streaming API: for every morpheme, its surface and feature bytes (valid only during the call),
    /// whether MeCab guessed it, and its UTF-8 offset in `text`. `onLineEnd` is called after each line but the last.
    public func forEachMorpheme(
        in text: String,
        onLineEnd: () throws -> Void = {},
        _ body: (_ surface: UnsafeBufferPointer<UInt8>, _ feature: UnsafeBufferPointer<UInt8>, _ isUnknown: Bool,
                 _ utf8Offset: Int) throws -> Void
    ) throws {
        var text = text
        try text.withUTF8 { bytes in
            var lineStart = 0
            while true {
                let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
                try SentenceChunker.forEachChunk(of: bytes, in: lineStart..<lineEnd, maxBytes: maxChunkBytes) { chunk in
                    let piece = UnsafeBufferPointer(rebasing: bytes[chunk])
                    try tagger.forEachMorpheme(inUTF8: piece) { surface, feature, unknown, offset in
                        try body(surface, feature, unknown, chunk.lowerBound + offset)
                    }
                }
                if lineEnd >= bytes.count { break }
                try onLineEnd()
                lineStart = lineEnd + 1
            }
        }
    }

    /// Streams tokens with their fields decoded.
    public func forEachToken(in text: String, _ body: (Token) throws -> Void) throws {
        var counter = ScalarOffsetCounter(text)
        let layout = model.layout
        try forEachMorpheme(in: text) { surface, feature, unknown, offset in
            try body(Token(surface: String(decoding: surface, as: UTF8.self),
                           feature: String(decoding: feature, as: UTF8.self),
                           layout: layout, isUnknown: unknown, offset: counter.scalarOffset(ofByte: offset)))
        }
    }

    public func tokens(in text: String) throws -> [Token] {
        var tokens: [Token] = []
        try forEachToken(in: text) { tokens.append($0) }
        return tokens
    }

    /// Surfaces separated by one space, lines by `\n`, like `mecab -Owakati` (which also ends each line with a
    /// space; this does not). Spaces in the input are not tokens for MeCab, so they disappear, as in the CLI.
    public func wakati(_ text: String) throws -> String { try wakatiCountingTokens(text).text }

    /// `wakati` and the number of tokens in it.
    public func wakatiCountingTokens(_ text: String) throws -> (text: String, tokens: Int) {
        var count = 0
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 5 / 4 + 16)
        var lineHasToken = false
        try forEachMorpheme(in: text, onLineEnd: {
            out.append(0x0A)
            lineHasToken = false
        }) { surface, _, _, _ in
            if lineHasToken { out.append(0x20) }
            out.append(contentsOf: surface)
            lineHasToken = true
            count += 1
        }
        return (String(decoding: out, as: UTF8.self), count)
    }
}

/// Converts increasing UTF-8 offsets into Unicode scalar offsets without rescanning from the start.
struct ScalarOffsetCounter {
    private let utf8: [UInt8]
    private var byte = 0
    private var scalar = 0

    init(_ text: String) { utf8 = Array(text.utf8) }

    mutating func scalarOffset(ofByte target: Int) -> Int {
        if target < byte { (byte, scalar) = (0, 0) }
        while byte < target {
            if utf8[byte] & 0xC0 != 0x80 { scalar += 1 }
            byte += 1
        }
        return scalar
    }
}

/// One `Segmenter` per thread over a shared model, for callers that map text on several threads.
public final class ThreadLocalSegmenters: @unchecked Sendable {
    private let factory: ThreadLocalFactory<Segmenter>

    public init(model: SegmenterModel) { factory = ThreadLocalFactory { try Segmenter(model: model) } }

    public func get() throws -> Segmenter { try factory.get() }
}
