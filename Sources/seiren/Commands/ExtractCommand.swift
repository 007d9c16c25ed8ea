import ArgumentParser
import SeirenCore
import SeirenExtract

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract text from XML manuals (DocBook, DITA, Mallard, XHTML/HTML, generic XML) into documents.",
        discussion: """
            One document per file (per topic for DITA; .ditamap files order their topics and lend them their \
            title). Every input file ends up as documents in OUT/documents or as a reject in OUT/rejects with \
            {stage: extract, reason, detail}. External entities, DTDs and the network are never used.
            """
    )

    @Argument(help: "Files or directories (read recursively) to extract; - for one file on stdin (source stdin unless --source).")
    var paths: [String]

    @Option(help: "Source format: auto (by extension and root element), docbook, dita, mallard, html, xml, or jsonl (JSON Lines documents, copied with --source, --license and --contributor).")
    var format: InputFormat = .auto

    @Option(help: "Code, screen and pre blocks: keep (as is), mark (fenced with ``` lines) or drop.")
    var code: CodeMode = .keep

    @Option(help: "The documents' `source` (default: the name of the input directory).")
    var source: String?

    @Option(help: "metadata.contributor of every document.")
    var contributor: String?

    @Option(help: "metadata.license of every document.")
    var license: String?

    @Option(help: "JSON file naming the text, skip, title and code elements of a generic XML schema.")
    var xmlSettings: String?

    @Option(help: "Reject files larger than this many bytes.")
    var maxFileBytes: Int = 64 << 20

    @OptionGroup var output: OutputOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        for path in paths where !FileSystem.exists(path) && path != StandardStream.dash {
            throw ValidationError("\(path): no such file or directory")
        }
    }

    func run() throws {
        try reportingErrors {
            // The format is told by the file's first bytes, so stdin is copied aside (as a file with no ending).
            try StandardStream.withRereadableInputs(paths, fileName: "stdin") { try extract($0) }
        }
    }

    private func extract(_ paths: [String]) throws {
        var settings = ExtractSettings(added: output.resolvedAdded)
        settings.format = format
        settings.codeMode = code
        settings.source = source
        settings.contributor = contributor
        settings.license = license
        settings.maxFileBytes = maxFileBytes
        try settings.validate()
        if let xmlSettings { settings.xmlSettings = try XMLSettings.read(path: xmlSettings) }
        try OutputPlacement.check(output: output.output, inputs: paths)
        let stageOutput = try StageOutput(directory: output.output, settings: settings.json,
                                          maxShardBytes: output.maxShardBytes, level: output.zstdLevel,
                                          overwrite: output.overwrite)
        let summary = try Extractor(settings: settings).run(paths: paths, output: stageOutput, workers: workers.count,
                                                            showsProgress: report.showsProgress)
        try stageOutput.finish()
        report.summary(summary.lines, on: .stderr, command: "extract",
                       json: [("output", .string(output.output))] + (summary.json.objectValue ?? [])
                           + [("seconds", .double(summary.seconds))])
        // Files that could not be read at all are the unreadable input of the exit-status rule.
        if let unreadable = summary.rejectReasons["unreadable"], unreadable > 0 {
            printError("seiren: \(unreadable) input files could not be read; they are in \(output.output)/rejects")
            throw ExitStatus.unreadableInput
        }
    }
}
