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
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }

    static func errno(_ path: String, _ doing: String) -> FileError {
        FileError(path: path, reason: "\(doing): \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Reads a file in chunks with POSIX calls (no whole-file loading).
public final class FileReader {
    public let path: String
    private let descriptor: Int32

    public init(path: String) throws {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileError.errno(path, "cannot open") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, reason: "is a directory, not a file") }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError.errno(path, "cannot open") }
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if Glibc.errno == EINTR { continue }
            throw FileError.errno(path, "read failed")
        }
    }

    /// Fills `buffer` from `offset` (pread); a file that ends first is an error.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "read failed")
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
            close(descriptor)
            unlink(temporaryPath)
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
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "write failed")
            }
            offset += n
        }
    }

    /// Syncs and renames the file into place.
    public func commit() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw FileError.errno(path, "fsync failed") }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw FileError.errno(path, "cannot rename into place")
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
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// The file's modification time in whole seconds since 1970 (nil when it cannot be read).
    public static func modificationSeconds(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mtim.tv_sec) : nil
    }

    /// Creates `path` and its parents.
    public static func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && Glibc.errno != EEXIST { throw FileError.errno(prefix, "cannot create directory") }
        }
        guard isDirectory(path) else { throw FileError(path: path, reason: "exists and is not a directory") }
    }

    /// Names in a directory, sorted bytewise (so every listing is in the same order on every machine).
    public static func contents(of path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw FileError.errno(path, "cannot list") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
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
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (path, descriptor) }
            if Glibc.errno != EEXIST { throw FileError.errno(target, "cannot create") }
        }
        throw FileError(path: target, reason: "cannot create a temporary file beside it: every name tried exists")
    }

    /// Creates a new, empty directory named `prefix` plus a random suffix with mkdtemp(3): exclusively, never
    /// through a symbolic link, readable only by its owner (mode 0700). Returns its path.
    public static func createExclusiveDirectory(prefix: String) throws -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw FileError.errno(prefix + "XXXXXX", "cannot create a temporary directory")
        }
        return String(cString: template)
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
        guard Glibc.rename(from, to) == 0 else { throw FileError.errno(to, "cannot move \(from) into place") }
    }

    public static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw FileError(path: path, reason: "cannot remove: \(error.localizedDescription)")
        }
    }

    /// Flushes a folder's entries (a rename into it) to disk; best effort, as not every file system allows it.
    public static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
