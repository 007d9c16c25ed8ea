@testable import SeirenPipeline
import XCTest

/// How tasks become `--array` specs: runs as ranges, and arrays split so no index reaches MaxArraySize.
final class SlurmArrayTests: XCTestCase {
    func testIndicesAreWrittenAsRanges() {
        XCTAssertEqual(SlurmSubmission.ranges([0, 1, 2, 3, 5, 7, 8, 9]), "0-3,5,7-9")
        XCTAssertEqual(SlurmSubmission.ranges([4]), "4")
    }

    func testTasksPastMaxArraySizeGoToArraysWithOffsets() {
        let arrays = SlurmSubmission.split([1, 2, 1000, 1001, 2500], at: 1001)
        XCTAssertEqual(arrays.map(\.offset), [0, 1001, 2002])
        XCTAssertEqual(arrays.map(\.indices), [[1, 2, 1000], [0], [498]])
        XCTAssertEqual(SlurmSubmission.split([1001], at: 1001).map(\.offset), [1001])
    }
}
