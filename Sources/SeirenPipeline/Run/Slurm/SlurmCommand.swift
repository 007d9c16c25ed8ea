import Foundation
import SeirenCore

/// A Slurm client tool (`sbatch`, `squeue`, `scancel`, `scontrol`) found on PATH and run to its end.
struct SlurmCommand {
    let path: String

    /// The tool `name` on PATH, or an error saying it is missing (nothing has been written when this fails).
    init(_ name: String) throws {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        guard let found = directories.map({ $0 + "/" + name }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw SlurmError("no `\(name)` on PATH: --executor slurm runs where the Slurm client tools are (a login node "
                             + "of the cluster; scripts/slurm/start-local-cluster starts one on this machine)")
        }
        path = found
    }

    /// Runs the tool; returns its status and what it printed.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the tool runs, so a long answer cannot fill one and stall it.
        let errorData = Handover(Data())
        let errorRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData.value = err.fileHandleForReading.readDataToEndOfFile()
            errorRead.signal()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData.value, as: UTF8.self))
    }

    /// Runs the tool and returns what it printed, or an error with its message when it fails.
    func output(_ arguments: [String], doing what: String) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else {
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SlurmError("\(FileSystem.lastComponent(path)) refused \(what): \(message.isEmpty ? "status \(result.status)" : message)")
        }
        return result.stdout
    }
}

public struct SlurmError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// One line per job array task in the queue (`squeue -r`): its array job, index and state.
struct SlurmQueue {
    /// State by (array job id, array index); a job that is not an array has index -1.
    var states: [String: String] = [:]

    static func key(job: String, index: Int) -> String { "\(job)_\(index)" }

    /// This user's jobs in the queue now, or nil when `squeue` is not on PATH.
    static func read() throws -> SlurmQueue? {
        guard let squeue = try? SlurmCommand("squeue") else { return nil }
        var queue = SlurmQueue()
        for line in try squeue.output(["--me", "-h", "-r", "-o", "%F|%K|%T"], doing: "to list the queue").split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            queue.states[key(job: fields[0], index: Int(fields[1]) ?? -1)] = fields[2]
        }
        return queue
    }

    func state(job: String, index: Int) -> String? { states[Self.key(job: job, index: index)] }

    func contains(job: String) -> Bool { states.keys.contains { $0.hasPrefix(job + "_") } }
}

/// A value handed between threads once (written before a semaphore is signalled, read after the wait).
private final class Handover<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
