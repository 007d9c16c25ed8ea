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
            setting reruns that stage and the ones after it. With --executor local --tasks N each stage runs as N \
            worker processes over its parts; the output is byte-identical for any N. With --executor slurm the stages \
            are submitted to Slurm as job arrays and a last job publishes (docs/scale-out.md); --wait waits for \
            them, --status shows every stage's tasks. One run at a time per output folder (a lock beside it). Keys are \
            documented in docs/manifest.md (`seiren run --manifest-reference` prints it).
            """
    )

    @Argument(help: "The manifest (YAML).")
    var manifest: String?

    @Option(help: "Worker threads (default: the manifest's `workers`, else all cores). Output is the same for any number.")
    var workers: Int?

    @Option(help: "Where tasks run: inprocess (this process, the default), local (worker processes on this machine) or slurm (job arrays submitted with sbatch).")
    var executor: ExecutorChoice = .inprocess

    @Option(help: "Tasks per stage with --executor local or slurm (a stage never has more tasks than its parts, or a dedup phase's partitions).")
    var tasks: Int = 2

    @Flag(help: "With --executor slurm: wait for the jobs, printing each stage's progress; fail when a task fails.")
    var wait = false

    @Flag(help: "Print each stage's tasks: done, running, pending (in Slurm's queue), failed (with the log) or not run.")
    var status = false

    @Option(help: .hidden)
    var task: String?

    @Flag(help: "Print the manifest reference (Markdown) and exit.")
    var manifestReference = false

    @OptionGroup var report: ReportOptions

    enum ExecutorChoice: String, ExpressibleByArgument, CaseIterable {
        case inprocess, local, slurm
    }

    func run() throws {
        try reportingErrors {
            if manifestReference {
                print(ManifestSchema.markdown(), terminator: "")
                return
            }
            guard let manifest else { throw UserError("give a manifest, e.g. seiren run corpora-manifests/samples.yaml") }
            guard manifest != StandardStream.dash else {
                throw UserError("the manifest must be a file, not - (stdin): a rerun, --status and every task read it again, and its relative paths are taken from its folder")
            }
            let parsed = try PipelineManifest.read(manifest)
            if let task {
                try runTask(task, of: parsed)
                return
            }
            guard tasks >= 1 else { throw UserError("--tasks must be at least 1") }
            if status {
                let found = try RunStatus.read(parsed, tasks: tasks)
                print(found.text)
                if !found.failures.isEmpty || found.publish == "failed" { throw ExitCode(2) }
                return
            }
            if executor == .slurm {
                try submitToSlurm(parsed)
                return
            }
            let threads = max(1, workers ?? parsed.workers ?? defaultWorkerCount)
            let chosen: TaskExecutor = executor == .local
                ? LocalProcessExecutor(tasks: tasks, workers: threads, log: report.log)
                : InProcessExecutor(workers: threads, showsProgress: report.showsProgress)
            let runner = PipelineRunner(manifest: parsed, workers: threads, showsProgress: report.showsProgress,
                                        executor: chosen, log: report.log)
            let result = try runner.run()
            report.summary([result.summary], command: "run", json: result.json.objectValue ?? [])
            // The exit-status rule of every command: completed, but part of the input could not be read.
            let unreadable = result.stages.reduce(0) { $0 + $1.unreadable }
            if unreadable > 0 {
                printError("seiren: \(unreadable) input files could not be read (whole or to the end); see the rejects in \(parsed.output)/rejects")
                throw ExitStatus.unreadableInput
            }
        }
    }

    /// The task graph as Slurm jobs; with --wait, waits for them and prints the status at the end.
    private func submitToSlurm(_ manifest: PipelineManifest) throws {
        let submission = SlurmSubmission(manifest: manifest, tasks: tasks, executable: LocalProcessExecutor.currentExecutable,
                                         log: { printError($0) })
        let record = try submission.submit()
        guard wait else {
            print("submitted jobs \(record.jobs.joined(separator: " ")); follow with: seiren run \(manifest.file) --status")
            return
        }
        let status = try submission.wait()
        print((status.summary + ["published \(manifest.output)/documents and \(manifest.output)/rejects; report \(manifest.output)/report.json"])
            .joined(separator: "\n"))
    }

    /// One task of a started run (`STAGE:TASK:TASKS`), as a worker process or a cluster job runs it.
    private func runTask(_ spec: String, of manifest: PipelineManifest) throws {
        let numbers = spec.split(separator: ":").compactMap { Int($0) }
        guard numbers.count == 3, numbers[1] >= 0, numbers[1] < numbers[2] else {
            throw UserError("--task takes STAGE:TASK:TASKS, e.g. 1:0:4")
        }
        let graph = try PipelineRunner.graphOfStartedRun(manifest)
        guard let stage = graph.stage(at: numbers[0]) else {
            throw UserError("--task: the manifest has no stage \(numbers[0]) (it has \(graph.stages.count)"
                            + (graph.encode == nil ? ")" : ", and encoding after them)"))
        }
        printError("task \(numbers[1]) of \(numbers[2]) of stage \(stage.name): parts "
                   + stage.parts(ofTask: numbers[1], of: numbers[2]).map(String.init).joined(separator: ", "))
        try graph.runTask(stage, task: numbers[1], of: numbers[2],
                          workers: max(1, workers ?? manifest.workers ?? defaultWorkerCount), showsProgress: true)
    }
}
