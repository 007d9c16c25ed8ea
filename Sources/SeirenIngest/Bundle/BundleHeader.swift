import Crypto
import Foundation
import SeirenCore

/// The readable part of a bundle: who sent it, to whom, under what terms, and how the payload is protected.
/// Anyone can read it; it names no input file and holds no document text.
public struct BundleHeader: Equatable {
    public enum Protection: String, Sendable {
        /// HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305.
        case hpke = "hpke-x25519-sha256-chacha20poly1305"
        /// Signed only, for --visibility public.
        case none
    }

    public var protection: Protection
    /// The recipient's key id and the HPKE encapsulated key (both nil when not encrypted).
    public var recipientKeyID: String?
    public var encapsulatedKey: [UInt8]?
    public var contributor: String
    /// The contributor's raw Ed25519 public key.
    public var signingKey: [UInt8]
    public var license: String
    public var visibility: String
    public var chunkBytes: Int
    /// SHA-256 of the plaintext payload (the archive), so a contributor can check a bundle against the dataset
    /// directory it was made from.
    public var payloadSHA256: String
    public var toolVersion: String

    public init(protection: Protection, recipientKeyID: String? = nil, encapsulatedKey: [UInt8]? = nil,
                contributor: String, signingKey: [UInt8], license: String, visibility: String, chunkBytes: Int,
                payloadSHA256: String, toolVersion: String = Seiren.version) {
        self.protection = protection
        self.recipientKeyID = recipientKeyID
        self.encapsulatedKey = encapsulatedKey
        self.contributor = contributor
        self.signingKey = signingKey
        self.license = license
        self.visibility = visibility
        self.chunkBytes = chunkBytes
        self.payloadSHA256 = payloadSHA256
        self.toolVersion = toolVersion
    }

    public var signingKeyID: String { KeyFiles.keyID(signingKey, algorithm: "ed25519") }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("format", .string(BundleFormat.headerFormat)), ("format_version", 1),
            ("protection", .string(protection.rawValue)),
        ]
        if let recipientKeyID, let encapsulatedKey {
            pairs.append(("recipient_key_id", .string(recipientKeyID)))
            pairs.append(("encapsulated_key", .string(Base64.encode(encapsulatedKey))))
        }
        pairs += [
            ("contributor", .string(contributor)),
            ("contributor_key", .string(Base64.encode(signingKey))),
            ("contributor_key_id", .string(signingKeyID)),
            ("license", .string(license)), ("visibility", .string(visibility)),
            ("chunk_bytes", .int(chunkBytes)),
            ("payload", .string(ArchiveFormat.name)), ("payload_sha256", .string(payloadSHA256)),
            ("tool", .object([("name", "seiren"), ("version", .string(toolVersion))])),
        ]
        return .object(pairs)
    }

    init(json: JSONValue, path: String) throws {
        func bad(_ what: String) -> BundleError { BundleError(path, .notABundle, "header: \(what)") }
        func string(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else { throw bad("no '\(key)'") }
            return value
        }
        guard json["format"]?.stringValue == BundleFormat.headerFormat else { throw bad("'format' is not \(BundleFormat.headerFormat)") }
        guard let protection = Protection(rawValue: try string("protection")) else {
            throw BundleError(path, .unsupported, "unknown protection '\(try string("protection"))'")
        }
        self.protection = protection
        if protection == .hpke {
            recipientKeyID = try string("recipient_key_id")
            guard let key = Data(base64Encoded: try string("encapsulated_key")) else { throw bad("encapsulated_key is not base64") }
            encapsulatedKey = Array(key)
        }
        contributor = try string("contributor")
        guard let key = Data(base64Encoded: try string("contributor_key")), key.count == 32 else {
            throw bad("contributor_key is not a 32-byte base64 key")
        }
        signingKey = Array(key)
        license = try string("license")
        visibility = try string("visibility")
        guard let chunk = json["chunk_bytes"]?.intValue, (1...BundleFormat.maxChunkBytes).contains(chunk) else {
            throw bad("chunk_bytes missing or above \(BundleFormat.maxChunkBytes)")
        }
        chunkBytes = chunk
        guard try string("payload") == ArchiveFormat.name else { throw BundleError(path, .unsupported, "unknown payload format") }
        payloadSHA256 = try string("payload_sha256")
        toolVersion = json["tool"]?["version"]?.stringValue ?? ""
    }
}

/// The container layout (see docs/ingest.md):
///
///     magic "SEIRENB\n" (8 bytes) | version u32 = 1 | header length u32 | header JSON (UTF-8)
///     frames: flags u8 (bit 0 = final) | length u32 | bytes      (HPKE ciphertext or plaintext chunk)
///     trailer: signature length u32 = 64 | Ed25519 signature
///
/// Integers are big-endian. The signature is over `"seiren-bundle-signature-v1\0"` followed by the SHA-256 of every
/// byte before the trailer, so it covers the header and all ciphertext. Each encrypted chunk is sealed in one HPKE
/// context (its sequence number orders the chunks) with associated data `SHA-256(header JSON) | index u64 | final
/// u8`, so no chunk can be moved, dropped, or marked final without failing to open.
public enum BundleFormat {
    public static let magic: [UInt8] = Array("SEIRENB\n".utf8)
    public static let version: UInt32 = 1
    public static let headerFormat = "seiren-bundle"
    public static let maxHeaderBytes = 1 << 20
    public static let maxChunkBytes = 64 << 20
    public static let defaultChunkBytes = 1 << 20
    /// Room for the AEAD tag (16 bytes for ChaCha20-Poly1305) and slack.
    public static let frameOverhead = 64
    public static let hpkeInfo = Data("seiren-bundle v1".utf8)
    public static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let signatureDomain: [UInt8] = Array("seiren-bundle-signature-v1".utf8) + [0]
    static let finalFlag: UInt8 = 1

    static func signedMessage(_ digest: SHA256.Digest) -> [UInt8] { signatureDomain + Array(digest) }

    static func associatedData(headerDigest: [UInt8], index: UInt64, final: Bool) -> [UInt8] {
        headerDigest + BigEndian.bytes(index) + [final ? finalFlag : 0]
    }
}

enum BigEndian {
    static func bytes(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    static func bytes(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
    static func bytes(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
    static func uint32(_ b: some Collection<UInt8>) -> UInt32 { b.reduce(0) { $0 << 8 | UInt32($1) } }
    static func uint64(_ b: some Collection<UInt8>) -> UInt64 { b.reduce(0) { $0 << 8 | UInt64($1) } }
}
