import Foundation
import SeirenCore
import XCTest
@testable import SeirenIngest

final class BundleTests: XCTestCase {
    var work = ""

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "seiren-bundle-tests-\(UUID().uuidString)"
        try FileSystem.createDirectory(work)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    /// A small dataset directory with a nested file, an empty file and one spanning several chunks.
    func makeDataset() throws -> String {
        let dir = work + "/dataset"
        try FileSystem.createDirectory(dir + "/documents")
        try AtomicFileWriter.write(Array("{\"id\":\"a\",\"text\":\"トルクは25 N·m\"}\n".utf8), to: dir + "/documents/part-00000.jsonl")
        try AtomicFileWriter.write([], to: dir + "/empty.json")
        var big: [UInt8] = []
        for i in 0..<5000 { big += Array("行\(i): 整備手順の本文。\n".utf8) }
        try AtomicFileWriter.write(big, to: dir + "/report.txt")
        return dir
    }

    func files(under dir: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for file in try FileSystem.files(under: dir) { result[String(file.dropFirst(dir.count + 1))] = try FileReader.readAll(file) }
        return result
    }

    func pack(_ dataset: String, to bundle: String, recipient: PrivateKeys?, contributor: PrivateKeys,
              chunkBytes: Int = 4096) throws {
        try BundleWriter.pack(directory: dataset, to: bundle,
                              recipient: recipient.map { .encrypted(to: $0.recipient.publicKey) } ?? BundleWriter.Recipient.none,
                              signingKey: contributor.signing, contributor: "acme-motors", license: "CC-BY-4.0",
                              visibility: recipient == nil ? "public" : "consortium", chunkBytes: chunkBytes)
    }

