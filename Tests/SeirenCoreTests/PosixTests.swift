import Foundation
import SeirenCore
import XCTest

/// System calls go through one layer: a failure names the call, the path and errno, and what the caller was doing
/// reads as it always did.
final class PosixTests: XCTestCase {
    var work = ""

    override func setUpWithError() throws {
        work = try FileSystem.createExclusiveDirectory(prefix: NSTemporaryDirectory() + "seiren-posix-")
    }

    override func tearDownWithError() throws { try? FileSystem.removeTree(work) }

    /// The peak is this process's own (VmHWM), which a spawned process does not inherit from its parent: it must be
    /// read, not fall back to getrusage.
    func testPeakMemoryIsTheProcessesOwnHighWaterMark() throws {
        let peak = try XCTUnwrap(Posix.statusKilobytes("VmHWM:"), "VmHWM not read from /proc/self/status")
        XCTAssertGreaterThan(peak, 1000)
        XCTAssertEqual(PeakMemory.bytes() / 1024, peak, accuracy: 4096)
    }

    func testAFailedCallNamesTheCallThePathAndErrno() throws {
        let missing = work + "/missing.txt"
        XCTAssertThrowsError(try Posix.open(missing, O_RDONLY)) { error in
            let failure = error as? SystemCallError
            XCTAssertEqual(failure?.call, "open")
            XCTAssertEqual(failure?.path, missing)
            XCTAssertEqual(failure?.code, ENOENT)
        }
        XCTAssertThrowsError(try FileReader(path: missing)) { error in
            let failure = error as? FileError
            XCTAssertEqual(failure?.code, ENOENT)
            XCTAssertEqual(failure?.description, "\(missing): cannot open: No such file or directory")
        }
        XCTAssertThrowsError(try FileSystem.rename(missing, to: work + "/b")) { error in
            XCTAssertEqual((error as? FileError)?.description,
                           "\(work)/b: cannot move \(missing) into place: No such file or directory")
        }
    }

    func testWrittenBytesReadBackWholeAndFromAnOffset() throws {
        let path = work + "/data.bin"
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let descriptor = try Posix.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
        try bytes.withUnsafeBytes { try Posix.writeAll(descriptor, $0, path: path) }
        try Posix.fsync(descriptor, path: path)
        try Posix.close(descriptor, path: path)
        XCTAssertEqual(try Posix.status(path).st_size, off_t(bytes.count))
        XCTAssertEqual(try FileReader.readAll(path), bytes)
        var tail = [UInt8](repeating: 0, count: 100)
        try tail.withUnsafeMutableBytes { try FileReader(path: path).read(at: bytes.count - 100, into: $0) }
        XCTAssertEqual(tail, Array(bytes.suffix(100)))
        XCTAssertEqual(try Posix.directoryEntries(work), ["data.bin"])
    }

    func testLinksAreSeenAsLinksAndResolved() throws {
        try FileSystem.createDirectory(work + "/folder")
        XCTAssertEqual(symlink(work + "/folder", work + "/link"), 0)
        XCTAssertEqual(try Posix.linkStatus(work + "/link").st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(try Posix.status(work + "/link").st_mode & S_IFMT, S_IFDIR)
        XCTAssertEqual(try Posix.realPath(work + "/link"), try Posix.realPath(work + "/folder"))
        XCTAssertEqual(symlink(work + "/loop", work + "/loop"), 0)
        XCTAssertThrowsError(try Posix.realPath(work + "/loop")) { XCTAssertEqual(($0 as? SystemCallError)?.code, ELOOP) }
    }

    func testOpenFileLimitIsRaisedUpToTheHardLimit() {
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        let hard = limit.rlim_max == rlim_t.max ? Int.max : Int(limit.rlim_max)
        let soft = Int(limit.rlim_cur)
        defer { limit.rlim_cur = rlim_t(soft); setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) }
        // Lower the soft limit first, so that raising it is seen.
        var lowered = limit
        lowered.rlim_cur = rlim_t(min(soft, 256))
        XCTAssertEqual(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered), 0)
        let wanted = min(hard, 1000)
        XCTAssertEqual(Posix.allowOpenFiles(wanted), wanted)
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        XCTAssertEqual(Int(limit.rlim_cur), wanted)
        // Never past the hard limit, and never lowered.
        XCTAssertEqual(Posix.allowOpenFiles(10), wanted)
        if hard < Int.max { XCTAssertEqual(Posix.allowOpenFiles(hard + 1), hard) }
    }

    func testTheProcessCountsItsMemoryAndTime() {
        XCTAssertGreaterThan(Posix.peakResidentBytes(), 1 << 20)
        XCTAssertGreaterThan(Posix.processCPUSeconds(), 0)
        XCTAssertNotNil(Posix.libraryFunction("malloc_trim"))
    }
}
