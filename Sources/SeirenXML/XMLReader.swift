import CLibXML2

/// A parse problem reported by libxml2: where it is, libxml2's error code and its message.
public struct XMLDiagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Level: String, Sendable { case warning, error, fatal }
    public var level: Level
    public var line: Int
    public var column: Int
    /// libxml2's `xmlParserErrors` code (89 is an entity reference loop or amplification, 801 an unknown HTML tag).
    public var code: Int
    public var message: String
    public var description: String { "line \(line):\(column): \(message)" }

    public init(level: Level, line: Int, column: Int, code: Int = 0, message: String) {
        self.level = level
        self.line = line
        self.column = column
        self.code = code
        self.message = message
    }

    /// libxml2 refused to expand entities further (billion laughs, quadratic blowup, reference loops).
    public var isEntityExpansionLimit: Bool {
        code == Int(XML_ERR_ENTITY_LOOP.rawValue) || message.contains("entity reference loop")
            || message.contains("amplification")
    }

    /// libxml2 refused a document nested deeper than its limit.
    public var isDepthLimit: Bool { message.contains("Excessive depth") }

    /// libxml2 stopped at a text node longer than its 10,000,000-byte limit; everything after it is lost.
    public var isTextNodeLimit: Bool { message.contains("huge text node") }
}

/// The events of a streaming read, in document order.
public enum XMLEvent: Equatable {
    /// An element starts. `attributes` keep document order; names are as written (`xml:lang`, `xlink:href`).
    case startElement(name: String, attributes: [(name: String, value: String)], depth: Int)
    case endElement(name: String, depth: Int)
    /// Character data (text or CDATA). Whitespace-only text between elements is reported too.
    case text(String)
    /// A reference to an entity the parser did not expand (libxml2 never substitutes entities of untrusted input).
    /// `text` is the replacement text of an internal entity that holds plain text only (no markup, no further
    /// references), safe to use since the document passed the expansion guard; nil otherwise.
    case entityReference(name: String, text: String?)

    public static func == (lhs: XMLEvent, rhs: XMLEvent) -> Bool {
        switch (lhs, rhs) {
        case let (.startElement(a, x, d), .startElement(b, y, e)):
            return a == b && d == e && x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        case let (.endElement(a, d), .endElement(b, e)): return a == b && d == e
        case let (.text(a), .text(b)): return a == b
        case let (.entityReference(a, x), .entityReference(b, y)): return a == b && x == y
        default: return false
        }
    }
}

/// Why a document could not be read.
public struct XMLReadError: Error, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notWellFormed = "not well-formed"
        case entityExpansion = "entity expansion refused"
        case tooDeep = "nesting too deep"
        case textTooLarge = "text node too large"
        case cannotStart = "parser could not start"
    }
    public var kind: Kind
    public var diagnostics: [XMLDiagnostic]
    public var reason: String
    public var description: String {
        diagnostics.first(where: { $0.level != .warning }).map { "\(reason): \($0)" } ?? reason
    }
}

