import Foundation
import SeirenCore
import XCTest

/// A folder of JSON Lines files given as a dataset is read without ever leaving it: a link to a file outside, a
/// link loop or a dangling link stops the reading with its reason before anything is read; a link inside is read.
final class DatasetLinkTests: XCTestCase {
    func testLinksLeadingOutOfADatasetFolderAreRefusedWithTheReason() throws {
        let root = try temporaryDirectory(self)
        let folder = root + "/data"
        try FileSystem.createDirectory(folder)
        try Data(#"{"id":"a","text":"本文"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/a.jsonl"))
        try Data(#"{"id":"secret","text":"外の文書"}"#.utf8).write(to: URL(fileURLWithPath: root + "/outside.jsonl"))
        XCTAssertEqual(symlink(folder + "/a.jsonl", folder + "/inside-link.jsonl"), 0)
        XCTAssertEqual(try DatasetLocator.files(for: folder).map(FileSystem.lastComponent), ["a.jsonl", "inside-link.jsonl"])

        for (name, target, reason) in [("out.jsonl", root + "/outside.jsonl", "symbolic link to a path outside the input"),
                                       ("dangling.jsonl", root + "/nothing.jsonl", "dangling symbolic link"),
                                       ("loop.jsonl", folder + "/loop.jsonl", "symbolic link loop")] {
            XCTAssertEqual(symlink(target, folder + "/" + name), 0)
            XCTAssertThrowsError(try DatasetLocator.files(for: folder), name) { error in
                XCTAssertTrue("\(error)".contains(folder + "/" + name + ": " + reason), "\(error)")
            }
            unlink(folder + "/" + name)
        }
    }
}
