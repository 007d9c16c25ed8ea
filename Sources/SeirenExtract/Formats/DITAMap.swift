import SeirenCore
import SeirenXML

/// What a DITA map says about its topics: the map's title and the topic files it references, in reading order.
struct DITAMap {
    var title: String?
    var topicReferences: [String] = []

    static func read(path: String) throws -> DITAMap {
        let raw: [UInt8]
        do { raw = try FileReader.readAll(path) } catch { throw InputProblem(reason: "unreadable", detail: "\(error)") }
        let input = try InputDecoding.prepare(raw, html: false)
        var map = DITAMap()
        var titleText: TextBuilder?
        var skipDepth: Int?
        var titleDepth: Int?
        do {
            try XMLReader.read(input.bytes, url: path, encoding: input.parserEncoding) { event in
                switch event {
                case let .startElement(name, attributes, depth):
                    guard skipDepth == nil else { return }
                    let element = ElementInfo(qualifiedName: name, attributes: attributes)
                    if ["reltable", "topicmeta", "bookmeta", "keydef"].contains(element.name) {
                        skipDepth = depth
                        return
                    }
                    if depth == 0, let title = element.attribute("title"), map.title == nil { map.title = title }
                    if map.title == nil && titleDepth == nil && (element.name == "title" || element.name == "mainbooktitle") {
                        titleText = TextBuilder()
                        titleDepth = depth
                    }
                    if let href = element.attribute("href"), element.attribute("scope") != "external",
                       (element.attribute("format") ?? "dita") == "dita", !href.contains("://") {
                        let file = href.split(separator: "#", maxSplits: 1).first.map(String.init) ?? href
                        if !file.isEmpty { map.topicReferences.append(file) }
                    }
                case let .endElement(_, depth):
                    if skipDepth == depth { skipDepth = nil; return }
                    if titleDepth == depth, var builder = titleText {
                        let text = builder.finish()
                        map.title = text.isEmpty ? nil : text
                        titleText = nil
                    }
                case let .text(text):
                    if skipDepth == nil { titleText?.append(text) }
                case .entityReference:
                    break
                }
            }
        } catch let error as XMLReadError {
            throw InputProblem(reason: error.kind.rawValue, detail: error.description)
        }
        return map
    }
}