/// Settings that keep a parse of untrusted XML safe and bounded.
public struct XMLReadOptions: Sendable {
    /// Let libxml2 recover from well-formedness errors (their messages still come back as diagnostics). Entity
    /// expansion and depth limits are never recovered from.
    public var recover: Bool = false
    /// Documents nested deeper than this are refused.
    public var maxDepth: Int = 256
    /// Documents whose internal entities would expand to more than this many bytes are refused before parsing
    /// (nil: no check). libxml2 does not expand entities in content here, but it always does in attribute values.
    public var maxEntityExpansion: Int? = 1 << 20
    public init(recover: Bool = false, maxDepth: Int = 256, maxEntityExpansion: Int? = 1 << 20) {
        self.recover = recover
        self.maxDepth = maxDepth
        self.maxEntityExpansion = maxEntityExpansion
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
    /// document is not well formed (and `recover` is off), hits an entity-expansion limit, is nested too deep, or
    /// has no content.
    @discardableResult
    public static func read(_ bytes: [UInt8], url: String = "input.xml", encoding: String? = nil,
                            options: XMLReadOptions = XMLReadOptions(),
                            handler: (XMLEvent) throws -> Void) throws -> [XMLDiagnostic] {
        _ = setUp
        var entities: [String: String] = [:]
        if let limit = options.maxEntityExpansion {
            entities = try EntityExpansionGuard.check(bytes, limit: limit)
        }
        if options.recover {
            return try readRecovering(bytes, url: url, encoding: encoding, entities: entities, options: options,
                                      handler: handler)
        }
        let flags = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOXINCNODE.rawValue | extraFlags(bytes, encoding: encoding)
        let collector = DiagnosticCollector()
        return try bytes.withUnsafeBufferPointer { buffer -> [XMLDiagnostic] in
            // The reader does not copy the buffer: every use of it stays inside this scope.
            guard let reader = buffer.withMemoryRebound(to: CChar.self, { chars in
                xmlReaderForMemory(chars.baseAddress, Int32(chars.count), url, encoding, Int32(flags))
            }) else {
                throw XMLReadError(kind: .cannotStart, diagnostics: [], reason: "libxml2 could not start reading")
            }
            defer { xmlFreeTextReader(reader) }
            let context = Unmanaged.passUnretained(collector).toOpaque()
            xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let collector = Unmanaged<DiagnosticCollector>.fromOpaque(context).takeUnretainedValue()
                collector.add(error.pointee)
            }, context)
            try drive(reader, collector: collector, entities: entities, options: options, handler: handler)
            if collector.hasFatal {
                throw XMLReadError(kind: .notWellFormed, diagnostics: collector.diagnostics, reason: "not well-formed XML")
            }
            return collector.diagnostics
        }
    }

    /// The streaming reader gives up at the first well-formedness error even in recovery mode, so recovery builds
    /// libxml2's tree with `XML_PARSE_RECOVER` (same safety flags) and walks it. Memory is bounded by the caller's
    /// file-size limit.
    private static func readRecovering(_ bytes: [UInt8], url: String, encoding: String?, entities: [String: String],
                                       options: XMLReadOptions,
                                       handler: (XMLEvent) throws -> Void) throws -> [XMLDiagnostic] {
        let flags = XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOXINCNODE.rawValue
            | XML_PARSE_RECOVER.rawValue | extraFlags(bytes, encoding: encoding)
        let collector = DiagnosticCollector()
        let document = withThreadErrors(collector) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlReadMemory(chars.baseAddress, Int32(chars.count), url, encoding, Int32(flags))
                }
            }
        }
        try collector.checkLimits()
        guard let document else {
            throw XMLReadError(kind: .notWellFormed, diagnostics: collector.diagnostics,
                               reason: "not well-formed XML, nothing recoverable")
        }
        defer { xmlFreeDoc(document) }
        try walk(document, collector: collector, entities: entities, options: options, handler: handler)
        return collector.diagnostics
    }

    /// libxml2 cuts a text node at 10,000,000 bytes (and stops) unless `XML_PARSE_HUGE` is set, which also lifts
    /// its entity-amplification limits. A document that declares no entities has nothing to amplify (external
    /// entities are never loaded), so a large one is read with `XML_PARSE_HUGE`; one that declares entities keeps
    /// every limit, and a text node past the limit then fails the read instead of cutting it. An imposed `encoding`
    /// (the caller decoded the bytes itself) overrules the document's declaration.
    private static func extraFlags(_ bytes: [UInt8], encoding: String?) -> UInt32 {
        var flags: UInt32 = encoding == nil ? 0 : XML_PARSE_IGNORE_ENC.rawValue
        if bytes.count * 3 > textNodeLimit && !declaresEntities(bytes) { flags |= XML_PARSE_HUGE.rawValue }
        return flags
    }

    /// libxml2's `XML_MAX_TEXT_LENGTH`. A text node can grow 3 bytes per input byte when libxml2 decodes a
    /// legacy encoding to UTF-8, hence the `* 3` above.
    static let textNodeLimit = 10_000_000

    /// Whether the document has an internal subset or any `<!ENTITY` at all (also when written in UTF-16, where
    /// every ASCII byte is followed or preceded by a zero).
    static func declaresEntities(_ bytes: [UInt8]) -> Bool {
        let narrow = bytes.prefix(4).contains(0) ? bytes.filter { $0 != 0 } : bytes
        return EntityExpansionGuard.internalSubset(narrow) != nil
            || EntityExpansionGuard.firstIndex(of: Array("<!ENTITY".utf8), in: narrow, from: 0) != nil
    }

    /// Routes libxml2's errors raised on this thread to `collector` while `body` runs (the parsers without a
    /// per-parse handler in libxml2 2.9 use the thread-local one).
    private static func withThreadErrors<T>(_ collector: DiagnosticCollector, _ body: () -> T) -> T {
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<DiagnosticCollector>.fromOpaque(context).takeUnretainedValue()
            collector.add(error.pointee)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return body()
    }

    private static func walk(_ document: xmlDocPtr, collector: DiagnosticCollector, entities: [String: String] = [:],
                             options: XMLReadOptions, handler: (XMLEvent) throws -> Void) throws {
        guard let reader = xmlReaderWalker(document) else {
            throw XMLReadError(kind: .cannotStart, diagnostics: [], reason: "libxml2 could not walk the tree")
        }
        defer { xmlFreeTextReader(reader) }
        try drive(reader, collector: collector, entities: entities,
                  options: XMLReadOptions(recover: true, maxDepth: options.maxDepth), handler: handler)
    }

    /// Reads `bytes` with libxml2's HTML parser (which always recovers, as browsers do) and calls `handler` for
    /// each event of the resulting tree. Element names come back lowercased, as HTML is case-insensitive.
    /// `encoding` overrides the document's `<meta charset>`. Unknown-tag complaints (HTML5 elements unknown to the
    /// HTML 4 parser) are not reported as diagnostics.
    @discardableResult
    public static func readHTML(_ bytes: [UInt8], url: String = "input.html", encoding: String? = nil,
                                options: XMLReadOptions = XMLReadOptions(),
                                handler: (XMLEvent) throws -> Void) throws -> [XMLDiagnostic] {
        _ = setUp
        let flags = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
            | (encoding == nil ? 0 : HTML_PARSE_IGNORE_ENC.rawValue)
        let collector = DiagnosticCollector()
        let document = withThreadErrors(collector) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars -> htmlDocPtr? in
                    // htmlReadMemory has no option for huge text nodes (HTML declares no entities, so lifting the
                    // limit is safe): set up the context by hand to set XML_PARSE_HUGE on it.
                    guard let context = htmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) else { return nil }
                    defer { htmlFreeParserCtxt(context) }
                    htmlCtxtUseOptions(context, Int32(flags))
                    if bytes.count * 3 > textNodeLimit { context.pointee.options |= Int32(XML_PARSE_HUGE.rawValue) }
                    if let encoding, let handler = xmlFindCharEncodingHandler(encoding) {
                        xmlSwitchToEncoding(context, handler)
                    } else {
                        // As htmlReadMemory starts: UTF-8 until a <meta charset> says otherwise.
                        context.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
                    }
                    htmlParseDocument(context)
                    let document = context.pointee.myDoc
                    context.pointee.myDoc = nil
                    return document
                }
            }
        }
        guard let document else {
            throw XMLReadError(kind: .cannotStart, diagnostics: collector.diagnostics,
                               reason: "libxml2 could not parse the HTML")
        }
        defer { xmlFreeDoc(document) }
        try walk(document, collector: collector, options: options, handler: handler)
        return collector.diagnostics.filter { $0.code != Int(XML_HTML_UNKNOWN_TAG.rawValue) }
    }

    /// The event loop shared by both parsers.
    private static func drive(_ reader: xmlTextReaderPtr, collector: DiagnosticCollector, entities: [String: String],
                              options: XMLReadOptions, handler: (XMLEvent) throws -> Void) throws {
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            try collector.checkLimits()
            if status < 0 {
                if options.recover { break }
                throw XMLReadError(kind: .notWellFormed, diagnostics: collector.diagnostics, reason: "not well-formed XML")
            }
            let depth = Int(xmlTextReaderDepth(reader))
            if depth > options.maxDepth {
                throw XMLReadError(kind: .tooDeep, diagnostics: collector.diagnostics,
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
                let name = string(xmlTextReaderConstName(reader))
                try handler(.entityReference(name: name, text: entities[name]))
            default:
                break
            }
        }
        try collector.checkLimits()
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}

