import Foundation
import SeirenCore

/// Writes a Megatron-LM indexed dataset (`NAME.bin` + `NAME.idx`, the "MMIDIDX" format read by
/// `megatron/core/datasets/indexed_dataset.py`), one sequence per document. Token ids stream into `.bin` as they
/// come; only the per-document lengths stay in memory for the `.idx`, which is written by `finish()`.
///
/// `.idx` layout (little-endian): magic `MMIDIDX\0\0`, uint64 version 1, uint8 dtype code, uint64 sequence count,
/// uint64 document-index count (documents + 1, as Megatron writes it), int32 sequence lengths, int64 sequence byte
/// offsets into `.bin`, int64 document indices (0, 1, ..., documents).
public final class IndexedDatasetWriter {
    public enum DType: UInt8, Sendable {
        case uint16 = 8, int32 = 4

        /// Megatron's choice: uint16 when every id fits well below 65,536, else int32.
        public static func fitting(vocabularySize: Int) -> DType { vocabularySize < 65_500 ? .uint16 : .int32 }
        public var size: Int { self == .uint16 ? 2 : 4 }
        public var name: String { self == .uint16 ? "uint16" : "int32" }
    }

    public static let magic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]

    public let binPath: String
    public let idxPath: String
    public let dtype: DType
    private let bin: AtomicFileWriter
    private var lengths: [Int32] = []
    private var buffer: [UInt8] = []
    public private(set) var tokens = 0

    public var documents: Int { lengths.count }

    /// Writes `directory/name.bin` and `directory/name.idx`.
    public init(directory: String, name: String, dtype: DType) throws {
        binPath = directory + "/" + name + ".bin"
        idxPath = directory + "/" + name + ".idx"
        self.dtype = dtype
        bin = try AtomicFileWriter(path: binPath)
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends one document's ids as one sequence.
    public func append(_ ids: [Int32]) throws {
        guard ids.count <= Int(Int32.max) else { throw TokenizerError("a document of \(ids.count) tokens exceeds the int32 sequence length of the .idx format") }
        buffer.removeAll(keepingCapacity: true)
        for id in ids {
            switch dtype {
            case .uint16:
                guard id >= 0, id <= Int32(UInt16.max) else { throw TokenizerError("token id \(id) does not fit in uint16") }
                let v = UInt16(id)
                buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8))
            case .int32:
                let v = UInt32(bitPattern: id)
                buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8((v >> 8) & 0xFF))
                buffer.append(UInt8((v >> 16) & 0xFF)); buffer.append(UInt8(v >> 24))
            }
        }
        try bin.write(buffer)
        lengths.append(Int32(ids.count))
        tokens += ids.count
    }

    /// Appends every sequence of the indexed dataset `prefix` (`prefix.bin` + `prefix.idx`, of this writer's dtype):
    /// its `.bin` is copied as it is and its lengths are taken from its `.idx`.
    public func append(datasetAt prefix: String) throws {
        let idx = try FileReader.readAll(prefix + ".idx")
        func integer(at offset: Int, size: Int) throws -> Int {
            guard offset + size <= idx.count else { throw FileError(path: prefix + ".idx", reason: "ends early") }
            return (0..<size).reduce(0) { $0 | Int(idx[offset + $1]) << (8 * $1) }
        }
        guard idx.count >= 34, Array(idx[0..<9]) == Self.magic, try integer(at: 9, size: 8) == 1 else {
            throw FileError(path: prefix + ".idx", reason: "is not a Megatron indexed dataset index (MMIDIDX version 1)")
        }
        guard idx[17] == dtype.rawValue else {
            throw FileError(path: prefix + ".idx", reason: "holds dtype code \(idx[17]); this dataset is \(dtype.name)")
        }
        let count = try integer(at: 18, size: 8)
        var binBytes = 0
        for index in 0..<count {
            let length = try integer(at: 34 + 4 * index, size: 4)
            lengths.append(Int32(truncatingIfNeeded: length))
            tokens += length
            binBytes += length * dtype.size
        }
        let reader = try FileReader(path: prefix + ".bin")
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var copied = 0
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            try chunk.withUnsafeBytes { try bin.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            copied += n
        }
        guard copied == binBytes else {
            throw FileError(path: prefix + ".bin", reason: "holds \(copied) bytes; its .idx says \(binBytes)")
        }
    }

    /// Commits `.bin` and writes `.idx`, streamed: the lengths (4 bytes a document) are all it holds, not the
    /// index's 20 bytes a document.
    public func finish() throws {
        try bin.commit()
        let count = lengths.count
        let idx = try AtomicFileWriter(path: idxPath)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        func emit<T: FixedWidthInteger>(_ value: T) throws {
            Self.append(value, to: &bytes)
            if bytes.count >= 1 << 16 {
                try idx.write(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        bytes += Self.magic
        try emit(UInt64(1))
        bytes.append(dtype.rawValue)
        try emit(UInt64(count))
        try emit(UInt64(count + 1))
        for length in lengths { try emit(UInt32(bitPattern: length)) }
        var pointer: Int64 = 0
        for length in lengths {
            try emit(UInt64(bitPattern: pointer))
            pointer += Int64(length) * Int64(dtype.size)
        }
        for i in 0...count { try emit(UInt64(i)) }
        try idx.write(bytes)
        try idx.commit()
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
