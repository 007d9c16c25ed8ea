import SeirenCore

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
    /// The current line as UTF-8 (libxml2 hands over valid UTF-8; byte runs are copied whole).
    private var line: [UInt8] = []
    private var lastScalar: Unicode.Scalar?
    private var pendingSpace = false
    /// Whether the pending whitespace run holds a line break.
    private var pendingBreak = false
    /// Text waiting to go before the next character of the current block (a note's label such as "警告: ").
    private var pendingPrefix: String?
    private var preformatted: String?

    /// Ends the current line, if it has anything.
    mutating func breakLine() {
        if !line.isEmpty {
            lines.append(String(decoding: line, as: UTF8.self))
            line.removeAll(keepingCapacity: true)
            lastScalar = nil
        }
        pendingSpace = false
        pendingBreak = false
    }

    /// Puts `prefix` before the next text of the following block (dropped if no text comes).
    mutating func setPrefix(_ prefix: String?) { pendingPrefix = prefix }

    /// Source text in flowing content: whitespace collapses.
    mutating func append(_ text: String) {
        if preformatted != nil {
            preformatted! += text
            return
        }
        var text = text
        text.withUTF8 { appendFlowing($0) }
    }

    private mutating func appendFlowing(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        // Whitespace that source formatting introduces. U+3000 (ideographic space) is written on purpose in
        // Japanese text and is kept.
        func spaceLength(at index: Int) -> Int {
            switch bytes[index] {
            case 0x20, 0x09, 0x0C, 0x0A, 0x0D: return 1
            case 0xC2 where index + 1 < count && bytes[index + 1] == 0xA0: return 2 // U+00A0
            default: return 0
            }
        }
        var index = 0
        while index < count {
            let space = spaceLength(at: index)
            if space > 0 {
                pendingSpace = true
                if bytes[index] == 0x0A || bytes[index] == 0x0D { pendingBreak = true }
                index += space
                continue
            }
            var end = index + 1
            while end < count && spaceLength(at: end) == 0 { end += 1 }
            if let prefix = pendingPrefix {
                pendingPrefix = nil
                if !line.isEmpty { breakLine() }
                line.append(contentsOf: prefix.utf8)
                lastScalar = prefix.unicodeScalars.last
                pendingSpace = false
            }
            if pendingSpace, let last = lastScalar,
               !(pendingBreak && JapaneseScript.isWide(last) && JapaneseScript.isWide(Self.scalar(bytes, at: index))) {
                line.append(0x20)
            }
            pendingSpace = false
            pendingBreak = false
            line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
            var lead = end - 1
            while lead > index && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            lastScalar = Self.scalar(bytes, at: lead)
            index = end
        }
    }

    /// The scalar whose UTF-8 encoding starts at `index`.
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar {
        Unicode.Scalar(UTF8Scalars.scalar(bytes, at: index).value) ?? "\u{FFFD}"
    }

    /// Text that must stand as written, outside the collapsing rules (separators such as "+" in key sequences).
    mutating func appendLiteral(_ text: String) {
        guard !line.isEmpty, !text.isEmpty else { return }
        line.append(contentsOf: text.utf8)
        lastScalar = text.unicodeScalars.last
        pendingSpace = false
        pendingBreak = false
    }

    /// Starts a preformatted block: text is kept verbatim until `endPreformatted`.
    mutating func beginPreformatted() {
        breakLine()
        preformatted = ""
    }

    /// Ends a preformatted block and emits it by `mode`. Leading and trailing blank lines are trimmed; the
    /// whitespace inside is kept.
    mutating func endPreformatted(_ mode: CodeMode) {
        guard let raw = preformatted else { return }
        preformatted = nil
        var text = raw.replacingCRLF()
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
}

extension String {
    fileprivate func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.lazy.filter { $0 != "\r" }))
    }
}
