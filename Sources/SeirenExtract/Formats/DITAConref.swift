import SeirenCore
import SeirenXML

/// DITA content reuse: `<ph conref="common.dita#topic/element"/>` stands for the content of another element. The
/// referenced file must be one of the run's input files (a document cannot make Seiren read anything else), and it
/// is parsed with the same safe reader.
struct DITAConrefResolver {
    /// Normalized paths of the run's input files.
    let knownFiles: Set<String>
    /// The file being extracted.
    let currentPath: String

    /// The content events of the referenced element, with depths relative to it (its children at depth 1), and the
    /// file they come from (nested conrefs are relative to it), or nil when the reference cannot be resolved.
    func resolve(_ conref: String, from currentPath: String) -> (events: [XMLEvent], path: String)? {
        guard let hash = conref.firstIndex(of: "#") else { return nil }
        let file = String(conref[..<hash])
        let ids = conref[conref.index(after: hash)...].split(separator: "/").map(String.init)
        guard ids.count == 2 else { return nil }
        let path: String
        if file.isEmpty {
            path = currentPath
        } else {
            let directory = currentPath.lastIndex(of: "/").map { String(currentPath[..<$0]) } ?? "."
            path = PathNormalizer.normalize(directory + "/" + file)
            guard knownFiles.contains(path) else { return nil }
        }
        guard let raw = try? FileReader.readAll(path), let input = try? InputDecoding.prepare(raw, html: false) else {
            return nil
        }
        return Self.content(of: ids[1], inTopic: ids[0], in: input).map { ($0, path) }
    }

    private static func content(of elementID: String, inTopic topicID: String, in input: DecodedInput) -> [XMLEvent]? {
        var topicDepths: [Int] = []
        var inTopic = false
        var targetDepth: Int?
        var events: [XMLEvent] = []
        var found = false
        do {
            try XMLReader.read(input.bytes, encoding: input.parserEncoding) { event in
                if found { return }
                switch event {
                case let .startElement(name, attributes, depth):
                    if let target = targetDepth {
                        events.append(.startElement(name: name, attributes: attributes, depth: depth - target))
                        return
                    }
                    let id = attributes.first { $0.name == "id" }?.value
                    let local = name.split(separator: ":").last.map(String.init) ?? name
                    if DITAVocabulary.units.contains(local) {
                        topicDepths.append(depth)
                        inTopic = id == topicID
                    } else if inTopic, id == elementID {
                        targetDepth = depth
                    }
                case let .endElement(name, depth):
                    if let target = targetDepth {
                        if depth == target { found = true; return }
                        events.append(.endElement(name: name, depth: depth - target))
                    } else if topicDepths.last == depth {
                        topicDepths.removeLast()
                        inTopic = false
                    }
                case .text, .entityReference:
                    if targetDepth != nil { events.append(event) }
                }
            }
        } catch {
            return nil
        }
        return found ? events : nil
    }
}
