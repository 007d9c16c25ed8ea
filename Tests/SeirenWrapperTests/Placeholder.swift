import XCTest
final class PlaceholderSeirenWrapperTests: XCTestCase { func testNothing() {} }
