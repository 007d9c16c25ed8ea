/// HTML and XHTML, including what DocBook XSL and Sphinx put around the content of a page (navigation headers and
/// footers, sidebars, tables of contents, permalink markers), which is dropped.
struct HTMLVocabulary: Vocabulary {
    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole {
        let name = element.name.lowercased()
        if Self.skipped.contains(name) { return .skip }
        if name == "header" && !ancestors.contains(where: { $0 == "article" || $0 == "main" || $0 == "section" }) {
            return .skip
        }
        if let role = element.attribute("role"), Self.chromeRoles.contains(role) { return .skip }
        if element.classes.contains(where: { Self.chromeClasses.contains(String($0)) }) { return .skip }
        switch name {
        case "head": return .metadata
        case "title": return .fallbackTitle
        case "h1", "h2", "h3", "h4", "h5", "h6": return .title
        case "pre", "xmp", "listing", "plaintext": return .preformatted
        case "br": return .lineBreak
        case "p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "summary", "legend", "address": return .paragraph
        default: return Self.blocks.contains(name) ? .block : .inline
        }
    }

    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "footer", "iframe", "object", "embed", "svg", "math",
        "canvas", "form", "button", "select", "input", "textarea", "map", "area", "audio", "video", "link", "meta",
        // Furigana repeats the reading of the word it annotates.
        "rt", "rp",
    ]
    static let chromeRoles: Set<String> = ["navigation", "search", "banner", "contentinfo"]
    static let chromeClasses: Set<String> = [
        // DocBook XSL output
        "navheader", "navfooter", "toc", "list-of-tables", "list-of-figures", "list-of-examples",
        "list-of-procedures", "list-of-equations", "longdesc-link",
        // Sphinx
        "sphinxsidebar", "sphinxsidebarwrapper", "related", "footer", "headerlink", "toctree-wrapper", "clearer",
        "searchbox", "language_switcher_placeholder",
        // Common site chrome
        "breadcrumb", "breadcrumbs", "navbar", "sidebar", "skip-link", "skiplink",
    ]
    static let blocks: Set<String> = [
        "html", "body", "div", "section", "article", "main", "aside", "blockquote", "ul", "ol", "dl", "menu", "dir",
        "table", "thead", "tbody", "tfoot", "tr", "figure", "hr", "center", "details", "fieldset",
    ]
}
