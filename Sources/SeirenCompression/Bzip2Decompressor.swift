import CCompression

/// Streaming bzip2 decompression (libbz2) of one or more concatenated streams (as pbzip2 writes), pulled one bounded
/// step at a time like `ZstdDecompressor.decompressStep`.
public final class Bzip2Decompressor {
    private let stream: UnsafeMutablePointer<bz_stream>
    private var output = [UInt8](repeating: 0, count: 1 << 17)
    /// True while a stream has started and not ended: at end of input that means the file was truncated.
    private var inStream = false

    public init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        let status = BZ2_bzDecompressInit(stream, 0, 0)
        guard status == BZ_OK else {
            stream.deallocate()
            throw CompressionError.library(format: "bzip2", message: "cannot start decompressing (libbz2 status \(status))")
        }
    }

    deinit {
        BZ2_bzDecompressEnd(stream)
        stream.deallocate()
    }

    /// Decompresses from `input` starting at `consumed` into at most one output buffer (128 KiB), advancing
    /// `consumed`.
    public func decompressStep(_ input: UnsafeRawBufferPointer, consumed: inout Int,
                               sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let available = input.count - consumed
        guard available > 0 || inStream else { return }
        let capacity = output.count
        let (status, used, produced) = output.withUnsafeMutableBytes { out -> (Int32, Int, Int) in
            stream.pointee.next_in = available > 0
                ? UnsafeMutablePointer(mutating: input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: CChar.self))
                : nil
            stream.pointee.avail_in = UInt32(min(available, Int(UInt32.max)))
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: CChar.self)
            stream.pointee.avail_out = UInt32(capacity)
            let offered = Int(stream.pointee.avail_in)
            let status = BZ2_bzDecompress(stream)
            return (status, offered - Int(stream.pointee.avail_in), capacity - Int(stream.pointee.avail_out))
        }
        consumed += used
        if used > 0 || produced > 0 { inStream = true }
        switch status {
        case BZ_OK:
            break
        case BZ_STREAM_END:
            // Another stream may follow: start afresh.
            inStream = false
            BZ2_bzDecompressEnd(stream)
            stream.pointee = bz_stream()
            guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else {
                throw CompressionError.library(format: "bzip2", message: "cannot restart after a stream")
            }
        case BZ_DATA_ERROR, BZ_DATA_ERROR_MAGIC:
            throw CompressionError.library(format: "bzip2", message: status == BZ_DATA_ERROR_MAGIC ? "not bzip2 data" : "corrupt data")
        case BZ_MEM_ERROR:
            throw CompressionError.library(format: "bzip2", message: "out of memory")
        default:
            throw CompressionError.library(format: "bzip2", message: "libbz2 status \(status)")
        }
        if produced > 0 {
            try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
        }
    }

    /// Call at end of input: throws `.truncated` when the last stream did not end.
    public func finish() throws {
        if inStream { throw CompressionError.truncated(format: "bzip2") }
    }
}
