import XCTest
final class PlaceholderFilterTests: XCTestCase { func testNothing() {} }
