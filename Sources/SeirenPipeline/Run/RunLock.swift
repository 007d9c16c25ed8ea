import Foundation
import SeirenCore

/// One coordinating `seiren run` per output folder: the output's lock (`OutputLock`, `.OUT.lock` beside it, as every
/// writer of an output takes), held while this value lives and dropped by the kernel when the process ends,
/// however it ends. Tasks (`--task`) take no lock; their coordinator holds it. Jobs of a Slurm submission outlive
/// their coordinator, so while any of them is queued a new run refuses as well.
public final class RunLock {
    private let lock: OutputLock

    public init(output: String) throws {
        lock = try OutputLock(beside: output)
        let queued = SlurmRecord.queuedJobs(output)
        guard queued.isEmpty else {
            lock.release()
            throw FileError(path: output, reason: "Slurm jobs of the last submission into this folder are still queued "
                            + "(\(queued.joined(separator: ", "))): wait for them (seiren run MANIFEST --status) or scancel them")
        }
    }

    deinit { lock.release() }
}
