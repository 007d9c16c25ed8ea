import Foundation
import SeirenCore

/// `seiren run MANIFEST --executor slurm`: the task graph handed to Slurm, which then runs it without this process.
/// Each stage with unfinished tasks becomes a job array (array index + offset = task, split at the cluster's
/// MaxArraySize, `%K` from `slurm.max_running`), each array after the previous stage's arrays
/// (`--dependency=afterok`), and a last job runs `seiren run MANIFEST` to publish and run the steps after the
/// stages. Stage folders are prepared before anything is submitted, and only tasks with a part still to write are
/// submitted, so submitting again after a failure or `scancel` reruns just those. Every task runs
/// `seiren run MANIFEST --task STAGE:TASK:N`, the same code as every other executor, so the bytes are the same.
public struct SlurmSubmission {
    public var manifest: PipelineManifest
    /// Tasks per stage (a stage never has more tasks than units: parts, or a dedup phase's partitions).
    public var tasks: Int
    /// The `seiren` binary the jobs run: this one, so it must be on a filesystem every node sees.
    public var executable: String
    public var log: (String) -> Void

    public init(manifest: PipelineManifest, tasks: Int, executable: String, log: @escaping (String) -> Void) {
        self.manifest = manifest
        self.tasks = max(1, tasks)
        self.executable = executable
        self.log = log
    }

    public func submit() throws -> SlurmRecord {
        // Everything that can refuse without side effects first: the tools, the cluster's limits, the lock.
        let sbatch = try SlurmCommand("sbatch")
        let maxArraySize = try Self.maxArraySize()
        let output = manifest.output
        let lock = try RunLock(output: output)
        defer { withExtendedLifetime(lock) {} }

        let previous = RunState.read(output)
        let added = manifest.added ?? previous?.added ?? AddedTime.default()
        let graph = try TaskGraph(manifest: manifest, added: added)
        try FileSystem.createDirectory(output + "/stages")
        try RunState(added: added, stages: []).write(output)
        let workDirectory = FileManager.default.currentDirectoryPath
        let manifestPath = manifest.file.hasPrefix("/") ? manifest.file : workDirectory + "/" + manifest.file
        let scripts = output + "/slurm"
        try FileSystem.createDirectory(scripts)

        var submitted: [String] = []
        do {
            var record = SlurmRecord(submitted: Date().timeIntervalSince1970, stages: [], publish: "")
            var after: [String] = []
            for stage in graph.stages {
                try graph.prepare(stage)
                let count = stage.taskCount(requested: tasks)
                let pending = graph.pendingTasks(of: stage, count: count)
                let label = "[\(stage.index + 1)/\(graph.stages.count)] \(stage.name)"
                guard !pending.isEmpty else {
                    log("\(label): already done, kept")
                    continue
                }
                let name = FileSystem.lastComponent(stage.directory)
                let logs = output + "/logs/" + name
                try FileSystem.createDirectory(logs)
                let script = scripts + "/" + name + ".sh"
                try write(script, [
                    "task=$((SLURM_ARRAY_TASK_ID + $1))",
                    "exec \(Self.quoted(executable)) run \(Self.quoted(manifestPath)) --task \(stage.index):$task:\(count) "
                        + "--workers \(manifest.slurm.cpusPerTask) >\(Self.quoted(logs))/$task-of-\(count).log 2>&1",
                ])
                var arrays: [SlurmRecord.JobArray] = []
                for (offset, indices) in Self.split(pending, at: maxArraySize) {
                    let throttle = manifest.slurm.maxRunning.map { "%\($0)" } ?? ""
                    let job = try submitJob(sbatch, [
                        "--job-name=seiren-\(manifest.name)-\(name)", "--array=\(Self.ranges(indices))\(throttle)",
                        "--output=\(logs)/slurm-%A_%a.out",
                    ], after: after, script: script, arguments: [String(offset)], what: "stage \(stage.name)")
                    submitted.append(job)
                    arrays.append(.init(job: job, offset: offset))
                }
                log("\(label): \(pending.count) of \(count) task(s) submitted as job \(arrays.map(\.job).joined(separator: ", "))"
                    + (maxArraySize < count ? " (arrays of at most \(maxArraySize))" : ""))
                record.stages.append(.init(index: stage.index, tasks: count, arrays: arrays))
                after = arrays.map(\.job)
            }
            let script = scripts + "/publish.sh"
            try write(script, ["exec \(Self.quoted(executable)) run \(Self.quoted(manifestPath)) --workers \(manifest.slurm.cpusPerTask)"])
            record.publish = try submitJob(sbatch, ["--job-name=seiren-\(manifest.name)-publish", "--output=\(output)/logs/publish.log"],
                                           after: after, script: script, arguments: [], what: "publishing")
            submitted.append(record.publish)
            log("publishing and the steps after the stages: job \(record.publish), log \(output)/logs/publish.log")
            try record.write(output)
            return record
        } catch {
            // A cluster that takes some jobs and refuses one: cancel what it took, so nothing runs half a plan.
            if !submitted.isEmpty, let scancel = try? SlurmCommand("scancel") { _ = try? scancel.run(submitted) }
            throw error
        }
    }

