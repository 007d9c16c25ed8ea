import SeirenCore
import SeirenExtract
import SeirenNormalize

/// Reads manuals (DocBook, DITA topics, Mallard, XHTML/HTML, other XML) through the extract stage, then
/// normalizes their text with the normalize stage's `TextNormalizer`, so a contribution holds the same text the
/// shared pipeline would make. A file that yields no document is reported with the extract stage's reason.
public struct ManualInputReader: IngestInputReader {
    public var extractor: Extractor
    public var normalizer: TextNormalizer?

    public static let extensions = [".xml", ".dita", ".ditamap", ".page", ".html", ".htm", ".xhtml", ".dbk", ".docbook"]

    public init(extract: ExtractSettings, normalize: NormalizationSettings?) {
        extractor = Extractor(settings: extract)
        normalizer = normalize.map(TextNormalizer.init(settings:))
    }

    public var name: String { "manual" }

    public func accepts(_ path: String) -> Bool {
        let lower = path.lowercased()
        return Self.extensions.contains { lower.hasSuffix($0) }
    }

    public func read(_ path: String, added: String, document: (Document) throws -> Void,
                     reject: (IngestRejection) throws -> Void) throws {
        // A map orders topics that are read as files of their own; it has no text of its own.
        if path.lowercased().hasSuffix(".ditamap") { return }
        switch extractor.extract(file: path) {
        case .documents(let documents):
            for var extracted in documents {
                if let normalizer {
                    extracted.text = try normalizer.normalize(extracted.text)
                    extracted.annotate("normalize", normalizer.settings.json)
                    if extracted.text.allSatisfy({ $0.isWhitespace }) {
                        try reject(IngestRejection(line: nil, reason: "\(extracted.id): \(NormalizeStage.emptyReason)"))
                        continue
                    }
                }
                try document(extracted)
            }
        case .rejected(_, let rejection):
            let detail = rejection.details.first { $0.0 == "detail" }?.1.stringValue
            try reject(IngestRejection(line: nil, reason: detail.map { "\(rejection.reason): \($0)" } ?? rejection.reason))
        }
    }
}
