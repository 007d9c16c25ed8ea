import Crypto
import Foundation
import SeirenCore
import SeirenExtract
import SeirenIngest
import SeirenPipeline

/// The parsers that read untrusted bytes, each as one function over arbitrary input. A thrown error is a correct
/// answer to bad input; a crash, a trap or a hang is a bug. libFuzzer drives these through `seiren-fuzz` (built with
/// `scripts/fuzz/run`), and `SeirenFuzzingTests` replays the seed corpus and every input that once failed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `DocumentReader` over a `.jsonl` file: every line parsed as a document or reported as a bad record.
    case jsonLines = "jsonl"
    /// `seiren extract` of one file: encoding checks, libxml2 (XML and HTML), the entity guard, the walkers.
    case xmlExtraction = "xml"
    /// `LineReader` over a `.jsonl.zst` file: zstd frames and line splitting.
    case zstdLines = "zstd"
    /// A pipeline manifest: YAML through Yams, then the strict schema.
    case manifest
    /// A contribution bundle: framing, header, signature, then decryption and unpacking with the fuzzing key.
    case bundle

    /// Runs the target over `bytes`. Inputs are written to a private scratch folder because the readers read files.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .jsonLines:
            let path = Scratch.shared.write(bytes, name: "input.jsonl")
            guard let reader = try? DocumentReader(path: path, added: "2024-01-01T00:00:00Z", maxLineBytes: 1 << 20) else { return }
            while (try? reader.next()).flatMap({ $0 }) != nil {}
        case .xmlExtraction:
            // The extension decides the parser: the first byte modulo 3 picks XML (`<`), HTML (a newline first) or
            // DITA (a space first), so the seeds reach all three.
            let name = ["input.xml", "input.html", "input.dita"][Int(bytes.first ?? 0) % 3]
            let path = Scratch.shared.write(bytes, name: name)
            var settings = ExtractSettings(added: "2024-01-01T00:00:00Z")
            settings.maxFileBytes = 1 << 20
            _ = Extractor(settings: settings).extract(file: path)
        case .zstdLines:
            let path = Scratch.shared.write(bytes, name: "input.jsonl.zst")
            guard let reader = try? LineReader(path: path, maxLineBytes: 1 << 20) else { return }
            var lines = 0
            while lines < 100_000, (try? reader.next()).flatMap({ $0 }) != nil { lines += 1 }
        case .manifest:
            _ = try? PipelineManifest.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .bundle:
            let path = Scratch.shared.write(bytes, name: "input.seiren")
            guard let reader = try? BundleReader(path: path) else { return }
            _ = try? reader.verify(contributor: FuzzKeys.member.signing.publicKey)
            let output = Scratch.shared.freshPath("opened")
            _ = try? reader.open(keys: FuzzKeys.consortium, contributor: FuzzKeys.member.signing.publicKey, into: output)
            try? FileManager.default.removeItem(atPath: output)
        }
    }
}

/// Fixed keys, so a seed bundle made for them reaches decryption and unpacking in every run. Never use them for
/// anything else: they are public in this file.
public enum FuzzKeys {
    public static let consortium = keys(1)
    public static let member = keys(2)

    private static func keys(_ seed: UInt8) -> PrivateKeys {
        PrivateKeys(recipient: try! .init(rawRepresentation: [UInt8](repeating: seed, count: 32)),
                    signing: try! .init(rawRepresentation: [UInt8](repeating: seed &+ 100, count: 32)))
    }

    /// A small valid bundle for the fuzzing keys: the seed of the bundle corpus.
    public static func seedBundle(at path: String) throws {
        let dataset = Scratch.shared.freshPath("seed-dataset")
        try FileSystem.createDirectory(dataset + "/documents")
        try AtomicFileWriter.write(Array("{\"id\":\"a\",\"text\":\"本文\"}\n".utf8), to: dataset + "/documents/a.jsonl")
        try AtomicFileWriter.write(Array("{}\n".utf8), to: dataset + "/ingest-manifest.json")
        try BundleWriter.pack(directory: dataset, to: path, recipient: .encrypted(to: consortium.recipient.publicKey),
                              signingKey: member.signing, contributor: "fuzz", license: "CC0-1.0",
                              visibility: "consortium", chunkBytes: 64)
        try FileManager.default.removeItem(atPath: dataset)
    }
}

/// A folder of this process's own (made by mkdtemp), removed when the process exits normally. Inputs run one at a
/// time (libFuzzer and the tests call targets from one thread).
final class Scratch: @unchecked Sendable {
    static let shared = Scratch()
    let directory: String
    private var counter = 0

    private init() {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        directory = (try? FileSystem.createExclusiveDirectory(prefix: base + "/seiren-fuzz-")) ?? base
        atexit { try? FileManager.default.removeItem(atPath: Scratch.shared.directory) }
    }

    /// Not an atomic write: its fsync would cost more than the parse, and nothing else reads this folder.
    func write(_ bytes: [UInt8], name: String) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func freshPath(_ name: String) -> String {
        counter += 1
        return directory + "/\(name)-\(counter)"
    }
}
