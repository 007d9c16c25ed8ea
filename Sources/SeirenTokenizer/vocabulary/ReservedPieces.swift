import Foundation

/// The block of reserved pieces `seiren vocab merge` puts after the special pieces, so that a model team can later
/// give them a meaning (chat markers, tool calls) without changing any other id.
public enum ReservedPieces {
    /// `N` gives `<reserved_0>` … `<reserved_N-1>`; anything else names a UTF-8 file with one piece per line (text
    /// after a TAB is ignored, so a `.vocab` file works).
    public static func parse(_ argument: String) throws -> [String] {
        if let count = Int(argument) {
            guard count >= 0 else { throw TokenizerError("--reserved \(argument): a count must not be negative") }
            return (0..<count).map { "<reserved_\($0)>" }
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw TokenizerError("--reserved \(argument): neither a count nor a readable file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TokenizerError("\(argument): not UTF-8") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var pieces: [String] = []
        var seen = Set<String>()
        for (number, line) in zip(1..., lines) {
            let piece = String(line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0])
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            guard !piece.isEmpty else { throw TokenizerError("\(argument):\(number): empty reserved piece") }
            guard seen.insert(piece).inserted else { throw TokenizerError("\(argument):\(number): \(piece) is given twice") }
            pieces.append(piece)
        }
        return pieces
    }
}
