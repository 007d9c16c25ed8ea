import Foundation
import SeirenCore
import XCTest

/// Temporary files and folders are created exclusively under unpredictable names, never through a link: whatever
/// is planted beside an output cannot redirect a write.
final class AtomicFileWriterTests: XCTestCase {
    var work = ""

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "seiren-atomic-\(UUID().uuidString)"
        try FileSystem.createDirectory(work)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: work) }

    func testALinkPlantedAtTheOldTemporaryNameRedirectsNothing() throws {
        let victim = work + "/victim.txt"
        try AtomicFileWriter.write(Array("original".utf8), to: victim)
        // The name the temporary file used to have: `.NAME.tmp-PID`, which anyone could predict.
        XCTAssertEqual(symlink(victim, work + "/.out.json.tmp-\(getpid())"), 0)
        try AtomicFileWriter.write(Array("{\"new\":true}".utf8), to: work + "/out.json")
        XCTAssertEqual(String(decoding: try FileReader.readAll(victim), as: UTF8.self), "original")
        var info = stat()
        XCTAssertEqual(lstat(work + "/out.json", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG, "the output is a regular file, not the planted link")
        XCTAssertEqual(String(decoding: try FileReader.readAll(work + "/out.json"), as: UTF8.self), "{\"new\":true}")
    }

    func testTemporaryNamesAreUnpredictableAndCreatedExclusively() throws {
        let first = try AtomicFileWriter(path: work + "/a.bin")
        let second = try AtomicFileWriter(path: work + "/a.bin")
        XCTAssertNotEqual(first.temporaryPath, second.temporaryPath)
        XCTAssertTrue(first.temporaryPath.hasPrefix(work + "/.a.bin.tmp-"))
        let prefix = work + "/.b.tmp-"
        let (path, descriptor) = try FileSystem.createExclusiveFile(prefix: prefix, for: work + "/b")
        close(descriptor)
        XCTAssertTrue(path.hasPrefix(prefix))
        let directory = try FileSystem.createExclusiveDirectory(prefix: work + "/staging-")
        var info = stat()
        XCTAssertEqual(lstat(directory, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFDIR)
        XCTAssertEqual(info.st_mode & 0o777, 0o700, "only its owner may look inside")
        XCTAssertEqual(try FileSystem.contents(of: directory), [])
    }
}
