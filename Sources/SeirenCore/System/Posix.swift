#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call that failed: which call, on which path (or what it was about), and errno.
public struct SystemCallError: Error, CustomStringConvertible {
    public var call: String
    public var path: String
    public var code: Int32

    /// Takes errno as the failed call left it.
    public init(_ call: String, _ path: String, code: Int32 = Posix.errno) {
        self.call = call
        self.path = path
        self.code = code
    }

    /// The system's words for `code` (strerror).
    public var reason: String { String(cString: strerror(code)) }
    public var description: String { "\(path): \(call): \(reason)" }
}

/// The system calls Seiren makes, in one place (as swift-nio's `System.swift`): each a thin wrapper that retries
/// when a signal interrupts it (EINTR) and turns a failure into a `SystemCallError` naming the call, the path and
/// errno. The rest of the code never reads errno or loops on EINTR itself.
public enum Posix {
    public static var errno: Int32 {
        #if canImport(Glibc)
        Glibc.errno
        #else
        Darwin.errno
        #endif
    }

    @inline(__always)
    private static func retrying<T: BinaryInteger>(_ call: String, _ path: String, _ body: () -> T) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw SystemCallError(call, path)
        }
    }

    // MARK: Files

    /// open(2); returns the descriptor.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("open", path) {
            #if canImport(Glibc)
            Glibc.open(path, flags, mode)
            #else
            Darwin.open(path, flags, mode)
            #endif
        }
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is gone either way.
    public static func close(_ descriptor: Int32, path: String) throws(SystemCallError) {
        #if canImport(Glibc)
        let result = Glibc.close(descriptor)
        #else
        let result = Darwin.close(descriptor)
        #endif
        if result != 0 { throw SystemCallError("close", path) }
    }

    /// read(2): up to `buffer.count` bytes, 0 at end of file.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String)
        throws(SystemCallError) -> Int {
        try retrying("read", path) {
            #if canImport(Glibc)
            Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
        }
    }

    /// pread(2): up to `buffer.count` bytes from `offset`, 0 at end of file.
    public static func read(_ descriptor: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer,
                            path: String) throws(SystemCallError) -> Int {
        try retrying("pread", path) { pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// write(2) until every byte is written (a write that takes nothing is an I/O error, not a reason to spin).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = try retrying("write", path) {
                #if canImport(Glibc)
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #else
                Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #endif
            }
            if written == 0 { throw SystemCallError("write", path, code: EIO) }
            offset += written
        }
    }

    /// fsync(2).
    public static func fsync(_ descriptor: Int32, path: String) throws(SystemCallError) {
        _ = try retrying("fsync", path) {
            #if canImport(Glibc)
            Glibc.fsync(descriptor)
            #else
            Darwin.fsync(descriptor)
            #endif
        }
    }

    /// rename(2); the error names the destination.
    public static func rename(_ from: String, to: String) throws(SystemCallError) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw SystemCallError("rename", to) }
    }

    /// unlink(2), for clean-up: a file already gone is no error, and nothing else is reported either.
    public static func removeFile(_ path: String) {
        #if canImport(Glibc)
        _ = Glibc.unlink(path)
        #else
        _ = Darwin.unlink(path)
        #endif
    }

    /// stat(2), following symbolic links.
    public static func status(_ path: String) throws(SystemCallError) -> stat {
        var info = stat()
        if stat(path, &info) != 0 { throw SystemCallError("stat", path) }
        return info
    }

    /// lstat(2): a symbolic link itself, not what it points to.
    public static func linkStatus(_ path: String) throws(SystemCallError) -> stat {
        var info = stat()
        if lstat(path, &info) != 0 { throw SystemCallError("lstat", path) }
        return info
    }

    /// fstat(2): the file an open descriptor refers to.
    public static func status(descriptor: Int32, path: String) throws(SystemCallError) -> stat {
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw SystemCallError("fstat", path) }
        return info
    }

    /// flock(2) with LOCK_EX | LOCK_NB: an exclusive lock taken without waiting (EWOULDBLOCK when another holds it).
    public static func lockExclusively(_ descriptor: Int32, path: String) throws(SystemCallError) {
        _ = try retrying("flock", path) { flock(descriptor, LOCK_EX | LOCK_NB) }
    }

    /// chmod(2), or fchmod(2) on an open descriptor.
    public static func setMode(_ mode: mode_t, path: String, descriptor: Int32? = nil) throws(SystemCallError) {
        let result = descriptor.map { fchmod($0, mode) } ?? chmod(path, mode)
        if result != 0 { throw SystemCallError(descriptor == nil ? "chmod" : "fchmod", path) }
    }

    /// mkdir(2) of one folder.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(SystemCallError) {
        if mkdir(path, mode) != 0 { throw SystemCallError("mkdir", path) }
    }

    /// rmdir(2): removes an empty folder.
    public static func removeDirectory(_ path: String) throws(SystemCallError) {
        if rmdir(path) != 0 { throw SystemCallError("rmdir", path) }
    }

    /// mkdtemp(3): a new folder named `prefix` plus six random characters, made exclusively, never through a
    /// symbolic link, mode 0700. Returns its path.
    public static func makeTemporaryDirectory(prefix: String) throws(SystemCallError) -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SystemCallError("mkdtemp", prefix + "XXXXXX")
        }
        return String(cString: template)
    }

    /// The names in a folder (opendir/readdir), without `.` and `..`, in the order the file system gives.
    public static func directoryEntries(_ path: String) throws(SystemCallError) -> [String] {
        guard let directory = opendir(path) else { throw SystemCallError("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// realpath(3): the absolute path with every `.`, `..` and symbolic link resolved.
    public static func realPath(_ path: String) throws(SystemCallError) -> String {
        guard let resolved = realpath(path, nil) else { throw SystemCallError("realpath", path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: The process

    /// isatty(3).
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    public static var processID: Int32 { getpid() }

    /// Peak resident memory of this process in bytes (getrusage; Linux reports kilobytes).
    public static func peakResidentBytes() -> Int {
        #if os(Linux)
        // VmHWM, the peak of this process's own memory map. getrusage's ru_maxrss is not: a process started by
        // posix_spawn (as Foundation's Process does) inherits at exec the peak of the parent it shared memory
        // with, so a task started by a coordinator that had trained a vocabulary reported the coordinator's peak.
        // The kernel updates VmHWM lazily: the current size may be past it for a moment.
        if let peak = statusKilobytes("VmHWM:") { return max(peak, statusKilobytes("VmRSS:") ?? 0) * 1024 }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
        #else
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #endif
    }

    /// A `kB` field of /proc/self/status (`VmHWM:`, `VmRSS:`), nil where it cannot be read.
    public static func statusKilobytes(_ field: String) -> Int? {
        guard let descriptor = try? open("/proc/self/status", O_RDONLY | O_CLOEXEC) else { return nil }
        defer { try? close(descriptor, path: "/proc/self/status") }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let count = bytes.withUnsafeMutableBytes { (try? read(descriptor, into: $0, path: "/proc/self/status")) ?? 0 }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return nil }
        // `VmHWM:\t  833268 kB`: a tab, then spaces.
        return Int(line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }

    /// Raises this process's soft limit of open files to at least `count`, as far as the hard limit allows (a merge
    /// of sorted files holds one open a part, and parts may be thousands). Returns the soft limit now in force.
    @discardableResult
    public static func allowOpenFiles(_ count: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < rlim_t(count) {
            var raised = limit
            raised.rlim_cur = min(rlim_t(count), limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(limit.rlim_cur)
    }

    public static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A function of the C library looked up at run time (dlsym), for one Swift's module does not declare.
    public static func libraryFunction(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }
}
