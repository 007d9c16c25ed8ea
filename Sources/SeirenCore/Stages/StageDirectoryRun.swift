extension DocumentStageRunner {
    /// The whole run of a per-document stage into a stage output directory: opens `output` with the stage's
    /// manifest `settings`, runs `makeTransform` over `inputs` in parallel and finishes the directory. Shared by the
    /// stages whose run is nothing more than that (normalize, segment).
    public static func run(
        stage: String, settings: JSONValue, inputs: [String], output: String, workers: Int, added: String,
        maxShardBytes: Int, zstdLevel: Int32, overwrite: Bool = false, progress: ProgressReporter?, onBadRecord: @escaping (BadRecord) -> Void,
        makeTransform: @escaping () throws -> (Document) throws -> StageDecision
    ) throws -> StageSummary {
        let stageOutput = try StageOutput(directory: output, settings: settings, maxShardBytes: maxShardBytes,
                                          level: zstdLevel, overwrite: overwrite)
        let runner = DocumentStageRunner(stage: stage, inputs: inputs, output: stageOutput, workers: workers,
                                         added: added, progress: progress, onBadRecord: onBadRecord)
        let summary = try runner.run(makeTransform: makeTransform)
        try stageOutput.finish()
        return summary
    }
}
