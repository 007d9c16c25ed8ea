import ArgumentParser
import SeirenCore
import SeirenPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the whole curation pipeline described by a manifest (corpora-manifests/*.yaml).",
        discussion: """
            Stages run in order (extract, then normalize, filter and dedup when the manifest configures them), each \
            into OUT/stages/NN-NAME/. The result is OUT/documents (final shards and manifest), OUT/rejects (every \
            rejected document with its stage and reason) and OUT/report.json + OUT/report.html; with stages.train, \
            stages.encode and stages.measure also OUT/vocab/NAME, OUT/tokens and OUT/measure.json. Run the same command \
            again after an interruption: finished stages are kept and the run continues where it stopped; a changed \
            setting reruns that stage and the ones after it. Keys are documented in docs/manifest.md \
            (`seiren run --manifest-reference` prints it).
            """
    )

    @Argument(help: "The manifest (YAML).")
    var manifest: String?

    @Option(help: "Worker threads (default: the manifest's `workers`, else all cores). Output is the same for any number.")
    var workers: Int?

    @Flag(help: "Print the manifest reference (Markdown) and exit.")
    var manifestReference = false

    func run() throws {
        try reportingErrors {
            if manifestReference {
                print(ManifestSchema.markdown(), terminator: "")
                return
            }
            guard let manifest else { throw UserError("give a manifest, e.g. seiren run corpora-manifests/samples.yaml") }
            let parsed = try PipelineManifest.read(manifest)
            let runner = PipelineRunner(manifest: parsed, workers: workers, log: { printError($0) })
            let report = try runner.run()
            print(report.summary)
            // The exit-status rule of every command: completed, but part of the input could not be read.
            let unreadable = report.stages.reduce(0) { $0 + $1.unreadable }
            if unreadable > 0 {
                printError("seiren: \(unreadable) input files could not be read (whole or to the end); see the rejects in \(parsed.output)/rejects")
                throw ExitStatus.unreadableInput
            }
        }
    }
}
