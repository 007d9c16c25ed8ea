import Foundation
import SeirenCore

/// Runs the pending tasks of one stage. Executors decide only where tasks run; what a task does and writes is
/// `TaskGraph.runTask`, the same everywhere, so every executor leaves the same bytes.
public protocol TaskExecutor {
    /// How many tasks a stage is split into (a global stage is always one).
    var tasks: Int { get }
    func run(_ pending: [Int], of stage: PlannedStage, taskCount: Int, graph: TaskGraph) throws
}

/// Every task in this process, one after another, each with all the worker threads: `seiren run`'s default.
public struct InProcessExecutor: TaskExecutor {
    public var workers: Int
    public var showsProgress: Bool
    public var tasks: Int { 1 }

    public init(workers: Int, showsProgress: Bool) {
        self.workers = workers
        self.showsProgress = showsProgress
    }

    public func run(_ pending: [Int], of stage: PlannedStage, taskCount: Int, graph: TaskGraph) throws {
        for task in pending {
            try graph.runTask(stage, task: task, of: taskCount, workers: workers, showsProgress: showsProgress)
        }
    }
}

/// Each task as a `seiren run MANIFEST --task` process of its own on this machine, all of a stage's tasks at once,
/// the worker threads shared out among them. Each task's output goes to `OUT/logs/NN-NAME/T-of-N.log`.
public struct LocalProcessExecutor: TaskExecutor {
    public var tasks: Int
    public var workers: Int
    /// The `seiren` binary to start (this one).
    public var executable: String
    public var log: (String) -> Void

    public init(tasks: Int, workers: Int, executable: String = LocalProcessExecutor.currentExecutable,
                log: @escaping (String) -> Void) {
        self.tasks = max(1, tasks)
        self.workers = workers
        self.executable = executable
        self.log = log
    }

    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    public func run(_ pending: [Int], of stage: PlannedStage, taskCount: Int, graph: TaskGraph) throws {
        let logs = graph.manifest.output + "/logs/" + FileSystem.lastComponent(stage.directory)
        try FileSystem.createDirectory(logs)
        let threads = max(1, workers / max(1, min(taskCount, pending.count)))
        var running: [(task: Int, process: Process, log: String)] = []
        for task in pending {
            let logPath = logs + "/\(task)-of-\(taskCount).log"
            guard FileManager.default.createFile(atPath: logPath, contents: nil),
                  let handle = FileHandle(forWritingAtPath: logPath) else {
                throw FileError(path: logPath, reason: "cannot create the task's log file")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["run", graph.manifest.file, "--task", "\(stage.index):\(task):\(taskCount)",
                                 "--workers", String(threads)]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            try handle.close()
            running.append((task, process, logPath))
        }
        // The tasks' own progress goes to their logs; here, a line when parts are done (at most every 10 s).
        let total = (0..<stage.partCount).count
        var reported = (0..<stage.partCount).filter(stage.isPartDone).count
        var lastLine = ContinuousClock.now
        while running.contains(where: { $0.process.isRunning }) {
            sleep(1)  // Counting finished parts stats two files a part: once a second is plenty.
            let done = (0..<stage.partCount).filter(stage.isPartDone).count
            if done != reported && (ContinuousClock.now - lastLine).seconds >= 10 {
                log("    \(stage.name): \(done) of \(total) parts done")
                reported = done
                lastLine = .now
            }
        }
        var failures: [TaskFailure] = []
        for (task, process, logPath) in running {
            process.waitUntilExit()
            guard process.terminationReason != .exit || process.terminationStatus != 0 else { continue }
            let how = process.terminationReason == .uncaughtSignal
                ? "was killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
            failures.append(TaskFailure(stage, task: task, of: taskCount, in: graph, how: how, log: logPath))
        }
        if !failures.isEmpty { throw TaskFailures(failures: failures) }
    }
}

/// A task that did not finish: which one, what it read and where its log is.
public struct TaskFailure: Sendable {
    public var stage: String
    public var task: Int
    public var tasks: Int
    public var parts: [Int]
    public var inputs: [String]
    public var how: String
    public var log: String

    public var description: String {
        let shown = inputs.prefix(3).joined(separator: ", ") + (inputs.count > 3 ? ", ... (\(inputs.count) files)" : "")
        return "stage \(stage), task \(task) of \(tasks) \(how) (parts \(parts.map(String.init).joined(separator: ", ")); "
            + "inputs: \(shown)); log: \(log)"
    }
}

extension TaskFailure {
    /// Task `task` of `count` of `stage`, with the parts it writes and the files they read.
    init(_ stage: PlannedStage, task: Int, of count: Int, in graph: TaskGraph, how: String, log: String) {
        let parts = stage.parts(ofTask: task, of: count)
        self.init(stage: stage.name, task: task, tasks: count, parts: parts,
                  inputs: parts.flatMap { (try? graph.inputs(ofPart: $0, in: stage)) ?? [] }, how: how, log: log)
    }
}

public struct TaskFailures: Error, CustomStringConvertible {
    public var failures: [TaskFailure]

    public var description: String {
        (failures.map(\.description) + ["run the same command again: finished parts are kept and only these tasks rerun"])
            .joined(separator: "\n")
    }
}
