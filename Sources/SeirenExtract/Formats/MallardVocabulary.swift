/// GNOME's Mallard help pages (`.page`).
struct MallardVocabulary: Vocabulary {
    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole {
        let name = element.name
        if element.qualifiedName.hasPrefix("its:") || element.qualifiedName.hasPrefix("tt:") { return .skip }
        switch name {
        case "info", "links", "comment", "credit", "license", "revision":
            return .skip
        case "title", "subtitle": return .title
        case "note":
            let styles = (element.attribute("style") ?? "").split(separator: " ").map(String.init)
            return .note(styles.lazy.compactMap { NoteKind(rawValue: $0) }.first)
        case "screen": return .preformatted
        case "code": return .codeIfBlock
        case "keyseq": return .joined("+")
        case "guiseq": return .joined(" ▸ ")
        case "choose": return .firstChildOnly
        case "p", "desc", "td", "th", "cite": return .paragraph
        case "page", "section", "list", "item", "steps", "terms", "tree", "table", "tr", "thead", "tbody", "tfoot",
             "figure", "example", "listing", "quote", "synopsis", "when", "else", "if", "div":
            return .block
        case "media" where ancestors.last.map(Self.containers.contains) ?? true:
            return .block
        default: return .inline
        }
    }

    /// Elements whose children are blocks: a `<code>` or `<media>` directly inside one stands as a block.
    static let containers: Set<String> = [
        "page", "section", "item", "note", "steps", "list", "terms", "tree", "figure", "example", "listing", "quote",
        "synopsis", "when", "else", "if", "div", "td", "th",
    ]
}
