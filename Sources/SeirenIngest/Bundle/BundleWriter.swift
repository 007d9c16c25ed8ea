import Crypto
import Foundation
import SeirenCore

/// Writes a bundle as a stream: payload bytes go in through `write`, are cut into chunks of `chunkBytes`, sealed
/// (or, for public bundles, kept as they are) and framed; `finish` seals the final chunk, signs, and moves the file
/// into place. Memory stays at about one chunk however large the payload.
public final class BundleWriter {
    public enum Recipient {
        case encrypted(to: Curve25519.KeyAgreement.PublicKey)
        /// Signed only: for `--visibility public`, where nothing is confidential.
        case none
    }

    public let path: String
    public let header: BundleHeader
    private let file: AtomicFileWriter
    private let signingKey: Curve25519.Signing.PrivateKey
    private var sender: HPKE.Sender?
    private var hasher = SHA256()
    private let headerDigest: [UInt8]
    private var pending: [UInt8] = []
    private var index: UInt64 = 0
    public private(set) var payloadBytes = 0

    public init(path: String, recipient: Recipient, signingKey: Curve25519.Signing.PrivateKey, contributor: String,
                license: String, visibility: String, payloadSHA256: String,
                chunkBytes: Int = BundleFormat.defaultChunkBytes) throws {
        precondition((1...BundleFormat.maxChunkBytes).contains(chunkBytes))
        self.path = path
        self.signingKey = signingKey
        var header = BundleHeader(protection: .none, contributor: contributor,
                                  signingKey: Array(signingKey.publicKey.rawRepresentation), license: license,
                                  visibility: visibility, chunkBytes: chunkBytes, payloadSHA256: payloadSHA256)
        if case .encrypted(let key) = recipient {
            let sender = try HPKE.Sender(recipientKey: key, ciphersuite: BundleFormat.ciphersuite, info: BundleFormat.hpkeInfo)
            self.sender = sender
            header.protection = .hpke
            header.recipientKeyID = KeyFiles.keyID(key.rawRepresentation, algorithm: "x25519")
            header.encapsulatedKey = Array(sender.encapsulatedKey)
        }
        self.header = header
        let headerBytes = JSONWriter.serialize(header.json)
        headerDigest = Array(SHA256.hash(data: headerBytes))
        do {
            file = try AtomicFileWriter(path: path)
        } catch {
            throw BundleError(path, .output, "cannot create the bundle: \(error)")
        }
        try emit(BundleFormat.magic + BigEndian.bytes(BundleFormat.version) + BigEndian.bytes(UInt32(headerBytes.count))
                 + headerBytes)
        pending.reserveCapacity(chunkBytes)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        payloadBytes += bytes.count
        var rest = bytes[...]
        while !rest.isEmpty {
            // A full chunk is sealed only once more data arrives: the last chunk must carry the final flag.
            if pending.count == header.chunkBytes { try sealChunk(final: false) }
            let take = min(header.chunkBytes - pending.count, rest.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
            rest = rest.dropFirst(take)
        }
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Seals the last chunk, signs, and renames the bundle into place.
    public func finish() throws {
        try sealChunk(final: true)
        let signature = try signingKey.signature(for: BundleFormat.signedMessage(hasher.finalize()))
        try file.write(BigEndian.bytes(UInt32(signature.count)) + Array(signature))
        try file.commit()
    }

    private func sealChunk(final: Bool) throws {
        let body: [UInt8]
        if sender != nil {
            let aad = BundleFormat.associatedData(headerDigest: headerDigest, index: index, final: final)
            body = Array(try sender!.seal(pending, authenticating: aad))
        } else {
            body = pending
        }
        try emit([final ? BundleFormat.finalFlag : 0] + BigEndian.bytes(UInt32(body.count)))
        try emit(body)
        pending.removeAll(keepingCapacity: true)
        index += 1
    }

    private func emit(_ bytes: [UInt8]) throws {
        hasher.update(data: bytes)
        try file.write(bytes)
    }
}

extension BundleWriter {
    /// Packs `directory` into a bundle at `path`: the archive digest first (one read of the directory), then the
    /// archive itself streamed through the writer (a second read).
    @discardableResult
    public static func pack(directory: String, to path: String, recipient: Recipient,
                            signingKey: Curve25519.Signing.PrivateKey, contributor: String, license: String,
                            visibility: String, chunkBytes: Int = BundleFormat.defaultChunkBytes) throws -> BundleHeader {
        let digest = try ArchiveWriter.digest(directory: directory)
        let writer = try BundleWriter(path: path, recipient: recipient, signingKey: signingKey, contributor: contributor,
                                      license: license, visibility: visibility, payloadSHA256: digest,
                                      chunkBytes: chunkBytes)
        var hasher = SHA256()
        try ArchiveWriter.write(directory: directory) {
            hasher.update(bufferPointer: $0)
            try writer.write($0)
        }
        guard Hex.string(hasher.finalize()) == digest else {
            throw BundleError(directory, .badArchive, "the directory changed while it was being packed; run again")
        }
        try writer.finish()
        return writer.header
    }
}
