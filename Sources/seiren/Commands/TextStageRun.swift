import SeirenCore
import SeirenNormalize
import SeirenSegment

/// A stage that rewrites each document's text into a stage output directory (normalize, segment): both run the same
/// way from the command line.
protocol TextStage {
    func run(inputs: [String], output: String, workers: Int, added: String, maxShardBytes: Int, zstdLevel: Int32,
             overwrite: Bool, progress: ProgressReporter?, onBadRecord: @escaping (BadRecord) -> Void) throws -> StageSummary
}

extension NormalizeStage: TextStage {}
extension SegmentStage: TextStage {}

/// Runs `stage` over the command's input arguments into `output`: progress, bad records (first 20) and the summary
/// line on stderr, under `label` (as `report` asks).
func runTextStage(_ stage: some TextStage, label: String, inputs: [String], output: OutputOptions,
                  workers: WorkerOptions, report: ReportOptions) throws {
    let files = try stageInputFiles(inputs, writingTo: output.output)
    let badRecords = report.badRecordLog()
    let summary = try stage.run(
        inputs: files, output: output.output, workers: workers.count, added: output.resolvedAdded,
        maxShardBytes: output.maxShardBytes, zstdLevel: output.zstdLevel, overwrite: output.overwrite,
        progress: report.progress(label, files: files), onBadRecord: badRecords.report)
    badRecords.finish(rejects: "\(output.output)/rejects")
    report.summary([StageReport.textStageLine(stage: label, summary: summary)], on: .stderr, command: label,
                   json: ReportOptions.stageFields(summary, output: output.output))
    try failIfUnreadable(summary.unreadableFiles, recordedIn: output.output + "/rejects")
}
