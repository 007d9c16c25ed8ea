import SeirenCore
import SeirenICU

/// The form of a text that exact and near-duplicate detection compare: ICU NFKC (full-width ASCII, half-width
/// katakana and compatibility characters folded), then every run of whitespace made one space, with none at the
/// ends. Two documents that differ only in width forms or layout are therefore duplicates.
/// (The normalize stage may later do more; this small form is dedup's own, so dedup does not depend on it.)
public enum CanonicalText {
    public static func of(_ text: String) throws -> String {
        var values: [UInt32] = []
        try scalars(of: text, into: &values)
        var bytes: [UInt8] = []
        utf8(of: values, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical text as scalars in `scalars` (reused between calls: no allocation per document once it has
    /// grown, and no String built: MinHash needs only the scalars).
    public static func scalars(of text: String, into scalars: inout [UInt32]) throws {
        try ICU.withNormalizedUTF8(text, to: .nfkc) { bytes in
            // At most one scalar per byte: fill in place, then cut to the length written.
            scalars.removeAll(keepingCapacity: true)
            scalars.append(contentsOf: repeatElement(0, count: bytes.count))
            let written = scalars.withUnsafeMutableBufferPointer { out -> Int in
                var count = 0
                var pendingSpace = false
                var i = 0
                while i < bytes.count {
                    let value = UTF8Scalars.next(bytes, &i)  // ICU's output is valid UTF-8
                    if isWhitespace(value) {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        out[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    out[count] = value
                    count += 1
                }
                return count
            }
            scalars.removeLast(scalars.count - written)
        }
    }

    /// The UTF-8 bytes of canonical scalars (what exact dedup hashes), into a reused buffer.
    public static func utf8(of scalars: [UInt32], into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        UTF8Scalars.append(contentsOf: scalars, to: &bytes)
    }
}

/// Unicode White_Space, by code point (the property lookup of the standard library costs far more per scalar).
@inline(__always)
func isWhitespace(_ v: UInt32) -> Bool {
    if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
    switch v {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
}
