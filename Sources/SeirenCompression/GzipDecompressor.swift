import CCompression

/// Streaming gzip decompression (zlib) of one or more concatenated members, pulled one bounded step at a time like
/// `ZstdDecompressor.decompressStep`, so memory stays bounded however well the data compresses.
public final class GzipDecompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 1 << 17)
    /// True while a member has started and not ended: at end of input that means the file was truncated.
    private var inMember = false

    public init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, and gzip headers (not raw deflate or zlib).
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw CompressionError.library(format: "gzip", message: "cannot start inflating (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses from `input` starting at `consumed` into at most one output buffer (128 KiB), advancing
    /// `consumed`, and hands what came out to `sink`.
    public func decompressStep(_ input: UnsafeRawBufferPointer, consumed: inout Int,
                               sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard consumed < input.count || inMember else { return }
        let available = input.count - consumed
        let capacity = output.count
        let (status, used, produced) = output.withUnsafeMutableBytes { out -> (Int32, Int, Int) in
            stream.pointee.next_in = available > 0
                ? UnsafeMutablePointer(mutating: input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                : nil
            stream.pointee.avail_in = uInt(available)
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(capacity)
            let status = inflate(stream, Z_NO_FLUSH)
            return (status, available - Int(stream.pointee.avail_in), capacity - Int(stream.pointee.avail_out))
        }
        consumed += used
        if used > 0 || produced > 0 { inMember = true }
        switch status {
        case Z_OK:
            break
        case Z_BUF_ERROR:
            // No progress possible: more input is needed (or, at the end, the member is cut short).
            break
        case Z_STREAM_END:
            inMember = false
            inflateReset(stream)  // Another member may follow.
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw CompressionError.library(format: "gzip", message: message)
        }
        if produced > 0 {
            try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
        }
    }

    /// Call at end of input: throws `.truncated` when the last member did not end.
    public func finish() throws {
        if inMember { throw CompressionError.truncated(format: "gzip") }
    }
}
