import CCompression

/// Streaming xz decompression (liblzma) of one or more concatenated streams, pulled one bounded step at a time like
/// `ZstdDecompressor.decompressStep`.
public final class XZDecompressor {
    private let stream: UnsafeMutablePointer<lzma_stream>
    private var output = [UInt8](repeating: 0, count: 1 << 17)
    private var ended = false

    /// The decoder's memory is bounded: an xz header asking for more (a dictionary no real corpus file needs) is an
    /// error, not an allocation.
    public static let memoryLimit: UInt64 = 1 << 30

    public init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: lzma_stream())
        // 0x08 is LZMA_CONCATENATED (a macro Swift does not import): read every stream of the file, as xz -d does.
        let status = lzma_stream_decoder(stream, Self.memoryLimit, 0x08)
        guard status == LZMA_OK else {
            stream.deallocate()
            throw CompressionError.library(format: "xz", message: "cannot start decoding (liblzma status \(status.rawValue))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    /// Decompresses from `input` starting at `consumed` into at most one output buffer (128 KiB), advancing
    /// `consumed`. An empty `input` means the end of the file: the decoder is told to finish.
    public func decompressStep(_ input: UnsafeRawBufferPointer, consumed: inout Int,
                               sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !ended else { return }
        let available = input.count - consumed
        let capacity = output.count
        let (status, used, produced) = output.withUnsafeMutableBytes { out -> (lzma_ret, Int, Int) in
            stream.pointee.next_in = available > 0 ? input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: UInt8.self) : nil
            stream.pointee.avail_in = available
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = capacity
            let status = lzma_code(stream, available > 0 ? LZMA_RUN : LZMA_FINISH)
            return (status, available - stream.pointee.avail_in, capacity - stream.pointee.avail_out)
        }
        consumed += used
        switch status {
        case LZMA_OK, LZMA_BUF_ERROR:
            break
        case LZMA_STREAM_END:
            ended = true
        case LZMA_MEMLIMIT_ERROR:
            throw CompressionError.library(format: "xz", message: "the stream needs more than \(Self.memoryLimit >> 20) MiB of memory to decode")
        case LZMA_FORMAT_ERROR:
            throw CompressionError.library(format: "xz", message: "not xz data")
        case LZMA_DATA_ERROR:
            throw CompressionError.library(format: "xz", message: "corrupt data")
        default:
            throw CompressionError.library(format: "xz", message: "liblzma status \(status.rawValue)")
        }
        if produced > 0 {
            try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
        }
    }

    /// Call at end of input (after a step with empty input gave nothing more): throws `.truncated` when the last
    /// stream did not end.
    public func finish() throws {
        if !ended { throw CompressionError.truncated(format: "xz") }
    }
}
