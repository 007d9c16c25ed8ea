import SeirenICU

/// The form of a text that exact and near-duplicate detection compare: ICU NFKC (full-width ASCII, half-width
/// katakana and compatibility characters folded), then every run of whitespace made one space, with none at the
/// ends. Two documents that differ only in width forms or layout are therefore duplicates.
/// (The normalize stage may later do more; this small form is dedup's own, so dedup does not depend on it.)
public enum CanonicalText {
    public static func of(_ text: String) throws -> String {
        var scalars: [UInt32] = []
        return try of(text, scalars: &scalars)
    }

    /// The canonical text, with its scalars left in `scalars` (reused between calls: no allocation per document
    /// once it has grown).
    public static func of(_ text: String, scalars: inout [UInt32]) throws -> String {
        let normalized = try ICU.normalize(text, to: .nfkc)
        scalars.removeAll(keepingCapacity: true)
        var pendingSpace = false
        for scalar in normalized.unicodeScalars {
            let value = scalar.value
            if isWhitespace(value) {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(0x20)
                pendingSpace = false
            }
            scalars.append(value)
        }
        var result = String.UnicodeScalarView()
        result.reserveCapacity(scalars.count)
        for value in scalars { result.append(Unicode.Scalar(value)!) }
        return String(result)
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
