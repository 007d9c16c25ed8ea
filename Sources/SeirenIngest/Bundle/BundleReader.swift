import Crypto
import Foundation
import SeirenCore

/// Reads a bundle: `verify` checks its structure and signature without any private key; `open` also decrypts
/// and unpacks it. Both read the file as a stream of frames, never whole.
public final class BundleReader {
    public let path: String
    public let header: BundleHeader
    private let headerBytes: [UInt8]

    /// What `verify` found.
    public struct Verification {
        public var header: BundleHeader
        public var chunks: Int
        /// Bytes of the file.
        public var bytes: Int
        /// The archive entries, for public (unencrypted) bundles; nil when encrypted.
        public var entries: [ArchiveUnpacker.Entry]?
    }

    public init(path: String) throws {
        self.path = path
        let input = try ExactReader(path: path)
        let (header, headerBytes) = try Self.readPrologue(input, path: path)
        self.header = header
        self.headerBytes = headerBytes
    }

    private static func readPrologue(_ input: ExactReader, path: String) throws -> (BundleHeader, [UInt8]) {
        guard let magic = try input.read(8), magic == BundleFormat.magic else {
            throw BundleError(path, .notABundle, "not a Seiren bundle (wrong magic bytes)")
        }
        guard let version = try input.read(4) else { throw BundleError(path, .truncated, "truncated: ends inside the prologue") }
        guard BigEndian.uint32(version) == BundleFormat.version else {
            throw BundleError(path, .unsupported, "bundle format version \(BigEndian.uint32(version)) is not supported (this seiren reads version \(BundleFormat.version))")
        }
        guard let lengthBytes = try input.read(4) else { throw BundleError(path, .truncated, "truncated: ends inside the prologue") }
        let length = Int(BigEndian.uint32(lengthBytes))
        guard length <= BundleFormat.maxHeaderBytes else {
            throw BundleError(path, .notABundle, "header length \(length) is implausible: the bundle is damaged")
        }
        guard let headerBytes = try input.read(length) else { throw BundleError(path, .truncated, "truncated: ends inside the header") }
        let json: JSONValue
        do { json = try JSONParser.parse(headerBytes) } catch {
            throw BundleError(path, .modified, "the header is not valid JSON: the bundle is damaged or was modified")
        }
        return (try BundleHeader(json: json, path: path), headerBytes)
    }

    /// Checks the frames and the signature. With `contributor`, the bundle must be signed by that key; without,
    /// the signature is checked against the key the header names (which proves integrity, not identity).
    public func verify(contributor: Curve25519.Signing.PublicKey? = nil) throws -> Verification {
        var entries: ArchiveUnpacker?
        var hasher = SHA256()
        if header.protection == .none { entries = ArchiveUnpacker(destination: nil, label: path) }
        let (chunks, bytes) = try walk(contributor: contributor) { _, body, _ in
            if let entries {
                hasher.update(data: body)
                try entries.feed(body)
            }
        }
        if let entries {
            try entries.finish()
            try checkPayloadDigest(hasher)
        }
        return Verification(header: header, chunks: chunks, bytes: bytes, entries: entries?.entries)
    }

    /// Verifies the whole bundle, then decrypts it (with `keys` when it is encrypted) into `directory`, which must
    /// not exist or be empty. Files appear there only when everything checked out.
    @discardableResult
    public func open(keys: PrivateKeys?, contributor: Curve25519.Signing.PublicKey? = nil,
                     into directory: String) throws -> [ArchiveUnpacker.Entry] {
        // First pass: structure and signature, so a modified bundle is refused before anything is decrypted.
        _ = try walk(contributor: contributor) { _, _, _ in }
        var recipient: HPKE.Recipient?
        if header.protection == .hpke {
            guard let keys else {
                throw BundleError(path, .wrongRecipient, "the bundle is encrypted: give the recipient's private key (--key)")
            }
            let mine = keys.publicKeys.recipientID
            guard header.recipientKeyID == mine else {
                throw BundleError(path, .wrongRecipient, "the bundle is addressed to recipient key \(header.recipientKeyID ?? "?"), not to this key (\(mine))")
            }
            do {
                recipient = try HPKE.Recipient(privateKey: keys.recipient, ciphersuite: BundleFormat.ciphersuite,
                                               info: BundleFormat.hpkeInfo, encapsulatedKey: Data(header.encapsulatedKey ?? []))
            } catch {
                throw BundleError(path, .modified, "the encapsulated key in the header is invalid: the bundle was modified")
            }
        }

        let target = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        if FileSystem.exists(target) {
            guard FileSystem.isDirectory(target), try FileSystem.contents(of: target).isEmpty else {
                throw BundleError(target, .output, "exists and is not an empty directory; choose a new output directory")
            }
        }
        // Created by mkdtemp: a name planted beside the target (a link to elsewhere) cannot receive the plaintext.
        let staging = try FileSystem.createExclusiveDirectory(prefix: target + ".partial-")
        var moved = false
        defer { if !moved { try? FileManager.default.removeItem(atPath: staging) } }

        let unpacker = ArchiveUnpacker(destination: staging, label: path)
        let headerDigest = Array(SHA256.hash(data: headerBytes))
        var hasher = SHA256()
        _ = try walk(contributor: contributor) { index, body, final in
            var plain = body
            if recipient != nil {
                let aad = BundleFormat.associatedData(headerDigest: headerDigest, index: UInt64(index), final: final)
                do {
                    plain = Array(try recipient!.open(body, authenticating: aad))
                } catch {
                    throw BundleError(path, .modified, "chunk \(index) does not decrypt: the bundle was modified or not made for this key")
                }
            }
            hasher.update(data: plain)
            try unpacker.feed(plain)
        }
        try unpacker.finish()
        try checkPayloadDigest(hasher)
        if FileSystem.exists(target) { try? Posix.removeDirectory(target) }
        do throws(SystemCallError) { try Posix.rename(staging, to: target) } catch {
            throw BundleError(target, .output, "cannot move the unpacked files into place: \(error.reason)")
        }
        moved = true
        return unpacker.entries
    }

