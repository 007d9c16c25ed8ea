/// The formats inputs are read in: the one enum that `seiren extract --format`, a manifest source's `format` and
/// the extractor's detection share. Markup goes through extraction; JSON Lines documents are copied as they are.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Markup detected per file (`detect`).
    case auto
    case docbook, dita, mallard, html, xml
    /// Dolma JSON Lines documents (`.jsonl`, `.jsonl.zst`, ...): copied, with the source's name, license and contributor.
    case jsonl

    /// The format a file is in, from its extension and, for `.xml` and unknown extensions, its root element and
    /// doctype.
    static func detect(path: String, head: [UInt8]) -> InputFormat {
        let lower = path.lowercased()
        let ext = lower.split(separator: "/").last.flatMap { name in name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } } ?? ""
        switch ext {
        case "html", "htm", "xhtml", "shtml": return .html
        case "page": return .mallard
        case "dita", "ditamap": return .dita
        case "docbook", "dbk": return .docbook
        default: break
        }
        let root = RootSniffer.sniff(head)
        let name = root.element.split(separator: ":").last.map(String.init) ?? root.element
        if name.lowercased() == "html" { return .html }
        if root.doctype.contains("DocBook") || root.namespace.hasPrefix("http://docbook.org") { return .docbook }
        if root.doctype.contains("DITA") || DITAVocabulary.units.contains(name)
            || ["dita", "map", "bookmap"].contains(name) { return .dita }
        if name == "page" || root.namespace.hasPrefix("http://projectmallard.org") { return .mallard }
        if Self.docbookRoots.contains(name) { return .docbook }
        return .xml
    }

    static let docbookRoots: Set<String> = [
        "book", "article", "chapter", "part", "preface", "appendix", "sect1", "refentry", "reference", "set",
        "glossary", "bibliography",
    ]
}

/// Reads the root element's name, default namespace and the doctype from the start of a document without parsing it.
enum RootSniffer {
    struct Root {
        var element = ""
        var namespace = ""
        var doctype = ""
    }

    static func sniff(_ bytes: [UInt8]) -> Root {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var root = Root()
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("?") || after.hasPrefix("!--") {
                let terminator = after.hasPrefix("?") ? "?>" : "-->"
                guard let end = after.range(of: terminator) else { return root }
                rest = after[end.upperBound...]
                continue
            }
            if after.hasPrefix("!") {
                let end = after.firstIndex(of: ">") ?? after.endIndex
                if after.uppercased().hasPrefix("!DOCTYPE") { root.doctype = String(after[..<end]) }
                rest = after[end...]
                continue
            }
            let tagEnd = after.firstIndex(of: ">") ?? after.endIndex
            let tag = after[..<tagEnd]
            root.element = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
            if let xmlns = tag.range(of: "xmlns=") {
                let value = tag[xmlns.upperBound...].dropFirst()
                root.namespace = String(value.prefix { $0 != "\"" && $0 != "'" })
            }
            return root
        }
        return root
    }
}
