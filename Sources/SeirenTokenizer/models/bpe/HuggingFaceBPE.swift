import SeirenCore

/// The BPE model of a `tokenizer.json`, encoding as `tokenizers` does (`merge_word` and `Word::merge_all`): the
/// piece starts as characters (with `continuing_subword_prefix` / `end_of_word_suffix`, byte fallback or fused
/// unknowns for characters outside the vocabulary), then the lowest-ranked merge, leftmost first, is applied until
/// none applies. With `ignore_merges`, a piece that is itself in the vocabulary is one token.
struct HuggingFaceBPE {
    let vocabulary: [String: Int32]
    private let merges: [UInt64: (rank: Int32, id: Int32)]
    let unknownId: Int32?
    private let unknownToken: String?
    private let prefix: String?
    private let suffix: String?
    private let fuseUnknown: Bool
    let byteFallback: Bool
    private let ignoreMerges: Bool
    private let byteIds: [Int32]

    init(_ json: JSONValue) throws {
        guard let vocab = json["vocab"]?.objectValue else { throw TokenizerError("BPE model: no \"vocab\" object") }
        if let dropout = json["dropout"]?.doubleValue, dropout > 0 {
            throw TokenizerError("BPE model: dropout \(dropout) is not supported (encoding would be random)")
        }
        var vocabulary: [String: Int32] = [:]
        for (piece, id) in vocab {
            guard let id = id.intValue, id >= 0, id <= Int(Int32.max) else { throw TokenizerError("BPE model: bad id for \(piece.debugDescription)") }
            vocabulary[piece] = Int32(id)
        }
        self.vocabulary = vocabulary
        prefix = json["continuing_subword_prefix"]?.stringValue
        suffix = json["end_of_word_suffix"]?.stringValue
        var merges: [UInt64: (Int32, Int32)] = [:]
        for (rank, entry) in (json["merges"]?.arrayValue ?? []).enumerated() {
            let pair: [String]
            if let text = entry.stringValue {
                pair = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else {
                pair = entry.arrayValue?.compactMap(\.stringValue) ?? []
            }
            guard pair.count == 2 else { throw TokenizerError("BPE model: merge \(rank + 1) is not a pair") }
            guard let a = vocabulary[pair[0]], let b = vocabulary[pair[1]] else {
                throw TokenizerError("BPE model: merge \(rank + 1) uses a piece outside the vocabulary")
            }
            let right = pair[1].utf8.dropFirst(prefix?.utf8.count ?? 0)
            guard let merged = vocabulary[pair[0] + String(decoding: right, as: UTF8.self)] else {
                throw TokenizerError("BPE model: the result of merge \(rank + 1) is not in the vocabulary")
            }
            merges[Self.key(a, b)] = (Int32(rank), merged)
        }
        self.merges = merges
        unknownToken = json["unk_token"]?.stringValue
        unknownId = unknownToken.flatMap { vocabulary[$0] }
        fuseUnknown = json["fuse_unk"]?.boolValue ?? false
        byteFallback = json["byte_fallback"]?.boolValue ?? false
        ignoreMerges = json["ignore_merges"]?.boolValue ?? false
        byteIds = (0..<256).map { vocabulary[String(format: "<0x%02X>", $0)] ?? -1 }
    }

    @inline(__always) private static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    private struct Symbol {
        var id: Int32
        var previous: Int
        var next: Int
        var length: Int
    }

    func tokenize(_ bytes: [UInt8], into tokens: inout [(id: Int32, range: Range<Int>)]) throws {
        guard !bytes.isEmpty else { return }
        if ignoreMerges, let id = vocabulary[String(decoding: bytes, as: UTF8.self)] {
            tokens.append((id, 0..<bytes.count))
            return
        }
        var symbols: [Symbol] = []
        func add(_ id: Int32, _ length: Int) {
            if !symbols.isEmpty { symbols[symbols.count - 1].next = symbols.count }
            symbols.append(Symbol(id: id, previous: symbols.count - 1, next: -1, length: length))
        }
        var unknown: (id: Int32, length: Int)?
        var i = 0
        while i < bytes.count {
            let length = UTF8Scalar.oneCharLength(bytes[i])
            var piece = String(decoding: bytes[i..<i + length], as: UTF8.self)
            if i > 0, let prefix { piece = prefix + piece }
            if i + length == bytes.count, let suffix { piece += suffix }
            i += length
            if let id = vocabulary[piece] {
                if let u = unknown { add(u.id, u.length); unknown = nil }
                add(id, length)
                continue
            }
            if byteFallback, piece.utf8.allSatisfy({ byteIds[Int($0)] >= 0 }) {
                for byte in piece.utf8 { add(byteIds[Int(byte)], 1) }
                continue
            }
            guard let unknownToken else { continue }
            guard let unknownId else { throw TokenizerError("BPE model: unk_token \(unknownToken.debugDescription) is not in the vocabulary") }
            if let u = unknown {
                if fuseUnknown {
                    unknown = (u.id, u.length + length)
                } else {
                    add(u.id, u.length)
                    unknown = (unknownId, length)
                }
            } else {
                unknown = (unknownId, length)
            }
        }
        if let u = unknown { add(u.id, u.length) }
        mergeAll(&symbols)
        var position = 0
        for symbol in symbols where symbol.length > 0 {
            tokens.append((symbol.id, position..<position + symbol.length))
            position += symbol.length
        }
    }

    /// A queued merge. `Heap` pops the greatest first, so "greater" is tokenizers' priority: the lower rank, then
    /// the lower position.
    private struct Merge: Comparable {
        var rank: Int32
        var position: Int
        var id: Int32
        static func < (a: Merge, b: Merge) -> Bool { (b.rank, b.position) < (a.rank, a.position) }
        static func == (a: Merge, b: Merge) -> Bool { a.rank == b.rank && a.position == b.position }
    }

    /// tokenizers' priority queue: lowest rank first, then lowest position; stale entries are recognized by the
    /// merged id no longer matching.
    private func mergeAll(_ symbols: inout [Symbol]) {
        var queue = Heap<Merge>()
        for index in 0..<max(0, symbols.count - 1) {
            if let merge = merges[Self.key(symbols[index].id, symbols[index + 1].id)] {
                queue.push(.init(rank: merge.rank, position: index, id: merge.id))
            }
        }
        while let top = queue.pop() {
            let position = top.position
            if symbols[position].length == 0 || symbols[position].next == -1 { continue }
            let nextPosition = symbols[position].next
            let right = symbols[nextPosition]
            guard let merge = merges[Self.key(symbols[position].id, right.id)], merge.id == top.id else { continue }
            symbols[position].id = top.id
            symbols[position].length += right.length
            symbols[position].next = right.next
            symbols[nextPosition].length = 0
            if right.next > -1 && right.next < symbols.count { symbols[right.next].previous = position }
            let current = symbols[position]
            if current.previous >= 0, let m = merges[Self.key(symbols[current.previous].id, current.id)] {
                queue.push(.init(rank: m.rank, position: current.previous, id: m.id))
            }
            if current.next >= 0 && current.next < symbols.count, let m = merges[Self.key(current.id, symbols[current.next].id)] {
                queue.push(.init(rank: m.rank, position: position, id: m.id))
            }
        }
    }

    func isByteFallback(_ id: Int32) -> Bool { byteFallback && byteIds.contains(id) }
}
