import XCTest
final class PlaceholderSegmentTests: XCTestCase { func testNothing() {} }
