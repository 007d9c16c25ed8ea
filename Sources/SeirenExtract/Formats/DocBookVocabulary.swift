/// DocBook 4 and 5 (element names without namespace).
struct DocBookVocabulary: Vocabulary {
    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole {
        let name = element.name
        if let kind = NoteKind(rawValue: name) { return .note(kind) }
        if Self.skipped.contains(name) { return .skip }
        if Self.metadata.contains(name) || (name.hasSuffix("info") && Self.infoSuffixed(name)) { return .metadata }
        if Self.titles.contains(name) { return .title }
        if Self.preformatted.contains(name) { return .preformatted }
        if Self.paragraphs.contains(name) { return .paragraph }
        if Self.blocks.contains(name) { return .block }
        switch name {
        case "sbr": return .lineBreak
        case "footnote": return .footnote
        case "keycombo": return .joined("+")
        case "menuchoice": return .joined(" > ")
        default: return .inline
        }
    }

    private static func infoSuffixed(_ name: String) -> Bool {
        // bookinfo, chapterinfo, sect1info, refsynopsisdivinfo, ...: DocBook 4's per-element metadata.
        name != "info" && !["stepinfo", "procinfo"].contains(name)
    }

    static let skipped: Set<String> = [
        "indexterm", "primary", "secondary", "tertiary", "see", "seealso", "remark", "comment", "beginpage", "toc",
        "lot", "index", "setindex", "imageobject", "imageobjectco", "audioobject", "videoobject", "textobject", "co",
        "areaspec", "alt", "titleabbrev", "revhistory", "anchor",
    ]
    static let metadata: Set<String> = ["info", "refmeta", "docinfo"]
    static let titles: Set<String> = ["title", "subtitle", "refentrytitle", "bridgehead"]
    static let preformatted: Set<String> = ["programlisting", "screen", "literallayout", "synopsis", "address"]
    static let paragraphs: Set<String> = [
        "para", "simpara", "term", "entry", "member", "refname", "refpurpose", "caption", "seg", "glossterm",
        "attribution", "question", "answer",
    ]
    static let blocks: Set<String> = [
        "book", "set", "part", "chapter", "appendix", "preface", "article", "section", "sect1", "sect2", "sect3",
        "sect4", "sect5", "simplesect", "refentry", "refnamediv", "refsynopsisdiv", "refsect1", "refsect2",
        "refsect3", "refsection", "reference", "partintro", "itemizedlist", "orderedlist", "variablelist",
        "varlistentry", "listitem", "simplelist", "table", "informaltable", "tgroup", "thead", "tbody", "tfoot",
        "row", "entrytbl", "procedure", "step", "substeps", "stepalternatives", "example", "informalexample",
        "figure", "informalfigure", "blockquote", "epigraph", "sidebar", "abstract", "glossary", "glossdiv",
        "glossentry", "glossdef", "glosslist", "qandaset", "qandadiv", "qandaentry", "bibliography", "bibliodiv",
        "biblioentry", "bibliomixed", "calloutlist", "callout", "segmentedlist", "seglistitem", "cmdsynopsis",
        "funcsynopsis", "dedication", "colophon", "acknowledgements", "equation", "informalequation", "formalpara",
        "mediaobject", "inlinemediaobject", "msgset", "msgentry", "msgtext", "legalnotice", "highlights", "task",
        "tasksummary", "taskprerequisites", "taskrelated", "screenshot", "tr", "td", "th",
    ]
}
