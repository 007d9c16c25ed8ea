import XCTest
final class PlaceholderNormalizeTests: XCTestCase { func testNothing() {} }
