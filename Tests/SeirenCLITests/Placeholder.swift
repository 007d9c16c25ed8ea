import XCTest
final class PlaceholderSeirenCLITests: XCTestCase { func testNothing() {} }
