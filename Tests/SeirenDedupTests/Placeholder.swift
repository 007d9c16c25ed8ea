import XCTest
final class PlaceholderDedupTests: XCTestCase { func testNothing() {} }
