import CLibXML2

/// A parse problem reported by libxml2: where it is and libxml2's message.
public struct XMLDiagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Level: String, Sendable { case warning, error, fatal }
    public var level: Level
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line):\(column): \(message)" }
}

/// The events of a streaming read, in document order.
public enum XMLEvent: Equatable {
    /// An element starts. `attributes` keep document order; names are as written (`xml:lang`, `xlink:href`).
    case startElement(name: String, attributes: [(name: String, value: String)], depth: Int)
    case endElement(name: String, depth: Int)
    /// Character data (text or CDATA). Whitespace-only text between elements is reported too.
    case text(String)
    /// A reference to an entity the parser did not expand (entities are never expanded from untrusted input).
    case entityReference(name: String)

    public static func == (lhs: XMLEvent, rhs: XMLEvent) -> Bool {
        switch (lhs, rhs) {
        case let (.startElement(a, x, d), .startElement(b, y, e)):
            return a == b && d == e && x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        case let (.endElement(a, d), .endElement(b, e)): return a == b && d == e
        case let (.text(a), .text(b)): return a == b
        case let (.entityReference(a), .entityReference(b)): return a == b
        default: return false
        }
    }
}

/// Why a document could not be read.
public struct XMLReadError: Error, CustomStringConvertible {
    public var diagnostics: [XMLDiagnostic]
    public var reason: String
    public var description: String {
        diagnostics.first(where: { $0.level != .warning }).map { "\(reason): \($0)" } ?? reason
    }
}

/// Settings that keep a parse of untrusted XML safe and bounded.
public struct XMLReadOptions: Sendable {
    /// Let libxml2 recover from well-formedness errors (their messages still come back as diagnostics).
    public var recover: Bool = false
    /// Documents nested deeper than this are refused.
    public var maxDepth: Int = 256
    public init(recover: Bool = false, maxDepth: Int = 256) {
        self.recover = recover
        self.maxDepth = maxDepth
    }
}

/// libxml2's streaming reader over an in-memory document, set up for untrusted input: no network, no DTD loading,
/// no entity substitution (so entity bombs cannot expand), and an external-entity loader that refuses everything.
public enum XMLReader {
    private static let setUp: Void = {
        xmlInitParser()
        // Whatever an option says, no parse may open a file or a URL named by the document.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Reads `bytes` and calls `handler` for each event. `encoding` overrides the document's declaration (for text
    /// already decoded to UTF-8, pass "UTF-8"). Returns the diagnostics of a successful read; throws when the
    /// document is not well formed (and `recover` is off), is nested too deep, or has no content.
    @discardableResult
    public static func read(_ bytes: [UInt8], url: String = "input.xml", encoding: String? = nil,
                            options: XMLReadOptions = XMLReadOptions(),
                            handler: (XMLEvent) throws -> Void) throws -> [XMLDiagnostic] {
        _ = setUp
        var flags = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOXINCNODE.rawValue
        if options.recover { flags |= XML_PARSE_RECOVER.rawValue }
        let collector = DiagnosticCollector()
        return try bytes.withUnsafeBufferPointer { buffer -> [XMLDiagnostic] in
            // The reader does not copy the buffer: every use of it stays inside this scope.
            guard let reader = buffer.withMemoryRebound(to: CChar.self, { chars in
                xmlReaderForMemory(chars.baseAddress, Int32(chars.count), url, encoding, Int32(flags))
            }) else {
                throw XMLReadError(diagnostics: [], reason: "libxml2 could not start reading")
            }
            defer { xmlFreeTextReader(reader) }
            let context = Unmanaged.passUnretained(collector).toOpaque()
            xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let collector = Unmanaged<DiagnosticCollector>.fromOpaque(context).takeUnretainedValue()
                collector.add(error.pointee)
            }, context)

            while true {
                let status = xmlTextReaderRead(reader)
                if status == 0 { break }
                if status < 0 {
                    if options.recover && collector.diagnostics.contains(where: { $0.level != .warning }) == false {
                        break
                    }
                    throw XMLReadError(diagnostics: collector.diagnostics, reason: "not well-formed XML")
                }
                let depth = Int(xmlTextReaderDepth(reader))
                if depth > options.maxDepth {
                    throw XMLReadError(diagnostics: collector.diagnostics,
                                       reason: "elements nested deeper than \(options.maxDepth) levels")
                }
                switch xmlTextReaderNodeType(reader) {
                case 1: // element
                    let name = string(xmlTextReaderConstName(reader))
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    var attributes: [(name: String, value: String)] = []
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes.append((string(xmlTextReaderConstName(reader)), string(xmlTextReaderConstValue(reader))))
                    }
                    try handler(.startElement(name: name, attributes: attributes, depth: depth))
                    if empty { try handler(.endElement(name: name, depth: depth)) }
                case 15: // end element
                    try handler(.endElement(name: string(xmlTextReaderConstName(reader)), depth: depth))
                case 3, 4, 13, 14: // text, CDATA, whitespace, significant whitespace
                    try handler(.text(string(xmlTextReaderConstValue(reader))))
                case 5: // entity reference left unexpanded
                    try handler(.entityReference(name: string(xmlTextReaderConstName(reader))))
                default:
                    break
                }
            }
            if collector.diagnostics.contains(where: { $0.level == .fatal }) && !options.recover {
                throw XMLReadError(diagnostics: collector.diagnostics, reason: "not well-formed XML")
            }
            return collector.diagnostics
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}

private final class DiagnosticCollector {
    var diagnostics: [XMLDiagnostic] = []

    func add(_ error: xmlError) {
        guard diagnostics.count < 100 else { return }
        let level: XMLDiagnostic.Level
        switch error.level {
        case XML_ERR_WARNING: level = .warning
        case XML_ERR_ERROR: level = .error
        default: level = .fatal
        }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last == "\n" { message.removeLast() }
        diagnostics.append(XMLDiagnostic(level: level, line: Int(error.line), column: Int(error.int2), message: message))
    }
}
