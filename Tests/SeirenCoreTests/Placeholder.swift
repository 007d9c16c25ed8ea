import XCTest
final class PlaceholderSeirenCoreTests: XCTestCase { func testNothing() {} }
