import Foundation
import SeirenCore

/// One coordinating `seiren run` per output folder: an exclusive `flock` on `OUT/.lock`, held while this value
/// lives and dropped by the kernel when the process ends, however it ends. Tasks (`--task`) take no lock; their
/// coordinator holds it. Jobs of a Slurm submission outlive their coordinator, so while any of them is queued a
/// new run refuses as well.
public final class OutputLock {
    private let descriptor: Int32

    public init(output: String) throws {
        try FileSystem.createDirectory(output)
        let path = output + "/.lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot open the run's lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw FileError(path: output, reason: "another `seiren run` is writing this output folder (it holds \(path)); "
                            + "wait for it to end")
        }
        let queued = SlurmRecord.queuedJobs(output)
        guard queued.isEmpty else {
            close(descriptor)
            throw FileError(path: output, reason: "Slurm jobs of the last submission into this folder are still queued "
                            + "(\(queued.joined(separator: ", "))): wait for them (seiren run MANIFEST --status) or scancel them")
        }
    }

    deinit { close(descriptor) }
}