    func testKeygenWritesPrivateKeyWithMode0600AndReadsBack() throws {
        let keys = try KeyFiles.generate(name: work + "/consortium")
        var info = stat()
        XCTAssertEqual(stat(work + "/consortium.key", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let readBack = try KeyFiles.readPrivate(work + "/consortium.key")
        XCTAssertEqual(readBack.recipient.rawRepresentation, keys.recipient.rawRepresentation)
        let pub = try KeyFiles.readPublic(work + "/consortium.pub")
        XCTAssertEqual(pub.recipientID, keys.publicKeys.recipientID)
        XCTAssertEqual(pub.signing.rawRepresentation, keys.signing.publicKey.rawRepresentation)
        XCTAssertThrowsError(try KeyFiles.generate(name: work + "/consortium"), "never overwrites")
        XCTAssertThrowsError(try KeyFiles.readPrivate(work + "/consortium.pub"))
    }

    func testBadKeyFilesNameTheFileAndTheProblem() throws {
        try KeyFiles.generate(name: work + "/k")
        let pub = try String(contentsOfFile: work + "/k.pub", encoding: .utf8)
        func refusal(_ text: String, _ read: (String) throws -> Any) throws -> BundleError? {
            let path = work + "/bad-\(UUID().uuidString).pub"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            do {
                _ = try read(path)
                return nil
            } catch let error as BundleError {
                XCTAssertEqual(error.path, path)
                XCTAssertEqual(error.reason, .badKey)
                return error
            }
        }
        let short = pub.split(separator: "\n").map { $0.hasPrefix("recipient-x25519 ") ? "recipient-x25519 AAAA" : String($0) }
            .joined(separator: "\n")
        XCTAssertTrue(try refusal(short, KeyFiles.readPublic)?.message.contains("'recipient-x25519' is not 32 bytes") == true)
        let missing = pub.split(separator: "\n").filter { !$0.hasPrefix("contributor-ed25519 ") }.joined(separator: "\n")
        XCTAssertTrue(try refusal(missing, KeyFiles.readPublic)?.message.contains("no 'contributor-ed25519' line") == true)
        XCTAssertTrue(try refusal("hello\n", KeyFiles.readPublic)?.message.contains("not a Seiren public key file") == true)
        XCTAssertTrue(try refusal(pub, KeyFiles.readPrivate)?.message.contains("not a Seiren private key file") == true)
    }

    func testAPrivateKeyOthersMayReadIsRefusedWithTheFix() throws {
        try KeyFiles.generate(name: work + "/k")
        let path = work + "/k.key"
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660] {
            XCTAssertEqual(chmod(path, mode), 0)
            XCTAssertThrowsError(try KeyFiles.readPrivate(path), String(mode, radix: 8)) { error in
                let refusal = error as? BundleError
                XCTAssertEqual(refusal?.reason, .badKey)
                XCTAssertTrue(refusal?.message.contains("chmod 600 \(path)") ?? false, "\(error)")
            }
            XCTAssertThrowsError(try KeyFiles.readPublic(path), "public keys derived from an exposed private key file")
        }
        for mode: mode_t in [0o600, 0o400] {
            XCTAssertEqual(chmod(path, mode), 0)
            XCTAssertNoThrow(try KeyFiles.readPrivate(path))
        }
    }

    func testOpeningNeverWritesPlaintextThroughALinkPlantedBesideTheOutput() throws {
        let dataset = try makeDataset()
        let consortium = PrivateKeys(), member = PrivateKeys()
        let bundle = work + "/c.seiren"
        try pack(dataset, to: bundle, recipient: consortium, contributor: member)
        let attacker = work + "/attacker"
        try FileSystem.createDirectory(attacker)
        let out = work + "/opened"
        // The names the staging folder used to have (OUT.partial-PID): a link there received the plaintext.
        XCTAssertEqual(symlink(attacker, out + ".partial-\(getpid())"), 0)
        _ = try BundleReader(path: bundle).open(keys: consortium, contributor: member.signing.publicKey, into: out)
        XCTAssertEqual(try FileSystem.contents(of: attacker), [])
        var info = stat()
        XCTAssertEqual(lstat(out, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFDIR, "the output is a real directory, not the planted link")
        XCTAssertEqual(try files(under: out), try files(under: dataset))
    }

    func testEncryptedRoundTripOverManyChunks() throws {
        let dataset = try makeDataset()
        let consortium = PrivateKeys(), member = PrivateKeys()
        let bundle = work + "/c.seiren"
        try pack(dataset, to: bundle, recipient: consortium, contributor: member)
        let reader = try BundleReader(path: bundle)
        let verification = try reader.verify(contributor: member.signing.publicKey)
        XCTAssertGreaterThan(verification.chunks, 10)
        XCTAssertNil(verification.entries, "an encrypted bundle cannot be listed without the key")
        XCTAssertEqual(reader.header.contributor, "acme-motors")
        XCTAssertEqual(reader.header.payloadSHA256, try ArchiveWriter.digest(directory: dataset))
        // The ciphertext does not contain the plaintext.
        let raw = try FileReader.readAll(bundle)
        XCTAssertNil(String(decoding: raw, as: UTF8.self).range(of: "整備手順"))
        let out = work + "/opened"
        let entries = try reader.open(keys: consortium, contributor: member.signing.publicKey, into: out)
        XCTAssertEqual(entries.map(\.path), ["documents/part-00000.jsonl", "empty.json", "report.txt"])
        XCTAssertEqual(try files(under: out), try files(under: dataset))
    }

    func testPublicBundleIsSignedAndListable() throws {
        let dataset = try makeDataset()
        let member = PrivateKeys()
        let bundle = work + "/p.seiren"
        try pack(dataset, to: bundle, recipient: nil, contributor: member)
        let verification = try BundleReader(path: bundle).verify(contributor: member.signing.publicKey)
        XCTAssertEqual(verification.header.protection, .none)
        XCTAssertEqual(verification.entries?.map(\.path), ["documents/part-00000.jsonl", "empty.json", "report.txt"])
        try BundleReader(path: bundle).open(keys: nil, into: work + "/opened")
        XCTAssertEqual(try files(under: work + "/opened"), try files(under: dataset))
    }

    /// One flipped byte anywhere (prologue, header, frames, ciphertext, signature) and the bundle is refused.
    func testEveryFlippedByteIsRefused() throws {
        let dataset = work + "/small"
        try FileSystem.createDirectory(dataset)
        try AtomicFileWriter.write(Array("機密の整備手順".utf8), to: dataset + "/a.txt")
        let consortium = PrivateKeys(), member = PrivateKeys()
        for recipient in [consortium, nil] {
            let bundle = work + "/t.seiren"
            try pack(dataset, to: bundle, recipient: recipient, contributor: member, chunkBytes: 16)
            let original = try FileReader.readAll(bundle)
            for position in 0..<original.count {
                var damaged = original
                damaged[position] ^= 0x01
                let path = work + "/damaged.seiren"
                try AtomicFileWriter.write(damaged, to: path)
                XCTAssertThrowsError(try BundleReader(path: path).verify(), "flip at \(position) not refused") { error in
                    XCTAssertTrue(error is BundleError, "\(error)")
                }
                if position % 37 == 0 {
                    XCTAssertThrowsError(try BundleReader(path: path).open(keys: consortium, into: work + "/o\(position)"))
                    XCTAssertFalse(FileSystem.exists(work + "/o\(position)"), "nothing is unpacked from a damaged bundle")
                }
            }
        }
    }

    func testTruncatedBundleIsRefused() throws {
        let dataset = try makeDataset()
        let consortium = PrivateKeys(), member = PrivateKeys()
        let bundle = work + "/c.seiren"
        try pack(dataset, to: bundle, recipient: consortium, contributor: member)
        let original = try FileReader.readAll(bundle)
        for length in [0, 7, 20, original.count / 2, original.count - 65, original.count - 1] {
            let path = work + "/cut.seiren"
            try AtomicFileWriter.write(Array(original[0..<length]), to: path)
            XCTAssertThrowsError(try BundleReader(path: path).verify()) { error in
                let reason = (error as? BundleError)?.reason
                XCTAssertTrue(reason == .truncated || reason == .notABundle, "\(length): \(error)")
            }
        }
        // Cut exactly after a whole non-final chunk: still truncated.
        let path = work + "/cut.seiren"
        let headerLength = Int(BigEndian.uint32(original[12..<16]))
        let firstFrame = 16 + headerLength
        let frameLength = Int(BigEndian.uint32(original[(firstFrame + 1)..<(firstFrame + 5)]))
        try AtomicFileWriter.write(Array(original[0..<(firstFrame + 5 + frameLength)]), to: path)
        XCTAssertThrowsError(try BundleReader(path: path).verify()) { error in
            XCTAssertEqual((error as? BundleError)?.reason, .truncated)
            XCTAssertTrue("\(error)".contains("without its final chunk"), "\(error)")
        }
    }

    func testBundleForAnotherRecipientIsRefused() throws {
        let dataset = try makeDataset()
        let consortium = PrivateKeys(), other = PrivateKeys(), member = PrivateKeys()
        let bundle = work + "/c.seiren"
        try pack(dataset, to: bundle, recipient: consortium, contributor: member)
        XCTAssertThrowsError(try BundleReader(path: bundle).open(keys: other, into: work + "/o")) { error in
            XCTAssertEqual((error as? BundleError)?.reason, .wrongRecipient)
            XCTAssertTrue("\(error)".contains("addressed to recipient key"), "\(error)")
        }
        XCTAssertFalse(FileSystem.exists(work + "/o"))
        // Signed by someone other than the expected contributor.
        XCTAssertThrowsError(try BundleReader(path: bundle).verify(contributor: other.signing.publicKey)) { error in
            XCTAssertEqual((error as? BundleError)?.reason, .wrongContributor)
        }
    }

    func testArchiveRefusesPathsThatEscape() throws {
        for path in ["../evil", "/etc/passwd", "a/../../b", "a//b", "./a", "a\\b", ""] {
            XCTAssertFalse(ArchiveFormat.isSafePath(path), path)
        }
        XCTAssertTrue(ArchiveFormat.isSafePath("documents/データ-00000.jsonl.zst"))
        // A hand-made archive with an escaping entry is refused while unpacking.
        var archive = ArchiveFormat.magic + BigEndian.bytes(ArchiveFormat.version)
        let name = Array("../escape.txt".utf8)
        archive += [ArchiveFormat.fileTag] + BigEndian.bytes(UInt16(name.count)) + name + BigEndian.bytes(UInt64(1)) + [0x41]
        archive += [ArchiveFormat.endTag]
        let unpacker = ArchiveUnpacker(destination: work + "/dest", label: "hand-made")
        XCTAssertThrowsError(try unpacker.feed(archive)) { error in
            XCTAssertTrue("\(error)".contains("outside the output directory"), "\(error)")
        }
        XCTAssertFalse(FileSystem.exists(work + "/escape.txt"))
    }
}