    /// Submits one job; returns its id.
    private func submitJob(_ sbatch: SlurmCommand, _ options: [String], after: [String], script: String,
                           arguments: [String], what: String) throws -> String {
        var all = ["--parsable", "--chdir=\(FileManager.default.currentDirectoryPath)", "--kill-on-invalid-dep=yes"] + options
        if !after.isEmpty { all.append("--dependency=afterok:" + after.joined(separator: ":")) }
        let answer = try sbatch.output(all + [script] + arguments, doing: "the job of \(what)")
        // --parsable prints "ID" or "ID;CLUSTER".
        guard let id = answer.split(whereSeparator: { $0 == ";" || $0.isNewline }).first, Int(id) != nil else {
            throw SlurmError("sbatch answered '\(answer.trimmingCharacters(in: .whitespacesAndNewlines))' for the job of \(what), not a job id")
        }
        return String(id)
    }

    /// A batch script: the manifest's `#SBATCH` lines, then `body`.
    private func write(_ path: String, _ body: [String]) throws {
        let lines = ["#!/bin/sh", "# Written by seiren run --executor slurm for \(manifest.file)."] + manifest.slurm.directives
            + ["set -e"] + body
        try AtomicFileWriter.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
    }

    /// The cluster's MaxArraySize (array indices must be below it), 1001 when it does not say.
    static func maxArraySize() throws -> Int {
        guard let scontrol = try? SlurmCommand("scontrol") else { return 1001 }
        let config = try scontrol.output(["show", "config"], doing: "to show its configuration")
        for line in config.split(separator: "\n") where line.hasPrefix("MaxArraySize") {
            if let value = line.split(separator: "=").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return max(1, value)
            }
        }
        return 1001
    }

    /// Tasks as job arrays whose indices stay below `limit`: (offset, indices) with task = index + offset.
    static func split(_ tasks: [Int], at limit: Int) -> [(offset: Int, indices: [Int])] {
        Dictionary(grouping: tasks) { $0 / limit * limit }.sorted { $0.key < $1.key }
            .map { offset, tasks in (offset, tasks.map { $0 - offset }) }
    }

    /// `--array` syntax for sorted indices: runs as ranges, "0-3,5,7-9".
    static func ranges(_ indices: [Int]) -> String {
        var parts: [String] = []
        var start = indices.first ?? 0, end = start
        for index in indices.dropFirst() {
            if index == end + 1 { end = index; continue }
            parts.append(start == end ? "\(start)" : "\(start)-\(end)")
            (start, end) = (index, index)
        }
        parts.append(start == end ? "\(start)" : "\(start)-\(end)")
        return parts.joined(separator: ",")
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
