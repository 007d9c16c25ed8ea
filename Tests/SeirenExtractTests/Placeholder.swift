import XCTest
final class PlaceholderExtractTests: XCTestCase { func testNothing() {} }
