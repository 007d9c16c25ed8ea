import Foundation
import SeirenCore

/// What `seiren run --executor slurm` submitted, kept in `OUT/slurm/submission.json` (written only once every job
/// was accepted): per stage its task count and job arrays (array index + offset = task), and the publishing job.
/// `--status` reads it to match the queue to tasks; a new run refuses while any of these jobs is still queued.
public struct SlurmRecord: Sendable {
    public struct JobArray: Sendable {
        public var job: String
        /// Task = array index + offset (arrays are split at the cluster's MaxArraySize).
        public var offset: Int
    }

    public struct Stage: Sendable {
        public var index: Int
        public var tasks: Int
        public var arrays: [JobArray]
    }

    /// Seconds since 1970 when the jobs were submitted.
    public var submitted: Double
    public var stages: [Stage]
    /// The job that publishes and runs the steps after the stages.
    public var publish: String

    public var jobs: [String] { stages.flatMap { $0.arrays.map(\.job) } + [publish] }

    static func path(_ output: String) -> String { output + "/slurm/submission.json" }

    static func read(_ output: String) -> SlurmRecord? {
        guard let bytes = try? FileReader.readAll(path(output)), let json = try? JSONParser.parse(bytes),
              let submitted = json["submitted"]?.doubleValue, let publish = json["publish"]?.stringValue,
              let stages = json["stages"]?.arrayValue else { return nil }
        return SlurmRecord(submitted: submitted, stages: stages.compactMap { stage in
            guard let index = stage["stage"]?.intValue, let tasks = stage["tasks"]?.intValue,
                  let arrays = stage["arrays"]?.arrayValue else { return nil }
            return Stage(index: index, tasks: tasks, arrays: arrays.compactMap { array in
                guard let job = array["job"]?.stringValue, let offset = array["offset"]?.intValue else { return nil }
                return JobArray(job: job, offset: offset)
            })
        }, publish: publish)
    }

    func write(_ output: String) throws {
        try FileSystem.createDirectory(output + "/slurm")
        let json: JSONValue = .object([
            ("submitted", .double(submitted)),
            ("stages", .array(stages.map { stage in
                .object([("stage", .int(stage.index)), ("tasks", .int(stage.tasks)),
                         ("arrays", .array(stage.arrays.map { .object([("job", .string($0.job)), ("offset", .int($0.offset))]) }))])
            })),
            ("publish", .string(publish)),
        ])
        try JSONFile.write(json, to: Self.path(output))
    }

    /// The jobs of the last submission into `output` still in the queue, leaving out the job this process runs in
    /// (the publishing job runs `seiren run` itself).
    static func queuedJobs(_ output: String) -> [String] {
        guard let record = read(output), let queue = try? SlurmQueue.read() else { return [] }
        let current = ProcessInfo.processInfo.environment["SLURM_JOB_ID"]
        return record.jobs.filter { $0 != current && queue.contains(job: $0) }
    }
}
