/// Cuts one line of UTF-8 into pieces MeCab can take whole: each at most `maxBytes`, cut after a sentence end
/// (。！？, or . ! ? before a space) when there is one, else after a space, else at a character boundary. The pieces
/// cover the line exactly, in order: no text is lost or repeated.
enum SentenceChunker {
    static func forEachChunk(of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, maxBytes: Int,
                             _ body: (Range<Int>) throws -> Void) rethrows {
        var start = range.lowerBound
        while range.upperBound - start > maxBytes {
            let cut = cutPoint(bytes, from: start, limit: start + maxBytes)
            try body(start..<cut)
            start = cut
        }
        if start < range.upperBound { try body(start..<range.upperBound) }
    }

    /// The best end for a piece starting at `start` that must end at or before `limit` (> start).
    static func cutPoint(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int {
        var lastSpace = -1
        var i = limit
        while i > start {
            // Is `i` just after a sentence end?
            if i >= start + 3 && bytes[i - 3] == 0xE3 && bytes[i - 2] == 0x80 && bytes[i - 1] == 0x82 { return i }  // 。
            if i >= start + 3 && bytes[i - 3] == 0xEF && bytes[i - 2] == 0xBC
                && (bytes[i - 1] == 0x81 || bytes[i - 1] == 0x9F) { return i }  // ！？
            if bytes[i - 1] == 0x20 {
                if i >= start + 2, bytes[i - 2] == 0x2E || bytes[i - 2] == 0x21 || bytes[i - 2] == 0x3F { return i }
                if lastSpace < 0 { lastSpace = i }
            }
            i -= 1
        }
        if lastSpace > start { return lastSpace }
        // No better place: the last character boundary (UTF-8 continuation bytes are 10xxxxxx).
        var cut = limit
        while cut > start + 1 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
