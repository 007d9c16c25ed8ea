import Foundation
import SeirenCore
import SeirenExtract

/// The pipeline's first stage: a manifest's sources into documents. Its parts are fixed by the sources alone: each
/// JSON Lines file is a part, and each XML source's files (in extraction order) are cut into runs of about
/// `partBytes` of input. Later stages keep these parts, so part k of every stage holds the documents that came
/// from part k of the sources.
struct ExtractStage: TaskStage {
    /// What one part reads.
    enum Work {
        case jsonLines(file: String)
        case files(plan: ExtractionPlan, items: Range<Int>, includesMaps: Bool)
    }

    let manifest: PipelineManifest
    let sourceFiles: [[String]]
    let inputFingerprint: String
    /// Per part: its source and what it reads.
    let work: [(source: Int, work: Work)]

    init(manifest: PipelineManifest, sourceFiles: [[String]], inputFingerprint: String, added: String) throws {
        self.manifest = manifest
        self.sourceFiles = sourceFiles
        self.inputFingerprint = inputFingerprint
        var work: [(Int, Work)] = []
        for (index, (source, files)) in zip(manifest.sources, sourceFiles).enumerated() {
            if source.format == .jsonl {
                for path in files {
                    for file in try DatasetLocator.files(for: path) { work.append((index, .jsonLines(file: file))) }
                }
                continue
            }
            let plan = try Self.extractor(source, manifest: manifest, added: added).plan(paths: files)
            for (number, items) in plan.parts(maxBytes: manifest.partBytes).enumerated() {
                work.append((index, .files(plan: plan, items: items, includesMaps: number == 0)))
            }
        }
        self.work = work
    }

    var name: String { "extract" }
    var settings: JSONValue {
        .object([
            ("sources", .array(manifest.sources.map(\.json))), ("inputs", .string(inputFingerprint)),
            ("code", .string(manifest.codeMode.rawValue)), ("max_file_bytes", .int(manifest.maxFileBytes)),
            ("part_bytes", .int(manifest.partBytes)),
        ])
    }

    /// What each part reads, for messages about a failed task.
    func inputs(ofPart index: Int) -> [String] {
        switch work[index].work {
        case .jsonLines(let file): return [file]
        case .files: return sourceFiles[work[index].source]
        }
    }

    func run(part: StagePart, context: StageContext) throws {
        let settings: JSONValue = .object([("stage", "extract"), ("sources", .array(manifest.sources.map(\.json)))])
        let (sourceIndex, work) = self.work[part.index]
        let source = manifest.sources[sourceIndex]
        let output = try StageOutput(directory: part.output, settings: settings, overwrite: true)
        switch work {
        case .jsonLines(let file):
            var summary = ExtractSummary()
            try Self.extractor(source, manifest: manifest, added: context.added).copy(jsonLines: file, into: output,
                                                                                    summary: &summary)
        case .files(let plan, let items, let includesMaps):
            _ = try Self.extractor(source, manifest: manifest, added: context.added).run(
                plan: plan, items: items, includesMaps: includesMaps, output: output, workers: context.workers,
                showsProgress: context.showsProgress)
        }
        try output.finish()
    }

    private static func extractor(_ source: SourceSpec, manifest: PipelineManifest, added: String) -> Extractor {
        var extract = ExtractSettings(added: added)
        extract.format = source.format
        extract.codeMode = manifest.codeMode
        extract.source = source.name
        extract.contributor = source.contributor
        extract.license = source.license
        extract.xmlSettings = source.xmlSettings
        extract.maxFileBytes = manifest.maxFileBytes
        return Extractor(settings: extract)
    }
}
