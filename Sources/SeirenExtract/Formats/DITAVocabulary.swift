/// DITA topics (concept, task, reference, glossary entries, troubleshooting) and specializations by element name.
struct DITAVocabulary: Vocabulary {
    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole {
        let name = element.name
        if Self.units.contains(name) { return .unit }
        if name == "note" { return .note(NoteKind(attribute: element.attribute("type")) ?? .note) }
        if name == "hazardstatement" { return .note(NoteKind(attribute: element.attribute("type")) ?? .warning) }
        if Self.skipped.contains(name) { return .skip }
        if name == "title" || name == "glossterm" { return .title }
        if Self.preformatted.contains(name) { return .preformatted }
        if Self.paragraphs.contains(name) { return .paragraph }
        if Self.blocks.contains(name) { return .block }
        switch name {
        case "fn": return .footnote
        case "menucascade": return .joined(" > ")
        default: return .inline
        }
    }

    static let units: Set<String> = [
        "topic", "concept", "task", "reference", "glossentry", "glossgroup", "troubleshooting",
    ]
    static let skipped: Set<String> = [
        "prolog", "titlealts", "related-links", "indexterm", "index-base", "draft-comment", "required-cleanup",
        "data", "data-about", "foreign", "unknown", "object", "image", "sort-as", "navtitle", "searchtitle",
        "syntaxdiagram",
    ]
    static let preformatted: Set<String> = ["codeblock", "pre", "screen", "msgblock", "lines"]
    static let paragraphs: Set<String> = [
        "p", "shortdesc", "li", "sli", "dt", "dd", "cmd", "stepresult", "entry", "stentry", "choption", "chdesc",
        "pt", "pd", "proptype", "propvalue", "propdesc", "desc", "dthd", "ddhd", "glossdef",
    ]
    static let blocks: Set<String> = [
        "dita", "body", "conbody", "taskbody", "refbody", "glossBody", "troublebody", "section", "example",
        "sectiondiv", "bodydiv", "div", "abstract", "ul", "ol", "sl", "dl", "dlhead", "dlentry", "steps",
        "steps-unordered", "steps-informal", "step", "substeps", "substep", "info", "stepxmp", "steptroubleshooting",
        "tutorialinfo", "choices", "choice", "choicetable", "chhead", "chrow", "choptionhd", "chdeschd", "prereq",
        "context", "result", "postreq", "tasktroubleshooting", "table", "tgroup", "thead", "tbody", "row",
        "simpletable", "sthead", "strow", "properties", "prophead", "property", "refsyn", "fig", "figgroup", "lq",
        "parml", "plentry", "remedy", "condition", "cause", "responsibleParty", "troubleSolution", "messagepanel",
        "typeofhazard", "consequence", "howtoavoid", "hazardsymbol",
    ]
}
