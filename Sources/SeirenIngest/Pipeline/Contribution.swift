import Crypto
import Foundation
import SeirenCore

/// The whole of `seiren ingest`: inputs → redacted dataset directory → signed (and, unless public, encrypted)
/// bundle. The dataset directory is a staging area removed afterwards, unless the contributor asks to keep it to
/// inspect exactly what the bundle holds (`verify --dataset` then proves the bundle matches it).
public struct Contribution {
    public var run: IngestRun
    public var inputs: [String]
    public var bundle: String
    public var recipient: PublicKeys?
    public var signingKey: Curve25519.Signing.PrivateKey
    public var keepDataset: String?
    public var chunkBytes = BundleFormat.defaultChunkBytes

    public init(run: IngestRun, inputs: [String], bundle: String, recipient: PublicKeys?,
                signingKey: Curve25519.Signing.PrivateKey, keepDataset: String? = nil) {
        self.run = run
        self.inputs = inputs
        self.bundle = bundle
        self.recipient = recipient
        self.signingKey = signingKey
        self.keepDataset = keepDataset
    }

    public func make() throws -> (IngestRun.Result, BundleHeader) {
        let settings = run.settings
        if settings.visibility != .public && recipient == nil {
            throw BundleError(bundle, .wrongRecipient, "a \(settings.visibility.rawValue) contribution must be encrypted: give the consortium's public key (--recipient KEY.pub)")
        }
        let dataset: String
        if let keepDataset {
            let empty = FileSystem.isDirectory(keepDataset) ? try FileSystem.contents(of: keepDataset).isEmpty : false
            let usable = !FileSystem.exists(keepDataset) || empty
            if !usable {
                throw BundleError(keepDataset, .output, "exists and is not an empty directory")
            }
            dataset = keepDataset
        } else {
            // Created by mkdtemp (exclusive, mode 0700): nothing planted beside the bundle receives the dataset.
            dataset = try FileSystem.createExclusiveDirectory(prefix: bundle + ".dataset-")
        }
        defer { if keepDataset == nil { try? FileManager.default.removeItem(atPath: dataset) } }
        let result = try run.run(inputs: inputs, dataset: dataset)
        let header = try BundleWriter.pack(
            directory: dataset, to: bundle,
            recipient: recipient.map { .encrypted(to: $0.recipient) } ?? BundleWriter.Recipient.none,
            signingKey: signingKey, contributor: settings.contributor, license: settings.license,
            visibility: settings.visibility.rawValue, chunkBytes: chunkBytes)
        return (result, header)
    }
}
