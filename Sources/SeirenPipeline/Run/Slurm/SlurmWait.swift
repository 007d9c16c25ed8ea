import Foundation
import SeirenCore

extension SlurmSubmission {
    /// `--wait`: polls the queue and the output folder every `interval` seconds until no job of the submission is
    /// queued, logging the status whenever it changes. Returns when the publishing job finished; otherwise throws,
    /// naming every failed task (stage, task, parts, inputs, log) and the publishing job's log.
    public func wait(interval: Double = 2) throws -> RunStatus {
        var shown = ""
        while true {
            let status = try RunStatus.read(manifest, tasks: tasks)
            if status.progressLine != shown {
                shown = status.progressLine
                log(shown)
            }
            guard status.queued else {
                if status.isComplete { return status }
                throw SlurmError((["the Slurm jobs ended before the run was complete:"] + status.failures.map(\.description)
                    + (status.publish == "done" ? [] : ["publishing: \(status.publish ?? "not run"), log: \(status.publishLog)"])
                    + ["run the same command again: finished parts are kept and only the unfinished tasks are submitted"])
                    .joined(separator: "\n"))
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
