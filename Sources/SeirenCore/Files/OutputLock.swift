#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a lock file, so two processes never write one output at once. Taken without waiting: a
/// second writer is refused at once with a message naming the lock, not left blocked behind the first.
///
/// The lock file is removed when the lock is released (while still held, so no one can take it in between). A
/// writer that opened the file just before it was removed would lock a file no longer in the folder; that is why
/// taking the lock checks that the locked file is still the one at `path`, and tries again if not.
public final class OutputLock {
    public let path: String
    private var descriptor: Int32 = -1

    /// Takes the lock at `path` (created if missing, never through a symlink), or throws if another process
    /// holds it. `holder` names what is locked, for the message.
    public init(path: String, holder: String) throws {
        self.path = path
        for _ in 0..<16 {
            let fd = try FileError.doing("cannot create the lock file") {
                try Posix.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode: 0o644)
            }
            do throws(SystemCallError) { try Posix.lockExclusively(fd, path: path) } catch {
                try? Posix.close(fd, path: path)
                if error.code == EWOULDBLOCK {
                    throw FileError(path: holder, reason: "another seiren process is writing this output (it holds the lock \(path)); wait for it to finish or choose another output")
                }
                throw FileError(error, "cannot lock")
            }
            if let opened = try? Posix.status(descriptor: fd, path: path), let current = try? Posix.linkStatus(path),
               opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                descriptor = fd
                return
            }
            // The file was removed and perhaps made anew by the holder that just finished: try again.
            try? Posix.close(fd, path: path)
        }
        throw FileError(path: path, reason: "cannot take the lock: it keeps being replaced")
    }

    /// The lock of the output folder `folder`: `.NAME.lock` beside it (taken by whatever writes that folder).
    public convenience init(beside folder: String) throws {
        var trimmed = folder
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[...$0]) } ?? ""
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        // The folder the output goes in is made first, as writing the output would make it.
        if !parent.isEmpty { try FileSystem.createDirectory(parent) }
        try self.init(path: parent + "." + name + ".lock", holder: trimmed)
    }

    /// Removes the lock file and releases the lock (also done when the lock is dropped).
    public func release() {
        guard descriptor >= 0 else { return }
        Posix.removeFile(path)
        try? Posix.close(descriptor, path: path)
        descriptor = -1
    }

    deinit { release() }
}
