import SeirenCore

/// Counts of a filter run: the stage summary and rejections per rule.
public struct FilterReport: Sendable {
    public var summary: StageSummary
    public var rules: JSONValue

    public var json: JSONValue {
        .object([("stage", "filter"), ("summary", summary.json), ("rejected_per_rule", summary.json["reasons"] ?? .object([])),
                 ("rules", rules)])
    }
}

/// `seiren filter`: keeps the documents that pass every rule; the others go to `rejects/` with the first rule
/// they failed, its measured value and threshold.
public struct FilterStage: TaskStage {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    public var name: String { "filter" }
    public var settings: JSONValue { rules.json }

    public func run(part: StagePart, context: StageContext) throws {
        _ = try Self.run(inputs: part.inputs, output: part.output, rules: rules, workers: context.workers,
                         added: context.added, overwrite: true,
                         progress: ProgressReporter(label: "filter", enabled: context.showsProgress))
    }

    public static func run(inputs: [String], output: String, rules: RuleSet, workers: Int, added: String,
                           maxShardBytes: Int = 256 << 20, zstdLevel: Int32 = 3, overwrite: Bool = false,
                           progress: ProgressReporter? = nil,
                           onBadRecord: @escaping (BadRecord) -> Void = { _ in }) throws -> FilterReport {
        let settings: JSONValue = .object([("stage", "filter"), ("rules", rules.json)])
        let stageOutput = try StageOutput(directory: output, settings: settings, maxShardBytes: maxShardBytes,
                                          level: zstdLevel, overwrite: overwrite)
        let runner = DocumentStageRunner(stage: "filter", inputs: inputs, output: stageOutput, workers: workers,
                                         added: added, progress: progress, onBadRecord: onBadRecord)
        let summary = try runner.run {
            { document in
                if let failure = rules.firstFailure(DocumentStatistics(document)) {
                    return .reject(document, failure.rejection)
                }
                return .keep(document)
            }
        }
        let report = FilterReport(summary: summary, rules: rules.json)
        try stageOutput.writeFile("filter-report.json", JSONFile.bytes(report.json))
        try stageOutput.finish()
        return report
    }
}

/// The statistics of one document as JSON, for studying a corpus before choosing thresholds
/// (`seiren filter --statistics FILE`).
public enum StatisticsDump {
    public static func json(_ s: DocumentStatistics) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(s.document.id))]
        for statistic in Statistic.named {
            pairs.append((statistic.name, .double(RuleFailure.rounded(statistic.value(of: s)))))
        }
        for n in 2...4 { pairs.append((Statistic.topNGramFraction(n).name, .double(RuleFailure.rounded(s.repetition.topNGramFraction(n))))) }
        for n in 5...10 {
            pairs.append((Statistic.duplicateNGramFraction(n).name,
                          .double(RuleFailure.rounded(s.repetition.duplicateNGramFraction(n)))))
        }
        let language = LanguageRule()
        let (japaneseLetters, kana) = language.measures(s)
        pairs.append(("japanese_letter_fraction", .double(RuleFailure.rounded(japaneseLetters))))
        pairs.append(("kana_fraction_of_japanese", .double(RuleFailure.rounded(kana))))
        pairs.append(("language", .string(language.language(s).rawValue)))
        return .object(pairs)
    }
}

extension StatisticsDump {
    /// Writes one JSON line of statistics per input document to `path`.
    public static func write(inputs: [String], to path: String, added: String) throws {
        let writer = try AtomicFileWriter(path: path)
        var json = JSONWriter()
        for input in inputs {
            let reader = try DocumentReader(path: input, added: added)
            while let record = try reader.next() {
                guard case .document(let document, _) = record else { continue }
                json.bytes.removeAll(keepingCapacity: true)
                json.write(Self.json(DocumentStatistics(document)))
                json.bytes.append(0x0A)
                try writer.write(json.bytes)
            }
        }
        try writer.commit()
    }
}
