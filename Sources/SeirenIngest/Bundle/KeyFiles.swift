import Crypto
import Foundation
import SeirenCore
#if canImport(Glibc)
import Glibc
#endif

/// The keys of one party, made by `seiren ingest keygen`: an X25519 key to receive bundles (the HPKE KEM key of
/// the consortium) and an Ed25519 key to sign them (the contributor's). One key pair serves either role.
///
/// Text format, one `name value` per line, `#` comments, values in base64 (RFC 4648) of the raw 32-byte keys:
///
///     seiren-private-key 1              seiren-public-key 1
///     recipient-x25519 BASE64           recipient-x25519 BASE64
///     contributor-ed25519 BASE64        contributor-ed25519 BASE64
public struct PrivateKeys {
    public var recipient: Curve25519.KeyAgreement.PrivateKey
    public var signing: Curve25519.Signing.PrivateKey

    public init(recipient: Curve25519.KeyAgreement.PrivateKey = .init(), signing: Curve25519.Signing.PrivateKey = .init()) {
        self.recipient = recipient
        self.signing = signing
    }

    public var publicKeys: PublicKeys { PublicKeys(recipient: recipient.publicKey, signing: signing.publicKey) }
}

public struct PublicKeys {
    public var recipient: Curve25519.KeyAgreement.PublicKey
    public var signing: Curve25519.Signing.PublicKey

    public init(recipient: Curve25519.KeyAgreement.PublicKey, signing: Curve25519.Signing.PublicKey) {
        self.recipient = recipient
        self.signing = signing
    }

    public var recipientID: String { KeyFiles.keyID(recipient.rawRepresentation, algorithm: "x25519") }
    public var signingID: String { KeyFiles.keyID(signing.rawRepresentation, algorithm: "ed25519") }
}

public enum KeyFiles {
    static let privateTag = "seiren-private-key 1"
    static let publicTag = "seiren-public-key 1"

    /// A short name for a public key: algorithm and the first 16 bytes of the SHA-256 of its raw form, in hex.
    public static func keyID(_ raw: some DataProtocol, algorithm: String) -> String {
        algorithm + ":" + String(Hex.sha256(raw).prefix(32))
    }

    /// Writes `NAME.key` (mode 0600, created only if absent) and `NAME.pub`.
    @discardableResult
    public static func generate(name: String) throws -> PrivateKeys {
        let keys = PrivateKeys()
        let privatePath = name + ".key"
        let publicPath = name + ".pub"
        for path in [privatePath, publicPath] where FileSystem.exists(path) {
            throw BundleError(path, .output, "already exists; keygen never overwrites a key (choose another name)")
        }
        let publicText = """
            # Seiren public keys. Give this file out: members encrypt bundles to recipient-x25519, and receivers
            # check signatures against contributor-ed25519. recipient \(keys.publicKeys.recipientID), contributor \(keys.publicKeys.signingID)
            \(publicTag)
            recipient-x25519 \(Base64.encode(Array(keys.recipient.publicKey.rawRepresentation)))
            contributor-ed25519 \(Base64.encode(Array(keys.signing.publicKey.rawRepresentation)))

            """
        let privateText = """
            # Seiren private keys. Keep this file secret: whoever holds it can read bundles sent to the matching
            # .pub file and sign bundles in its owner's name.
            \(privateTag)
            recipient-x25519 \(Base64.encode(Array(keys.recipient.rawRepresentation)))
            contributor-ed25519 \(Base64.encode(Array(keys.signing.rawRepresentation)))

            """
        try writeExclusive(Array(privateText.utf8), to: privatePath, mode: 0o600)
        try writeExclusive(Array(publicText.utf8), to: publicPath, mode: 0o644)
        return keys
    }

    public static func readPrivate(_ path: String) throws -> PrivateKeys {
        try refuseIfOthersCanRead(path)
        let fields = try read(path, tag: privateTag, kind: "private key")
        do {
            return PrivateKeys(recipient: try .init(rawRepresentation: try field(fields, "recipient-x25519", path)),
                               signing: try .init(rawRepresentation: try field(fields, "contributor-ed25519", path)))
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(path, .badKey, "a key in this file is not a valid 32-byte key (\(error))")
        }
    }

    /// Reads public keys from a `.pub` file, or derives them from a `.key` file.
    public static func readPublic(_ path: String) throws -> PublicKeys {
        let text = try String(decoding: FileReader.readAll(path), as: UTF8.self)
        if text.contains(privateTag) { return try readPrivate(path).publicKeys }
        let fields = try read(path, tag: publicTag, kind: "public key")
        do {
            return PublicKeys(recipient: try .init(rawRepresentation: try field(fields, "recipient-x25519", path)),
                              signing: try .init(rawRepresentation: try field(fields, "contributor-ed25519", path)))
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(path, .badKey, "a key in this file is not a valid 32-byte key (\(error))")
        }
    }

    /// A private key that group or others may read is refused, as ssh refuses one: whoever else can read it can
    /// read every bundle sent to it and sign as its owner.
    static func refuseIfOthersCanRead(_ path: String) throws {
        guard let info = try? Posix.status(path) else { return }  // reading it reports why
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw BundleError(path, .badKey, "the private key file may be read by others (mode \(String(mode, radix: 8))); "
                                  + "make it yours alone with `chmod 600 \(path)` (its keys may already be known to others)")
        }
    }

    private static func read(_ path: String, tag: String, kind: String) throws -> [String: String] {
        let text = String(decoding: try FileReader.readAll(path), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.first == tag else {
            throw BundleError(path, .badKey, "not a Seiren \(kind) file (expected a line '\(tag)'; made by `seiren ingest keygen`)")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    private static func field(_ fields: [String: String], _ name: String, _ path: String) throws -> Data {
        guard let value = fields[name] else { throw BundleError(path, .badKey, "no '\(name)' line") }
        guard let data = Data(base64Encoded: value), data.count == 32 else {
            throw BundleError(path, .badKey, "'\(name)' is not 32 bytes of base64")
        }
        return data
    }

    private static func writeExclusive(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let fd: Int32
        do throws(SystemCallError) { fd = try Posix.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: mode) } catch {
            throw BundleError(path, .output, "cannot create: \(error.reason)")
        }
        defer { try? Posix.close(fd, path: path) }
        try? Posix.setMode(mode, path: path, descriptor: fd)  // the umask must not widen or narrow it
        do {
            try bytes.withUnsafeBytes { try Posix.writeAll(fd, $0, path: path) }
            try Posix.fsync(fd, path: path)
        } catch let error as SystemCallError {
            throw BundleError(path, .output, "cannot write: \(error.reason)")
        }
    }
}
