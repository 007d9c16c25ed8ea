import SeirenCore

/// How to read an in-house XML schema without code: which elements hold text, which to skip, which is the title.
/// Written as JSON (`--xml-settings FILE`):
///
///     {"text": ["para", "item", "heading"], "skip": ["meta", "revision"], "title": "heading",
///      "code": ["example-code"], "break": ["newline"]}
///
/// Names match an element's local name or its qualified name (`x:para`). With `text` given, only text inside those
/// elements (each a line) and the title element is kept; without it, every element is a line of its own.
public struct XMLSettings: Equatable, Sendable {
    public var text: Set<String>
    public var skip: Set<String>
    public var title: String?
    public var code: Set<String>
    public var lineBreaks: Set<String>

    public init(text: Set<String> = [], skip: Set<String> = [], title: String? = nil, code: Set<String> = [],
                lineBreaks: Set<String> = []) {
        self.text = text
        self.skip = skip
        self.title = title
        self.code = code
        self.lineBreaks = lineBreaks
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads settings from JSON; unknown keys and values of the wrong type are errors, so a typo is not silently
    /// ignored.
    public init(json: JSONValue) throws {
        guard case .object(let pairs) = json else { throw Invalid(description: "XML settings must be a JSON object") }
        self.init()
        func names(_ key: String, _ value: JSONValue) throws -> Set<String> {
            guard case .array(let items) = value else { throw Invalid(description: "'\(key)' must be a list of element names") }
            return try Set(items.map { item in
                guard let name = item.stringValue, !name.isEmpty else {
                    throw Invalid(description: "'\(key)' must hold element names (strings)")
                }
                return name
            })
        }
        for (key, value) in pairs {
            switch key {
            case "text": text = try names(key, value)
            case "skip": skip = try names(key, value)
            case "code": code = try names(key, value)
            case "break": lineBreaks = try names(key, value)
            case "title":
                guard let name = value.stringValue else { throw Invalid(description: "'title' must be an element name") }
                title = name
            default:
                throw Invalid(description: "unknown XML settings key '\(key)' (known: text, skip, title, code, break)")
            }
        }
    }

    public static func read(path: String) throws -> XMLSettings {
        let bytes = try FileReader.readAll(path)
        do {
            return try XMLSettings(json: try JSONParser.parse(bytes))
        } catch let error as Invalid {
            throw Invalid(description: "\(path): \(error.description)")
        } catch {
            throw Invalid(description: "\(path): not valid JSON: \(error)")
        }
    }

    public var json: JSONValue {
        func list(_ names: Set<String>) -> JSONValue { .array(names.sorted().map { .string($0) }) }
        var pairs: [(String, JSONValue)] = [("text", list(text)), ("skip", list(skip))]
        if let title { pairs.append(("title", .string(title))) }
        pairs.append(("code", list(code)))
        pairs.append(("break", list(lineBreaks)))
        return .object(pairs)
    }
}

/// The vocabulary a `XMLSettings` describes.
struct GenericXMLVocabulary: Vocabulary {
    let settings: XMLSettings

    var textOnlyInsideBlocks: Bool { !settings.text.isEmpty }

    func role(of element: ElementInfo, ancestors: [String]) -> ElementRole {
        func named(_ names: Set<String>) -> Bool {
            names.contains(element.name) || names.contains(element.qualifiedName)
        }
        if named(settings.skip) { return .skip }
        if let title = settings.title, title == element.name || title == element.qualifiedName { return .title }
        if named(settings.code) { return .preformatted }
        if named(settings.lineBreaks) { return .lineBreak }
        if settings.text.isEmpty { return .block }
        return named(settings.text) ? .paragraph : .inline
    }
}
