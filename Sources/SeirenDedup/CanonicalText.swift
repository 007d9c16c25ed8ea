import SeirenICU

/// The form of a text that exact and near-duplicate detection compare: ICU NFKC (full-width ASCII, half-width
/// katakana and compatibility characters folded), then every run of whitespace made one space, with none at the
/// ends. Two documents that differ only in width forms or layout are therefore duplicates.
/// (The normalize stage may later do more; this small form is dedup's own, so dedup does not depend on it.)
public enum CanonicalText {
    public static func of(_ text: String) throws -> String {
        let normalized = try ICU.normalize(text, to: .nfkc)
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in normalized.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }
}
