import Crypto
import Foundation

/// Lowercase hexadecimal, and SHA-256 digests in that form.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func sha256(_ bytes: some DataProtocol) -> String { string(SHA256.hash(data: bytes)) }

    public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }

    /// The SHA-256 of a file, read in chunks.
    public static func sha256(file path: String) throws -> String {
        let reader = try FileReader(path: path)
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return string(hasher.finalize())
    }
}
