import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system failure that names the file and what went wrong.
public struct FileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// errno of the system call that failed, when one did.
    public var code: Int32?
    public init(path: String, reason: String, code: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.code = code
    }
    public var description: String { "\(path): \(reason)" }

    /// What was being done and the system's reason ("cannot open: No such file or directory"), on the call's path
    /// or on `path`.
    public init(_ error: SystemCallError, _ doing: String, path: String? = nil) {
        self.init(path: path ?? error.path, reason: "\(doing): \(error.reason)", code: error.code)
    }

    /// Runs system calls, a failure becoming a FileError that says what was being done.
    @inline(__always)
    public static func doing<T>(_ doing: String, path: String? = nil, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SystemCallError { throw FileError(error, doing, path: path) }
    }
}

/// Reads a file in chunks with POSIX calls (no whole-file loading).
public final class FileReader {
    public let path: String
    private let descriptor: Int32

    public init(path: String) throws {
        self.path = path
        let info = try FileError.doing("cannot open") { try Posix.status(path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, reason: "is a directory, not a file") }
        descriptor = try FileError.doing("cannot open") { try Posix.open(path, O_RDONLY | O_CLOEXEC) }
    }

    deinit { try? Posix.close(descriptor, path: path) }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try FileError.doing("read failed") { try Posix.read(descriptor, into: buffer, path: path) }
    }

    /// Fills `buffer` from `offset` (pread); a file that ends first is an error.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[done...])
            let n = try FileError.doing("read failed") {
                try Posix.read(descriptor, at: offset + done, into: rest, path: path)
            }
            if n == 0 { throw FileError(path: path, reason: "ends at byte \(offset + done), before \(offset + buffer.count)") }
            done += n
        }
    }

    /// The whole file (for small files: manifests, settings).
    public static func readAll(_ path: String) throws -> [UInt8] {
        let reader = try FileReader(path: path)
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Writes a file atomically: bytes go to a hidden temporary file beside the target, which is synced and renamed
/// into place by `commit()`. Until then the target is untouched; a crash leaves only the temporary file. The
/// temporary file gets an unpredictable name and is created exclusively without following links (mkstemp's
/// guarantee), so nothing planted beside the target can redirect the write.
public final class AtomicFileWriter {
    public let path: String
    public let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    public private(set) var bytesWritten: Int = 0

    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        (temporaryPath, descriptor) = try FileSystem.createExclusiveFile(prefix: "\(directory)/.\(name).tmp-", for: path)
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if descriptor >= 0 {
            try? Posix.close(descriptor, path: temporaryPath)
            Posix.removeFile(temporaryPath)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        bytesWritten += bytes.count
        if buffer.count + bytes.count > (1 << 20) { try flush() }
        if bytes.count >= (1 << 20) {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        try FileError.doing("write failed", path: path) {
            try Posix.writeAll(descriptor, bytes, path: temporaryPath)
        }
    }

    /// Syncs and renames the file into place.
    public func commit() throws {
        try flush()
        try FileError.doing("fsync failed", path: path) {
            try Posix.fsync(descriptor, path: temporaryPath)
        }
        try? Posix.close(descriptor, path: temporaryPath)
        descriptor = -1
        do throws(SystemCallError) { try Posix.rename(temporaryPath, to: path) } catch {
            Posix.removeFile(temporaryPath)
            throw FileError(error, "cannot rename into place")
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(bytes)
        try writer.commit()
    }
}

/// Small file-system queries and changes.
public enum FileSystem {
    public static func isDirectory(_ path: String) -> Bool {
        guard let info = try? Posix.status(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool { (try? Posix.status(path)) != nil }

    public static func fileSize(_ path: String) -> Int? { (try? Posix.status(path)).map { Int($0.st_size) } }

    /// The file's modification time in whole seconds since 1970 (nil when it cannot be read).
    public static func modificationSeconds(_ path: String) -> Int? {
        (try? Posix.status(path)).map { Int($0.st_mtim.tv_sec) }
    }

    /// Creates `path` and its parents.
    public static func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            do throws(SystemCallError) { try Posix.makeDirectory(prefix) } catch {
                if error.code != EEXIST { throw FileError(error, "cannot create directory") }
            }
        }
        guard isDirectory(path) else { throw FileError(path: path, reason: "exists and is not a directory") }
    }

    /// Names in a directory, sorted bytewise (so every listing is in the same order on every machine).
    public static func contents(of path: String) throws -> [String] {
        let names = try FileError.doing("cannot list") { try Posix.directoryEntries(path) }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// All regular files under `path`, recursively, sorted bytewise by path.
    public static func files(under path: String) throws -> [String] {
        var result: [String] = []
        for name in try contents(of: path) where !name.hasPrefix(".") {
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if isDirectory(full) { result += try files(under: full) } else { result.append(full) }
        }
        return result
    }

    /// Creates a new file named `prefix` plus a random suffix, exclusively (`O_EXCL`) and never through a
    /// symbolic link (`O_NOFOLLOW`), as mkstemp does but with the usual 0644 mode. Returns its path and descriptor.
    /// `target` names the file in errors.
    public static func createExclusiveFile(prefix: String, for target: String) throws -> (String, Int32) {
        for _ in 0..<100 {
            let path = prefix + randomSuffix()
            do throws(SystemCallError) {
                return (path, try Posix.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: 0o644))
            } catch {
                if error.code != EEXIST { throw FileError(error, "cannot create", path: target) }
            }
        }
        throw FileError(path: target, reason: "cannot create a temporary file beside it: every name tried exists")
    }

    /// Creates a new, empty directory named `prefix` plus a random suffix with mkdtemp(3): exclusively, never
    /// through a symbolic link, readable only by its owner (mode 0700). Returns its path.
    public static func createExclusiveDirectory(prefix: String) throws -> String {
        try FileError.doing("cannot create a temporary directory") { try Posix.makeTemporaryDirectory(prefix: prefix) }
    }

    private static func randomSuffix() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<10).map { _ in letters.randomElement()! })
    }

    public static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}

extension FileSystem {
    /// Removes `path` and everything under it; symlinks are removed, never followed. Nothing there is no error.
    /// Renames `from` to `to` (replacing an empty folder or a file there), with the reason when it cannot.
    public static func rename(_ from: String, to: String) throws {
        do throws(SystemCallError) { try Posix.rename(from, to: to) } catch { throw FileError(error, "cannot move \(from) into place") }
    }

    public static func removeTree(_ path: String) throws {
        guard (try? Posix.linkStatus(path)) != nil else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw FileError(path: path, reason: "cannot remove: \(error.localizedDescription)")
        }
    }

    /// Flushes a folder's entries (a rename into it) to disk; best effort, as not every file system allows it.
    public static func syncDirectory(_ path: String) {
        guard let descriptor = try? Posix.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) else { return }
        try? Posix.fsync(descriptor, path: path)
        try? Posix.close(descriptor, path: path)
    }
}
