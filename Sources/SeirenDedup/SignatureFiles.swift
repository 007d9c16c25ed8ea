import Foundation
import SeirenCore

/// The corpus's MinHash signatures on disk, so that near-duplicate detection holds per document only a flag, not
/// its signature: `signatures.bin` (every signature, document after document, read back two at a time to estimate
/// a candidate pair's Jaccard) and `band-BB.keys` (each document's bucket key in band BB, 8 bytes, read one band at
/// a time). Written shard by shard in input order; the folder is removed by `remove()`.
final class SignatureFiles {
    let directory: String
    let hashes: Int
    let banding: LSHBanding
    private(set) var hasSignature: [Bool] = []
    private var signatureWriter: AtomicFileWriter?
    private var bandWriters: [AtomicFileWriter] = []
    private var signatureReader: FileReader?
    private var pair: [UInt32]

    /// `directory` must not exist; it is made here.
    init(directory: String, hashes: Int, banding: LSHBanding) throws {
        self.directory = directory
        self.hashes = hashes
        self.banding = banding
        pair = [UInt32](repeating: 0, count: 2 * hashes)
        try FileSystem.createDirectory(directory)
        signatureWriter = try AtomicFileWriter(path: directory + "/signatures.bin")
        bandWriters = try (0..<banding.bands).map { try AtomicFileWriter(path: directory + "/" + Self.bandName($0)) }
    }

    private static func bandName(_ band: Int) -> String { "band-\(band).keys" }

    /// Appends one shard's signatures (documents in input order).
    func append(_ store: SignatureStore) throws {
        try store.values.withUnsafeBytes { try signatureWriter!.write($0) }
        for band in 0..<banding.bands {
            var keys = [UInt64](repeating: 0, count: store.count)
            for document in 0..<store.count where store.hasSignature[document] {
                keys[document] = store.withSignature(document) { banding.key($0, band: band).littleEndian }
            }
            try keys.withUnsafeBytes { try bandWriters[band].write($0) }
        }
        hasSignature += store.hasSignature
    }

    /// Ends writing; the files can be read from now on.
    func finishWriting() throws {
        try signatureWriter?.commit()
        signatureWriter = nil
        for writer in bandWriters { try writer.commit() }
        bandWriters = []
        signatureReader = try FileReader(path: directory + "/signatures.bin")
    }

    /// Every document's bucket key in `band` (8 bytes a document: one band in memory at a time).
    func keys(band: Int) throws -> [UInt64] {
        let reader = try FileReader(path: directory + "/" + Self.bandName(band))
        var keys = [UInt64](repeating: 0, count: hasSignature.count)
        try keys.withUnsafeMutableBytes { try reader.read(at: 0, into: $0) }
        return keys.map { UInt64(littleEndian: $0) }
    }

    func estimatedJaccard(_ x: Int, _ y: Int) throws -> Double {
        let reader = signatureReader!
        let size = hashes * 4
        try pair.withUnsafeMutableBytes { raw in
            try reader.read(at: x * size, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<size]))
            try reader.read(at: y * size, into: UnsafeMutableRawBufferPointer(rebasing: raw[size..<(2 * size)]))
        }
        return pair.withUnsafeBufferPointer { all in
            MinHasher.estimatedJaccard(UnsafeBufferPointer(rebasing: all[0..<hashes]),
                                       UnsafeBufferPointer(rebasing: all[hashes..<(2 * hashes)]))
        }
    }

    func remove() {
        signatureReader = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}
