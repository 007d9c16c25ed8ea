import CZstd

/// A zstd failure: the library's message, or a stream that ended in the middle of a frame.
public enum ZstdError: Error, CustomStringConvertible, Equatable {
    case library(String)
    case truncated

    public var description: String {
        switch self {
        case .library(let message): return "zstd: \(message)"
        case .truncated: return "zstd: the stream ends in the middle of a frame (truncated file)"
        }
    }
}

@inline(__always)
private func check(_ code: Int) throws -> Int {
    if ZSTD_isError(code) != 0 { throw ZstdError.library(String(cString: ZSTD_getErrorName(code))) }
    return code
}

/// Streaming zstd compression. Output is handed to a sink in chunks; the same input and level always give the
/// same bytes (single-threaded mode, so output does not depend on the machine).
public final class ZstdCompressor {
    private let context: OpaquePointer
    private var output: [UInt8]

    public init(level: Int32 = 3) throws {
        guard let context = ZSTD_createCCtx() else { throw ZstdError.library("cannot allocate a compression context") }
        self.context = context
        self.output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        _ = try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
        _ = try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `input`, passing any finished output to `sink`.
    public func compress(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(input, directive: ZSTD_e_continue, sink: sink)
    }

    /// Ends the frame and flushes everything to `sink`. The compressor can then start a new frame.
    public func finish(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), directive: ZSTD_e_end, sink: sink)
    }

    private func run(_ input: UnsafeRawBufferPointer, directive: ZSTD_EndDirective,
                     sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let capacity = output.count
        try output.withUnsafeMutableBytes { out in
            while true {
                var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
                let remaining = try check(ZSTD_compressStream2(context, &outBuffer, &inBuffer, directive))
                if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<outBuffer.pos])) }
                let done = directive == ZSTD_e_end ? remaining == 0 : inBuffer.pos == inBuffer.size
                if done { break }
            }
        }
    }
}

/// Streaming zstd decompression of one or more concatenated frames.
public final class ZstdDecompressor {
    private let context: OpaquePointer
    private var output: [UInt8]
    /// False while a frame has started but not ended: at end of input that means the file was truncated.
    public private(set) var atFrameBoundary = true

    public init() throws {
        guard let context = ZSTD_createDCtx() else { throw ZstdError.library("cannot allocate a decompression context") }
        self.context = context
        self.output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses `input`, passing output to `sink` as it is produced.
    public func decompress(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let capacity = output.count
        try output.withUnsafeMutableBytes { out in
            while inBuffer.pos < inBuffer.size || !atFrameBoundary {
                var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
                let hint = try check(ZSTD_decompressStream(context, &outBuffer, &inBuffer))
                atFrameBoundary = hint == 0
                if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<outBuffer.pos])) }
                // No progress possible without more input.
                if outBuffer.pos < capacity && inBuffer.pos == inBuffer.size { break }
            }
        }
    }

    /// One bounded step: decompresses from `input` starting at `consumed` into at most one output buffer
    /// (`ZSTD_DStreamOutSize()`, 128 KiB), advancing `consumed`. Callers that must bound memory pull output this
    /// way instead of decompressing a whole input chunk, whose output can be thousands of times larger.
    public func decompressStep(_ input: UnsafeRawBufferPointer, consumed: inout Int,
                               sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: consumed)
        let capacity = output.count
        try output.withUnsafeMutableBytes { out in
            var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
            let before = inBuffer.pos
            let hint = try check(ZSTD_decompressStream(context, &outBuffer, &inBuffer))
            // A call that moved nothing says nothing about frames (with no input after a finished frame, zstd
            // answers with the size of the next frame's header).
            if inBuffer.pos > before || outBuffer.pos > 0 { atFrameBoundary = hint == 0 }
            consumed = inBuffer.pos
            if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<outBuffer.pos])) }
        }
    }

    /// Call at end of input: throws `.truncated` when the last frame did not end.
    public func finish() throws {
        if !atFrameBoundary { throw ZstdError.truncated }
    }
}

/// One-shot helpers over byte arrays.
public enum Zstd {
    public static func compress(_ bytes: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        let compressor = try ZstdCompressor(level: level)
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { input in
            try compressor.compress(input) { out.append(contentsOf: $0) }
        }
        try compressor.finish { out.append(contentsOf: $0) }
        return out
    }

    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let decompressor = try ZstdDecompressor()
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { input in
            try decompressor.decompress(input) { out.append(contentsOf: $0) }
        }
        try decompressor.finish()
        return out
    }
}
