import SeirenCore
import SeirenXML

/// What became of one input file: its documents, or one reject saying why it gave none.
public enum FileOutcome {
    case documents([Document])
    case rejected(Document, Rejection)
}

/// Extracts the documents of one file: read, check, decode, parse (recovering when libxml2 can), walk.
/// Safe to run on many threads at once (each call has its own parser and walker).
struct FileExtractor {
    let settings: ExtractSettings
    /// Normalized paths of all input files: the only files a DITA conref may pull content from.
    var knownFiles: Set<String> = []

    func extract(_ item: WorkItem) -> FileOutcome {
        let file = item.file
        var metadata: [(String, JSONValue)] = [("path", .string(file.relativePath))]
        func reject(_ reason: String, _ detail: String) -> FileOutcome {
            let document = Document(id: file.id, text: "", source: file.source, added: settings.added,
                                    metadata: .object(metadata + [("reason", .string(reason))]))
            return .rejected(document, Rejection(stage: "extract", reason: reason, details: [("detail", .string(detail))]))
        }

        if let size = FileSystem.fileSize(file.path), size > settings.maxFileBytes {
            return reject("too large", "\(size) bytes, more than the limit of \(settings.maxFileBytes)")
        }
        let raw: [UInt8]
        do {
            raw = try FileReader.readAll(file.path)
        } catch {
            return reject("unreadable", "\(error)")
        }
        let format: InputFormat
        var input: DecodedInput
        do {
            let guessedHTML = settings.format == .html
                || (settings.format == .auto && InputFormat.detect(path: file.path, head: []) == .html)
            input = try InputDecoding.prepare(raw, html: guessedHTML)
            format = settings.format != .auto ? settings.format
                : InputFormat.detect(path: file.path, head: Array(input.bytes.prefix(4096)))
            // XHTML found by its root element: the HTML parser ignores XML declarations, so name the encoding.
            if format == .html && input.encodingSource == "declared" && input.parserEncoding == nil {
                input.parserEncoding = input.encoding
            }
        } catch let problem as InputProblem {
            metadata.append(("sha256", .string(Hex.sha256(raw))))
            return reject(problem.reason, problem.detail)
        } catch {
            return reject("unreadable", "\(error)")
        }
        if settings.format == .auto,
           let first = input.bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }), first != 0x3C {
            metadata.append(("sha256", .string(Hex.sha256(raw))))
            return reject("not markup", "does not start with '<': not XML or HTML (plain text, script or style sheet?)")
        }
        metadata.append(("format", .string(format.rawValue)))
        metadata.append(("sha256", .string(Hex.sha256(raw))))
        metadata.append(("encoding", .string(input.encoding)))
        metadata.append(("encoding_source", .string(input.encodingSource)))
        if let declared = input.declaredEncoding { metadata.append(("declared_encoding", .string(declared))) }
        if let note = input.note { metadata.append(("encoding_note", .string(note))) }
        if input.invalidBytes > 0 { metadata.append(("invalid_bytes", .int(input.invalidBytes))) }

        var parsed: ParseResult
        do {
            parsed = try parse(input, format: format, path: file.path, url: file.relativePath, recover: false)
        } catch let error as XMLReadError where error.kind == .notWellFormed && format != .html {
            // Keep what libxml2 can recover; the parser's complaints go into metadata.
            guard let recovered = try? parse(input, format: format, path: file.path, url: file.relativePath, recover: true),
                  recovered.units.contains(where: { !$0.text.isEmpty }) else {
                return reject(error.kind.rawValue, error.description)
            }
            parsed = recovered
            if !error.diagnostics.isEmpty { parsed.diagnostics = error.diagnostics }
            metadata.append(("recovered", .bool(true)))
        } catch let error as XMLReadError {
            return reject(error.kind.rawValue, error.description)
        } catch {
            return reject("unreadable", "\(error)")
        }
        let units = parsed.units
        if !parsed.diagnostics.isEmpty {
            metadata.append(("diagnostics", .array(parsed.diagnostics.prefix(10).map { .string("\($0.level.rawValue): \($0)") })))
        }
        if !parsed.unexpandedEntities.isEmpty {
            metadata.append(("unexpanded_entities", .array(parsed.unexpandedEntities.map { .string($0) })))
        }
        if !parsed.unresolvedConrefs.isEmpty {
            metadata.append(("unresolved_conrefs", .array(parsed.unresolvedConrefs.map { .string($0) })))
        }
        if let contributor = settings.contributor { metadata.append(("contributor", .string(contributor))) }
        if let license = settings.license { metadata.append(("license", .string(license))) }
        if let map = item.map {
            metadata.append(("map", .string(map.mapPath)))
            if let title = map.title { metadata.append(("map_title", .string(title))) }
        }

        let kept = units.filter { !$0.text.isEmpty }
        guard !kept.isEmpty else {
            return reject("no text", units.isEmpty ? "no \(format.rawValue) content found" : "the content has no text")
        }
        let ids = Self.ids(for: kept, fileId: file.id)
        // Dolma's `created`: the date the manual gives itself in its metadata (`DocumentDateReader`), else when the
        // file was last written (for an unpacked Debian package, when it was built).
        let created = parsed.date ?? FileSystem.modificationSeconds(file.path).map { AddedTime.text(seconds: Double($0)) }
        return .documents(zip(kept, ids).map { unit, id in
            var fields = metadata
            let insertAt = 2
            fields.insert(("title", unit.title.map(JSONValue.string) ?? .null), at: insertAt)
            fields.insert(("lang", unit.lang.map(JSONValue.string) ?? .null), at: insertAt + 1)
            if format == .dita, let topic = unit.elementID { fields.append(("topic_id", .string(topic))) }
            return Document(id: id, text: unit.text, source: file.source, added: settings.added, created: created,
                            metadata: .object(fields))
        })
    }

    /// The file's id for a file with one document; `ID#topic-id` (or `ID#n` when ids are missing or repeated) for
    /// each of several.
    static func ids(for units: [ExtractedUnit], fileId: String) -> [String] {
        guard units.count > 1 else { return [fileId] }
        let names = units.compactMap(\.elementID)
        let usable = names.count == units.count && Set(names).count == names.count && !names.contains("")
        return units.enumerated().map { index, unit in
            fileId + "#" + (usable ? unit.elementID! : String(index + 1))
        }
    }

    private struct ParseResult {
        var units: [ExtractedUnit]
        var diagnostics: [XMLDiagnostic]
        var unexpandedEntities: [String]
        var unresolvedConrefs: [String]
        /// The document's own date (ISO 8601 UTC), when its metadata gives one.
        var date: String?
    }

    private func parse(_ input: DecodedInput, format: InputFormat, path: String, url: String, recover: Bool) throws
        -> ParseResult {
        let conrefs = format == .dita
            ? DITAConrefResolver(knownFiles: knownFiles, currentPath: PathNormalizer.normalize(path)) : nil
        var walker = StructuredTextWalker(vocabulary: vocabulary(for: format), codeMode: settings.codeMode,
                                          splitsUnits: format == .dita, conrefs: conrefs)
        var dates = DocumentDateReader(format: format)
        let options = XMLReadOptions(recover: recover, maxDepth: settings.maxDepth)
        let diagnostics: [XMLDiagnostic]
        if format == .html {
            diagnostics = try XMLReader.readHTML(input.bytes, url: url, encoding: input.parserEncoding, options: options) {
                walker.handle($0)
                dates.handle($0)
            }
        } else {
            diagnostics = try XMLReader.read(input.bytes, url: url, encoding: input.parserEncoding, options: options) {
                walker.handle($0)
                dates.handle($0)
            }
        }
        let units = walker.finish()
        return ParseResult(units: units, diagnostics: diagnostics, unexpandedEntities: walker.unexpandedEntities,
                           unresolvedConrefs: walker.unresolvedConrefs, date: dates.date)
    }

    private func vocabulary(for format: InputFormat) -> Vocabulary {
        switch format {
        case .docbook: return DocBookVocabulary()
        case .dita: return DITAVocabulary()
        case .mallard: return MallardVocabulary()
        case .html: return HTMLVocabulary()
        // auto and jsonl never get here: detection names a markup, and JSON Lines is copied, not parsed.
        case .xml, .auto, .jsonl: return GenericXMLVocabulary(settings: settings.xmlSettings ?? XMLSettings())
        }
    }
}
