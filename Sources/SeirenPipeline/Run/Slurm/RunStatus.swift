import Foundation
import SeirenCore

/// `seiren run MANIFEST --status`: per stage, which tasks are done (their parts are written), running or pending
/// (in Slurm's queue, when a submission is recorded and `squeue` is on PATH), failed (started, not in the queue,
/// parts missing: named with parts, inputs and log) or not run. Read from the output folder and the queue only, so
/// it works from any machine that sees the folder, during a run or after.
public struct RunStatus {
    public struct Stage {
        public var label: String
        public var tasks: Int
        public var done: [Int] = []
        public var running: [Int] = []
        public var pending: [Int] = []
        public var failed: [TaskFailure] = []
        public var notRun: [Int] = []

        /// "2 done, 1 running": the non-zero counts.
        var counts: String {
            [("done", done.count), ("running", running.count), ("pending", pending.count), ("failed", failed.count),
             ("not run", notRun.count)].filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        }
    }

    public var stages: [Stage] = []
    /// The publishing job of a Slurm submission: done, running, pending, failed or not run (nil: none submitted).
    public var publish: String?
    public var publishLog: String
    /// Whether any job of the recorded submission is still in the queue.
    public var queued = false
    /// Whether the queue could be read (squeue on PATH).
    public var knowsQueue: Bool

    /// The status of `manifest`'s run; stages not in a Slurm submission count their tasks as `tasks` would split them.
    public static func read(_ manifest: PipelineManifest, tasks: Int) throws -> RunStatus {
        let graph = try PipelineRunner.graphOfStartedRun(manifest)
        let record = SlurmRecord.read(manifest.output)
        let queue = try SlurmQueue.read()
        var status = RunStatus(publishLog: manifest.output + "/logs/publish.log", knowsQueue: queue != nil)
        for stage in graph.stages {
            let submitted = record?.stages.first { $0.index == stage.index }
            let count = submitted?.tasks ?? stage.taskCount(requested: tasks)
            let logs = manifest.output + "/logs/" + FileSystem.lastComponent(stage.directory)
            var line = Stage(label: "[\(stage.index + 1)/\(graph.stages.count)] \(stage.name)", tasks: count)
            for task in 0..<count {
                if graph.isTaskDone(stage, task: task, of: count) {
                    line.done.append(task)
                    continue
                }
                // The array holding the task: the last one whose offset is not past it.
                let array = submitted?.arrays.last { $0.offset <= task }
                switch array.flatMap({ queue?.state(job: $0.job, index: task - $0.offset) }) {
                case "PENDING"?: line.pending.append(task)
                case _?: line.running.append(task)
                case nil:
                    let log = logs + "/\(task)-of-\(count).log"
                    if FileSystem.exists(log) {
                        line.failed.append(TaskFailure(stage, task: task, of: count, in: graph,
                                                       how: "stopped before its parts were written", log: log))
                    } else {
                        line.notRun.append(task)
                    }
                }
            }
            status.stages.append(line)
        }
        if let record, let queue {
            status.queued = record.jobs.contains { queue.contains(job: $0) }
            if let state = queue.state(job: record.publish, index: -1) {
                status.publish = state == "PENDING" ? "pending" : "running"
            }
        }
        if let record, status.publish == nil {
            let report = (try? FileManager.default.attributesOfItem(atPath: manifest.output + "/report.json"))?[.modificationDate] as? Date
            status.publish = (report?.timeIntervalSince1970 ?? 0) >= record.submitted ? "done"
                : FileSystem.exists(status.publishLog) ? "failed" : "not run"
        }
        return status
    }

    /// Whether every stage's tasks are done and, for a submission, its publishing job too.
    public var isComplete: Bool { stages.allSatisfy { $0.done.count == $0.tasks } && (publish ?? "done") == "done" }

    public var failures: [TaskFailure] { stages.flatMap(\.failed) }

    /// One line per stage: "[2/4] normalize: 3 task(s): 2 done, 1 running".
    public var summary: [String] {
        var lines = stages.map { "\($0.label): \($0.tasks) task(s): " + $0.counts }
        if let publish { lines.append("publish: \(publish) (log: \(publishLog))") }
        if !knowsQueue { lines.append("(no squeue on PATH: running and pending tasks show as failed or not run)") }
        return lines
    }

    /// The whole status on one line, for progress while waiting: "extract 3 done | normalize 2 done, 1 running | ...".
    public var progressLine: String {
        (stages.map { "\($0.label.split(separator: " ").last ?? "") \($0.counts)" } + (publish.map { ["publish \($0)"] } ?? []))
            .joined(separator: " | ")
    }

    /// The summary, then every failed task with its parts, inputs and log.
    public var text: String {
        (summary + failures.map { "failed: " + $0.description }).joined(separator: "\n")
    }
}
