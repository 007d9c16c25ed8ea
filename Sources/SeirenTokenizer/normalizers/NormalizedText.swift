import SeirenCore

/// Text on its way through a `tokenizer.json` pipeline (tokenizers' `NormalizedString`): the current UTF-8 bytes
/// and, for each byte, the range of original-text bytes it came from. The bytes decide the ids; the ranges only
/// serve to map tokens back onto the original text (and Metaspace's "first piece" test).
struct NormalizedText {
    private(set) var bytes: [UInt8]
    private(set) var starts: [Int32]
    private(set) var ends: [Int32]

    /// `original[range]` as it is, each byte aligned to its whole character.
    init(original: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        bytes = Array(original[range])
        starts = []
        ends = []
        starts.reserveCapacity(range.count)
        ends.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let length = UTF8Scalar.oneCharLength(original[i])
            for _ in 0..<length {
                starts.append(Int32(i))
                ends.append(Int32(i + length))
            }
            i += length
        }
    }

    init(bytes: [UInt8], starts: [Int32], ends: [Int32]) {
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
    }

    /// Text made from a string alone (an added token's content), aligned to itself.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        self = bytes.withUnsafeBufferPointer { NormalizedText(original: $0, range: 0..<$0.count) }
    }

    var isEmpty: Bool { bytes.isEmpty }
    var count: Int { bytes.count }
    var string: String { String(decoding: bytes, as: UTF8.self) }
    /// Where this text starts in the original (tokenizers' `offsets_original().0`).
    var originalStart: Int { starts.first.map(Int.init) ?? 0 }

    /// The original range behind normalized bytes `range`.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < count ? Int(starts[range.lowerBound]) : (ends.last.map(Int.init) ?? 0)
            return at..<at
        }
        var low = Int(starts[range.lowerBound]), high = Int(ends[range.lowerBound])
        for i in range {
            low = min(low, Int(starts[i]))
            high = max(high, Int(ends[i]))
        }
        return low..<high
    }

    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(bytes: Array(bytes[range]), starts: Array(starts[range]), ends: Array(ends[range]))
    }

    /// Replaces each of `matches` (sorted, non-overlapping byte ranges) by `content`. Replacement bytes come from
    /// the whole replaced range; an insertion (empty match) comes from the character it was inserted before.
    mutating func replace(_ matches: [Range<Int>], with content: [UInt8]) {
        guard !matches.isEmpty else { return }
        var newBytes: [UInt8] = [], newStarts: [Int32] = [], newEnds: [Int32] = []
        newBytes.reserveCapacity(bytes.count + matches.count * content.count)
        var last = 0
        for match in matches {
            newBytes += bytes[last..<match.lowerBound]
            newStarts += starts[last..<match.lowerBound]
            newEnds += ends[last..<match.lowerBound]
            let origin = originalRange(match)
            let (s, e) = match.isEmpty && match.lowerBound < count
                ? (starts[match.lowerBound], ends[match.lowerBound]) : (Int32(origin.lowerBound), Int32(origin.upperBound))
            newBytes += content
            newStarts += repeatElement(s, count: content.count)
            newEnds += repeatElement(e, count: content.count)
            last = match.upperBound
        }
        newBytes += bytes[last...]
        newStarts += starts[last...]
        newEnds += ends[last...]
        self = NormalizedText(bytes: newBytes, starts: newStarts, ends: newEnds)
    }

    /// Puts `content` in front, aligned with the first character.
    mutating func prepend(_ content: [UInt8]) {
        guard !content.isEmpty else { return }
        let s = starts.first ?? 0, e = ends.first ?? 0
        bytes.insert(contentsOf: content, at: 0)
        starts.insert(contentsOf: repeatElement(s, count: content.count), at: 0)
        ends.insert(contentsOf: repeatElement(e, count: content.count), at: 0)
    }

    /// Rewrites the text scalar by scalar: `body` appends the scalars that replace each one (none removes it).
    /// Each output scalar keeps the original range of the scalar it came from.
    mutating func mapScalars(_ body: (Unicode.Scalar, inout [Unicode.Scalar]) -> Void) {
        var newBytes: [UInt8] = [], newStarts: [Int32] = [], newEnds: [Int32] = []
        newBytes.reserveCapacity(bytes.count)
        newStarts.reserveCapacity(bytes.count)
        newEnds.reserveCapacity(bytes.count)
        var output: [Unicode.Scalar] = []
        var i = 0
        while i < bytes.count {
            let (scalar, length) = UTF8Scalar.scalar(bytes, at: i)
            output.removeAll(keepingCapacity: true)
            body(scalar, &output)
            let s = starts[i], e = ends[i + length - 1]
            if output.count == 1 && output[0] == scalar {
                newBytes += bytes[i..<i + length]
                newStarts += starts[i..<i + length]
                newEnds += ends[i..<i + length]
            } else {
                for out in output {
                    let before = newBytes.count
                    UTF8Scalars.append(out.value, to: &newBytes)
                    let added = newBytes.count - before
                    newStarts += repeatElement(s, count: added)
                    newEnds += repeatElement(e, count: added)
                }
            }
            i += length
        }
        self = NormalizedText(bytes: newBytes, starts: newStarts, ends: newEnds)
    }

    /// Replaces the whole text by `result`, a rewrite that is mostly local (Unicode normalization): bytes are
    /// aligned through `perScalar` (the rewrite of each scalar alone); where the whole-text result differs from
    /// the scalar-by-scalar one (characters that compose), the differing middle maps to the middle's origin.
    mutating func replaceAll(with result: [UInt8], perScalar: (Unicode.Scalar) -> String) {
        if result == bytes { return }
        var local = self
        local.mapScalars { scalar, out in out += perScalar(scalar).unicodeScalars }
        if local.bytes == result {
            self = local
            return
        }
        var prefix = 0
        while prefix < result.count && prefix < local.count && result[prefix] == local.bytes[prefix] { prefix += 1 }
        while prefix > 0 && prefix < result.count && result[prefix] & 0xC0 == 0x80 { prefix -= 1 }
        var suffix = 0
        while suffix < result.count - prefix && suffix < local.count - prefix
            && result[result.count - 1 - suffix] == local.bytes[local.count - 1 - suffix] { suffix += 1 }
        while suffix > 0 && result[result.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
        let middle = local.originalRange(prefix..<(local.count - suffix))
        let middleCount = result.count - prefix - suffix
        starts = Array(local.starts[..<prefix]) + repeatElement(Int32(middle.lowerBound), count: middleCount)
            + Array(local.starts[(local.count - suffix)...])
        ends = Array(local.ends[..<prefix]) + repeatElement(Int32(middle.upperBound), count: middleCount)
            + Array(local.ends[(local.count - suffix)...])
        bytes = result
    }

    /// Removes leading and/or trailing whitespace (Unicode White_Space).
    mutating func strip(left: Bool, right: Bool) {
        var low = 0, high = count
        if left {
            while low < high {
                let (scalar, length) = UTF8Scalar.scalar(bytes, at: low)
                guard scalar.properties.isWhitespace else { break }
                low += length
            }
        }
        if right {
            while high > low {
                var start = high - 1
                while bytes[start] & 0xC0 == 0x80 { start -= 1 }
                guard UTF8Scalar.scalar(bytes, at: start).0.properties.isWhitespace else { break }
                high = start
            }
        }
        if low != 0 || high != count { self = slice(low..<high) }
    }
}