private final class DiagnosticCollector {
    var diagnostics: [XMLDiagnostic] = []
    var hasFatal = false
    private var limitHit: XMLDiagnostic?

    func add(_ error: xmlError) {
        let level: XMLDiagnostic.Level
        switch error.level {
        case XML_ERR_WARNING: level = .warning
        case XML_ERR_ERROR: level = .error
        default: level = .fatal
        }
        if level == .fatal { hasFatal = true }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last == "\n" { message.removeLast() }
        let diagnostic = XMLDiagnostic(level: level, line: Int(error.line), column: Int(error.int2),
                                       code: Int(error.code), message: message)
        if limitHit == nil && (diagnostic.isEntityExpansionLimit || diagnostic.isDepthLimit || diagnostic.isTextNodeLimit) {
            limitHit = diagnostic
        }
        guard diagnostics.count < 100 else { return }
        diagnostics.append(diagnostic)
    }

    /// Safety limits are never recovered from, whatever the options say; nor is a cut text node.
    func checkLimits() throws {
        guard let limitHit else { return }
        if limitHit.isDepthLimit {
            throw XMLReadError(kind: .tooDeep, diagnostics: diagnostics, reason: "elements nested too deep")
        }
        if limitHit.isTextNodeLimit {
            throw XMLReadError(kind: .textTooLarge, diagnostics: diagnostics,
                               reason: "a text node longer than \(XMLReader.textNodeLimit) bytes in a document that declares entities (libxml2 would cut it)")
        }
        throw XMLReadError(kind: .entityExpansion, diagnostics: diagnostics, reason: "entity expansion refused")
    }
}
