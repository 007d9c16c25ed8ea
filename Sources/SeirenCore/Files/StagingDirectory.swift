import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An output folder that appears whole or not at all. Everything is written into a temporary folder beside the
/// destination (`.NAME.seiren-tmp-XXXXXX`, made by `mkdtemp`, so it is new, private to this run and never a planted
/// symlink), and `commit()` renames it into place. Meanwhile a lock beside the destination (`.NAME.lock`) refuses a
/// second writer.
///
/// A destination that exists and is not empty is refused unless `overwrite` is given; then it is replaced only by
/// `commit()`, once the new output is complete, and never when it does not look like an output (so a mistyped
/// `--overwrite` cannot remove a home folder). A run that is interrupted (a signal, a full disk) leaves its
/// temporary folder marked incomplete (`DatasetLocator` refuses it as input); the next writer of the same
/// destination removes it, as it holds the lock no one else can.
public final class StagingDirectory {
    /// The folder the output ends up as.
    public let destination: String
    /// The temporary folder to write into until `commit()`.
    public let path: String
    private let parent: String
    private let name: String
    private let lock: OutputLock
    private let overwrite: Bool
    private var committed = false

    /// The file inside a temporary folder that says it is not a finished output. Removed after the rename.
    public static let incompleteMarker = ".seiren-incomplete"

    public init(destination: String, overwrite: Bool = false) throws {
        var trimmed = destination
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.destination = trimmed
        self.overwrite = overwrite
        let slash = trimmed.lastIndex(of: "/")
        parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileError(path: destination, reason: "an output must be a named folder (not '.', '..' or '/')")
        }
        try FileSystem.createDirectory(parent)
        let prefix = parent == "/" ? "/" : parent + "/"
        lock = try OutputLock(beside: trimmed)
        try Self.checkReplaceable(trimmed, overwrite: overwrite)
        // Temporary folders of runs that were interrupted: no one is writing them, since we hold the lock.
        for entry in try FileSystem.contents(of: parent) where entry.hasPrefix(Self.temporaryPrefix(name)) {
            try FileSystem.removeTree(prefix + entry)
        }
        path = try Self.makeTemporary(prefix + Self.temporaryPrefix(name))
        try AtomicFileWriter.write(Array("written by an unfinished seiren run; not an output\n".utf8),
                                   to: path + "/" + Self.incompleteMarker)
    }

    deinit {
        if !committed { try? FileSystem.removeTree(path) }
    }

    /// Renames the finished folder into place (replacing what `overwrite` allowed to replace) and releases the lock.
    public func commit() throws {
        precondition(!committed, "committed twice")
        var replaced: String?
        // Checked again: something other than Seiren (which takes the lock) may have written there meanwhile.
        try Self.checkReplaceable(destination, overwrite: overwrite)
        if FileSystem.isDirectory(destination), !(try FileSystem.contents(of: destination)).isEmpty {
            // rename(2) replaces only an empty folder: move the old output aside first, into an empty folder of
            // ours, and remove it once the new one is in place.
            let aside = try Self.makeTemporary((parent == "/" ? "/" : parent + "/") + Self.temporaryPrefix(name))
            try FileError.doing("cannot move the old output aside", path: destination) { try Posix.rename(destination, to: aside) }
            replaced = aside
        }
        do throws(SystemCallError) { try Posix.rename(path, to: destination) } catch {
            if let replaced { try? Posix.rename(replaced, to: destination) }  // Put the old output back rather than lose it.
            throw FileError(error, "cannot rename the output into place")
        }
        committed = true
        Posix.removeFile(destination + "/" + Self.incompleteMarker)
        FileSystem.syncDirectory(parent)
        if let replaced { try FileSystem.removeTree(replaced) }
        lock.release()
    }

    /// True when `directory` (or the stage output it belongs to) is a temporary folder of an unfinished run.
    public static func isIncomplete(_ directory: String) -> Bool {
        FileSystem.exists(directory + "/" + incompleteMarker) || FileSystem.exists(directory + "/../" + incompleteMarker)
    }

    static func temporaryPrefix(_ name: String) -> String { "." + name + ".seiren-tmp-" }

    private static func makeTemporary(_ prefix: String) throws -> String {
        let path = try FileError.doing("cannot create a temporary folder") { try Posix.makeTemporaryDirectory(prefix: prefix) }
        try? Posix.setMode(0o755, path: path)
        return path
    }

    /// Refuses what may not be replaced: anything but a folder, and a non-empty folder unless `overwrite`, and even
    /// then only a folder that looks like an output (a manifest, documents/ or rejects/).
    private static func checkReplaceable(_ destination: String, overwrite: Bool) throws {
        guard let info = try? Posix.linkStatus(destination) else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw FileError(path: destination, reason: "exists and is not a folder; remove it or choose another output")
        }
        let contents = try FileSystem.contents(of: destination)
        guard !contents.isEmpty else { return }
        guard overwrite else {
            throw FileError(path: destination, reason: "exists and is not empty; give --overwrite to replace it (the old output is removed only once the new one is complete)")
        }
        let looksLikeOutput = contents.contains(DatasetManifest.fileName) || contents.contains("documents")
            || contents.contains("rejects")
        guard looksLikeOutput else {
            throw FileError(path: destination, reason: "--overwrite refused: this folder does not look like a seiren output (no manifest.json, documents/ or rejects/); remove it yourself if it should go")
        }
    }
}
