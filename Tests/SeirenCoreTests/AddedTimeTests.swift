import SeirenCore
import XCTest

final class AddedTimeTests: XCTestCase {
    func testSourceDateEpochFixesAdded() {
        XCTAssertEqual(AddedTime.default(environment: ["SOURCE_DATE_EPOCH": "1700000000"]), "2023-11-14T22:13:20Z")
        XCTAssertTrue(AddedTime.isValid(AddedTime.default(environment: [:])))
        XCTAssertFalse(AddedTime.isValid("yesterday"))
    }

    func testByteSizes() {
        XCTAssertEqual(ByteSize.text(512), "512 B")
        XCTAssertEqual(ByteSize.text(2_300), "2.3 kB")
        XCTAssertEqual(ByteSize.text(8_100_000), "8.1 MB")
    }
}
