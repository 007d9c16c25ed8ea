import SeirenCore
import SeirenExtract
import SeirenNormalize

/// Reads manuals (DocBook, DITA topics, Mallard, XHTML/HTML, other XML) through the extract stage, then
/// normalizes their text with the normalize stage's `TextNormalizer`, so a contribution holds the same text the
/// shared pipeline would make. A file that yields no document is reported with the extract stage's reason.
public struct ManualInputReader: IngestInputReader {
    public var extractor: Extractor
    /// The normalize stage itself, so a contribution is normalized (and empty results rejected) exactly as there.
    public var normalize: NormalizeStage?

    public static let extensions = [".xml", ".dita", ".ditamap", ".page", ".html", ".htm", ".xhtml", ".dbk", ".docbook"]

    public init(extract: ExtractSettings, normalize: NormalizationSettings?) {
        extractor = Extractor(settings: extract)
        self.normalize = normalize.map { NormalizeStage(normalizer: TextNormalizer(settings: $0)) }
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
            for extracted in documents {
                switch try normalize?.process(extracted) ?? .keep(extracted) {
                case .keep(let kept): try document(kept)
                case .reject(let rejected, let rejection):
                    try reject(IngestRejection(line: nil, reason: "\(rejected.id): \(rejection.reason)"))
                }
            }
        case .rejected(_, let rejection):
            let detail = rejection.details.first { $0.0 == "detail" }?.1.stringValue
            try reject(IngestRejection(line: nil, reason: detail.map { "\(rejection.reason): \($0)" } ?? rejection.reason))
        }
    }
}
