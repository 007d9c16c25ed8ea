import SeirenCore

/// Documents of a `jsonl` input, passed through: `source` becomes the settings' source (a different one is kept as
/// `metadata.original_source`), the license and contributor are added to their metadata when given, and lines that
/// are not documents go to rejects with their reason.
enum JSONLinesCopy {
    static func copy(file: String, settings: ExtractSettings, into output: StageOutput,
                     summary: inout ExtractSummary) throws {
        let reader = try DocumentReader(path: file, added: settings.added)
        summary.filesIn += 1
        summary.bytesIn += FileSystem.fileSize(file) ?? 0
        var documents = 0
        while let record = try reader.next() {
            switch record {
            case .document(var document, _):
                // The settings name the source; a different one in the record is kept in metadata.
                if let source = settings.source, document.source != source {
                    document.metadata.set("original_source", .string(document.source))
                    document.source = source
                }
                if let license = settings.license, document.metadata["license"] == nil {
                    document.metadata.set("license", .string(license))
                }
                if let contributor = settings.contributor, document.metadata["contributor"] == nil {
                    document.metadata.set("contributor", .string(contributor))
                }
                summary.charactersOut += try output.accept(document)
                documents += 1
            case .bad(let bad):
                var rejected = bad.asRejectedDocument(stage: "extract", added: settings.added)
                if let source = settings.source { rejected.source = source }
                try output.rejects.write(rejected)
                summary.rejectReasons[bad.endsFile ? "unreadable" : "bad record", default: 0] += 1
            }
        }
        summary.documentsOut += documents
        if documents > 0 { summary.filesWithDocuments += 1 }
    }
}
