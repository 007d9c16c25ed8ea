/// What an element means for the text of a document. Each format's vocabulary maps element names to roles; the
/// walker (`StructuredTextWalker`) only knows roles.
enum ElementRole: Equatable {
    /// Transparent: adds no space and no line break (emphasis, links, UI names).
    case inline
    /// Ends the current line before and after (sections, lists, items, cells).
    case block
    /// A block holding running text: a code element directly inside it is inline code.
    case paragraph
    /// A heading; the first one of a document is its title.
    case title
    /// A title kept in metadata only, never in the text (HTML's `<head><title>`), used when the body has no heading.
    case fallbackTitle
    /// Dropped with everything inside (scripts, navigation, index terms, editorial remarks).
    case skip
    /// Dropped with everything inside except its titles (DocBook `<info>`, HTML `<head>`).
    case metadata
    /// A note, warning or caution: a block whose first line starts with the label its kind implies.
    case note(NoteKind?)
    /// Code, screen and preformatted blocks: whitespace kept, subject to `CodeMode`.
    case preformatted
    /// Mallard's `<code>`: preformatted when it stands between blocks, inline inside running text.
    case codeIfBlock
    /// An explicit line break (`<br>`, `<sbr>`).
    case lineBreak
    /// A footnote: moved out of the sentence to the end of the document, one line each.
    case footnote
    /// Inline, with `separator` written between its child elements (`<keyseq>` Ctrl+C, `<guiseq>` A ▸ B).
    case joined(String)
    /// Only the first child element counts (Mallard's `<if:choose>` alternatives say the same thing twice).
    case firstChildOnly
    /// Starts a document of its own when not inside another (DITA topics).
    case unit
}

/// The kinds of admonition manuals use, and the label each implies.
enum NoteKind: String {
    case note, tip, important, caution, warning, danger, notice, attention, restriction, remember

    init?(attribute value: String?) {
        guard let value = value?.lowercased(), let kind = NoteKind(rawValue: value) else { return nil }
        self = kind
    }

    /// The label written before the note's text, in the document's language (Japanese unless it says English).
    func label(english: Bool) -> String {
        switch self {
        case .note: return english ? "Note" : "注記"
        case .tip: return english ? "Tip" : "ヒント"
        case .important: return english ? "Important" : "重要"
        case .caution: return english ? "Caution" : "注意"
        case .warning: return english ? "Warning" : "警告"
        case .danger: return english ? "Danger" : "危険"
        case .notice: return english ? "Notice" : "通知"
        case .attention: return english ? "Attention" : "注意"
        case .restriction: return english ? "Restriction" : "制約"
        case .remember: return english ? "Remember" : "要確認"
        }
    }
}

/// An element as a vocabulary sees it: its local name (prefix removed), qualified name and attributes.
struct ElementInfo {
    let name: String
    let qualifiedName: String
    let attributes: [(name: String, value: String)]

    init(qualifiedName: String, attributes: [(name: String, value: String)]) {
        self.qualifiedName = qualifiedName
        self.attributes = attributes
        if let colon = qualifiedName.lastIndex(of: ":") {
            name = String(qualifiedName[qualifiedName.index(after: colon)...])
        } else {
            name = qualifiedName
        }
    }

    func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// The tokens of the `class` attribute.
    var classes: [Substring] { attribute("class")?.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) ?? [] }
}

/// Maps the elements of one format to roles.
protocol Vocabulary {
    /// The role of `element`, whose open ancestors (outermost first, local names) are `ancestors`.
    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole
    /// When true, text counts only inside an element whose role is not `.inline` (generic XML with named text
    /// elements); otherwise all text outside skipped elements counts.
    var textOnlyInsideBlocks: Bool { get }
}

extension Vocabulary {
    var textOnlyInsideBlocks: Bool { false }
}