    private func checkPayloadDigest(_ hasher: SHA256) throws {
        guard Hex.string(hasher.finalize()) == header.payloadSHA256 else {
            throw BundleError(path, .modified, "the payload does not match the digest in the header: the bundle was modified")
        }
    }

    /// Reads every frame, calls `body(index, bytes, isFinal)`, then checks the trailer and the signature.
    /// Returns the number of chunks and the file size.
    private func walk(contributor: Curve25519.Signing.PublicKey?,
                      _ body: (Int, [UInt8], Bool) throws -> Void) throws -> (Int, Int) {
        let input = try ExactReader(path: path)
        _ = try Self.readPrologue(input, path: path)
        var hasher = SHA256()
        hasher.update(data: BundleFormat.magic + BigEndian.bytes(BundleFormat.version)
                      + BigEndian.bytes(UInt32(headerBytes.count)) + headerBytes)
        let limit = header.chunkBytes + BundleFormat.frameOverhead
        var index = 0
        while true {
            guard let frameHead = try input.read(5) else {
                throw BundleError(path, .truncated, "truncated: the bundle ends after \(index) chunks without its final chunk")
            }
            let flags = frameHead[0]
            let length = Int(BigEndian.uint32(frameHead[1..<5]))
            guard flags & ~BundleFormat.finalFlag == 0, length <= limit else {
                throw BundleError(path, .modified, "chunk \(index) has an invalid frame: the bundle is damaged or was modified")
            }
            guard let bytes = try input.read(length) else {
                throw BundleError(path, .truncated, "truncated: the bundle ends inside chunk \(index)")
            }
            hasher.update(data: frameHead)
            hasher.update(data: bytes)
            let final = flags & BundleFormat.finalFlag != 0
            try body(index, bytes, final)
            index += 1
            if final { break }
        }
        guard let signatureLength = try input.read(4) else {
            throw BundleError(path, .truncated, "truncated: the bundle ends before its signature")
        }
        guard BigEndian.uint32(signatureLength) == 64 else {
            throw BundleError(path, .modified, "the signature trailer is malformed: the bundle is damaged or was modified")
        }
        guard let signature = try input.read(64) else { throw BundleError(path, .truncated, "truncated: the signature is cut short") }
        guard try input.read(1) == nil else {
            throw BundleError(path, .modified, "data after the signature: the bundle was modified")
        }
        let signer: Curve25519.Signing.PublicKey
        do { signer = try .init(rawRepresentation: header.signingKey) } catch {
            throw BundleError(path, .modified, "the contributor key in the header is invalid")
        }
        guard signer.isValidSignature(signature, for: BundleFormat.signedMessage(hasher.finalize())) else {
            throw BundleError(path, .modified, "the signature does not match: the bundle was modified after it was signed")
        }
        if let contributor, contributor.rawRepresentation != signer.rawRepresentation {
            let expected = KeyFiles.keyID(contributor.rawRepresentation, algorithm: "ed25519")
            throw BundleError(path, .wrongContributor, "signed by contributor key \(header.signingKeyID), not by the expected key \(expected)")
        }
        return (index, input.offset)
    }
}

/// Reads exact byte counts from a file through a buffer; `nil` when the file ends first.
final class ExactReader {
    private let reader: FileReader
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private(set) var offset = 0

    init(path: String) throws {
        do { reader = try FileReader(path: path) } catch { throw BundleError(path, .notABundle, "cannot read: \(error)") }
    }

    func read(_ count: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if start == end {
                end = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                start = 0
                if end == 0 { return nil }
            }
            let take = min(count - out.count, end - start)
            out += buffer[start..<start + take]
            start += take
        }
        offset += count
        return out
    }
}
