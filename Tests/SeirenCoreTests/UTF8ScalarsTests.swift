import SeirenCore
import XCTest

/// The one hand-written UTF-8 encoder and decoder every stage uses agree with the standard library on every Unicode
/// scalar, and leave out values that are no scalar, as `Unicode.Scalar(_:)` refuses them.
final class UTF8ScalarsTests: XCTestCase {
    func testEveryScalarEncodesAndDecodesAsTheStandardLibraryDoes() {
        var bytes: [UInt8] = []
        var out = [UInt8](repeating: 0, count: 4)
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = Array(String(scalar).utf8)
            bytes.removeAll(keepingCapacity: true)
            UTF8Scalars.append(value, to: &bytes)
            if bytes != expected { return XCTFail("U+\(String(value, radix: 16)) encodes as \(bytes), not \(expected)") }
            XCTAssertEqual(UTF8Scalars.length(of: value), expected.count)
            let written = out.withUnsafeMutableBufferPointer { UTF8Scalars.write(value, to: $0.baseAddress!) }
            XCTAssertEqual(Array(out[0..<written]), expected)
            let decoded = expected.withUnsafeBufferPointer { UTF8Scalars.scalar($0, at: 0) }
            if decoded.value != value || decoded.length != expected.count {
                return XCTFail("U+\(String(value, radix: 16)) decodes as \(decoded)")
            }
        }
    }

    func testValuesThatAreNoScalarAreLeftOut() {
        for value: UInt32 in [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFF_FFFF] {
            XCTAssertEqual(UTF8Scalars.encode([0x41, value, 0x42]), [0x41, 0x42], "U+\(String(value, radix: 16))")
            XCTAssertEqual(UTF8Scalars.length(of: value), 0)
        }
    }

    func testATextDecodesToItsScalarsAndBack() {
        var text = "a é 日本語 🎌 ｶﾞ\u{0}"
        var scalars: [UInt32] = [99]
        text.withUTF8 { UTF8Scalars.decode($0, into: &scalars) }
        XCTAssertEqual(scalars, text.unicodeScalars.map(\.value))
        XCTAssertEqual(UTF8Scalars.encode(scalars), Array(text.utf8))
    }
}
