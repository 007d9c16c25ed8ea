/// What to do with code, screen and preformatted blocks.
public enum CodeMode: String, CaseIterable, Sendable {
    /// Keep their text, whitespace and all.
    case keep
    /// Keep them fenced by ``` lines, so later stages can tell code from prose.
    case mark
    /// Leave them out.
    case drop
}

/// Builds a document's text from the pieces a walk over its elements hands it: block boundaries become line breaks,
/// runs of source whitespace collapse to one space, except that a run holding a line break vanishes between two
/// Japanese characters (the break only reflects the editor's line width; a space written on one line, as in
/// "第1章 はじめに", is the author's and stays). Inline markup adds nothing; preformatted blocks keep their whitespace.
struct TextBuilder {
    private(set) var lines: [String] = []
    private var line: [Unicode.Scalar] = []
    private var pendingSpace = false
    /// Whether the pending whitespace run holds a line break.
    private var pendingBreak = false
    /// Text waiting to go before the next character of the current block (a note's label such as "警告: ").
    private var pendingPrefix: String?
    private var preformatted: [Unicode.Scalar]?

    var isEmpty: Bool { lines.isEmpty && line.isEmpty }

    /// Ends the current line, if it has anything.
    mutating func breakLine() {
        if !line.isEmpty {
            lines.append(String(String.UnicodeScalarView(line)))
            line.removeAll(keepingCapacity: true)
        }
        pendingSpace = false
        pendingBreak = false
    }

    /// Puts `prefix` before the next text of the following block (dropped if no text comes).
    mutating func setPrefix(_ prefix: String?) { pendingPrefix = prefix }

    /// Source text in flowing content: whitespace collapses.
    mutating func append(_ text: String) {
        if preformatted != nil {
            preformatted!.append(contentsOf: text.unicodeScalars)
            return
        }
        for scalar in text.unicodeScalars {
            if Self.isCollapsibleSpace(scalar) {
                pendingSpace = true
                if scalar == "\n" || scalar == "\r" { pendingBreak = true }
                continue
            }
            if let prefix = pendingPrefix {
                pendingPrefix = nil
                if !line.isEmpty { breakLine() }
                line.append(contentsOf: prefix.unicodeScalars)
                pendingSpace = false
            }
            if pendingSpace, let last = line.last,
               !(pendingBreak && JapaneseScript.isWide(last) && JapaneseScript.isWide(scalar)) {
                line.append(" ")
            }
            pendingSpace = false
            pendingBreak = false
            line.append(scalar)
        }
    }

    /// Text that must stand as written, outside the collapsing rules (separators such as "+" in key sequences).
    mutating func appendLiteral(_ text: String) {
        guard !line.isEmpty else { return }
        line.append(contentsOf: text.unicodeScalars)
        pendingSpace = false
        pendingBreak = false
    }

    /// Starts a preformatted block: text is kept verbatim until `endPreformatted`.
    mutating func beginPreformatted() {
        breakLine()
        preformatted = []
    }

    /// Ends a preformatted block and emits it by `mode`. Leading and trailing blank lines are trimmed; the
    /// whitespace inside is kept.
    mutating func endPreformatted(_ mode: CodeMode) {
        guard let scalars = preformatted else { return }
        preformatted = nil
        var text = String(String.UnicodeScalarView(scalars)).replacingCRLF()
        while let first = text.firstIndex(of: "\n"), text[..<first].allSatisfy({ $0 == " " || $0 == "\t" }) {
            text.removeSubrange(...first)
        }
        while let last = text.last, last == "\n" || last == " " || last == "\t" { text.removeLast() }
        guard !text.isEmpty else { return }
        switch mode {
        case .drop: return
        case .keep: lines.append(text)
        case .mark: lines.append("```\n" + text + "\n```")
        }
        pendingSpace = false
    }

    var isInPreformatted: Bool { preformatted != nil }

    /// The finished text: lines joined by "\n".
    mutating func finish() -> String {
        breakLine()
        return lines.joined(separator: "\n")
    }

    /// Whitespace that source formatting introduces. U+3000 (ideographic space) is written on purpose in Japanese
    /// text and is kept.
    static func isCollapsibleSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0: return true
        default: return false
        }
    }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.lazy.filter { $0 != "\r" }))
    }
}
