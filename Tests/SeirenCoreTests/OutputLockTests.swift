import Foundation
import SeirenCore
import XCTest

/// The lock beside an output: taken even where the output's folder does not exist yet (`seiren run` into
/// `out/NAME` on a fresh checkout), and refused to a second holder.
final class OutputLockTests: XCTestCase {
    func testLockBesideAnOutputWhoseFolderIsMissing() throws {
        let work = try temporaryDirectory(self)
        let output = work + "/not-yet/made/out"
        let lock = try OutputLock(beside: output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/not-yet/made/.out.lock"))
        XCTAssertThrowsError(try OutputLock(beside: output))
        lock.release()
        XCTAssertNoThrow(try OutputLock(beside: output).release())
    }
}
