import SeirenCore

extension Extractor {
    /// Extracts one file on its own, for callers that walk their own inputs (`seiren ingest`): its documents, or
    /// the reject that says why it gave none. No DITA map ordering and no conref to other files.
    public func extract(file path: String, relativePath: String? = nil, source: String? = nil) -> FileOutcome {
        let relative = relativePath ?? FileSystem.lastComponent(path)
        // The caller walks its own inputs and names them: the id is the relative path it gave.
        let file = InputFile(path: path, relativePath: relative, source: source ?? settings.source ?? "input", id: relative)
        return FileExtractor(settings: settings).extract(WorkItem(file: file, map: nil))
    }
}
