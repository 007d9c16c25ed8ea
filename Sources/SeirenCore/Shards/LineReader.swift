import SeirenZstd
#if canImport(Glibc)
import Glibc
#endif

/// Streams the lines of a JSON Lines file, plain or zstd-compressed (chosen by the `.zst` suffix), without loading
/// the file. Lines are returned without their `\n` (and without a `\r` before it).
public final class LineReader {
    public let path: String
    /// Lines longer than this are refused (the reader would otherwise hold them whole in memory).
    public let maxLineBytes: Int
    private let file: FileReader
    private let decompressor: ZstdDecompressor?
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    /// How much of `chunk` holds compressed input, and how much of that zstd has taken.
    private var chunkFilled = 0
    private var chunkConsumed = 0
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var atEnd = false
    public private(set) var lineNumber = 0
    /// The most decompressed bytes held at once (bounded by the longest line plus one zstd output buffer).
    private(set) var peakBufferedBytes = 0
    /// Bytes of (decompressed) content read so far.
    public private(set) var bytesRead = 0

    public init(path: String, maxLineBytes: Int = 1 << 30) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        file = try FileReader(path: path)
        decompressor = path.hasSuffix(".zst") ? try ZstdDecompressor() : nil
    }

    /// A line that could not be returned whole.
    public struct LineTooLong: Error, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var limit: Int
        public var description: String { "\(path):\(line): line longer than \(limit) bytes" }
    }

    /// The next line and its 1-based number, or nil at the end of the file.
    public func next() throws -> (line: ArraySlice<UInt8>, number: Int)? {
        while true {
            if let newline = Self.newline(in: pending, from: pendingStart) {
                if newline - pendingStart > maxLineBytes {
                    pendingStart = newline + 1
                    lineNumber += 1
                    throw LineTooLong(path: path, line: lineNumber, limit: maxLineBytes)
                }
                var end = newline
                if end > pendingStart, pending[end - 1] == 0x0D { end -= 1 }
                let line = pending[pendingStart..<end]
                pendingStart = newline + 1
                lineNumber += 1
                return (line, lineNumber)
            }
            if pending.count - pendingStart > maxLineBytes {
                lineNumber += 1
                let number = lineNumber
                try skipRestOfLine()
                throw LineTooLong(path: path, line: number, limit: maxLineBytes)
            }
            if atEnd {
                guard pendingStart < pending.count else { return nil }
                var end = pending.count
                if pending[end - 1] == 0x0D { end -= 1 }
                let line = pending[pendingStart..<end]
                pendingStart = pending.count
                lineNumber += 1
                return (line, lineNumber)
            }
            try fill()
        }
    }

    /// The index of the next `\n` at or after `start` (memchr: this scan is on every byte read).
    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return nil }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func skipRestOfLine() throws {
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        while !atEnd {
            try fill()
            if let newline = Self.newline(in: pending, from: 0) {
                pendingStart = newline + 1
                return
            }
            pending.removeAll(keepingCapacity: true)
        }
    }

    private func fill() throws {
        if pendingStart > 0 {
            pending.removeSubrange(0..<pendingStart)
            pendingStart = 0
        }
        guard let decompressor else {
            let n = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            if n == 0 { atEnd = true; return }
            pending.append(contentsOf: chunk[0..<n])
            bytesRead += n
            return
        }
        // zstd: pull at most one output buffer per step, so memory stays bounded however well the data compresses.
        do {
            var produced = 0
            while produced == 0 {
                if chunkConsumed == chunkFilled {
                    chunkFilled = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                    chunkConsumed = 0
                    if chunkFilled == 0 {
                        // The frame may still hold buffered output; flush it before calling the end.
                        try chunk.withUnsafeBytes { raw in
                            try decompressor.decompressStep(UnsafeRawBufferPointer(rebasing: raw[0..<0]), consumed: &chunkConsumed) { output in
                                pending.append(contentsOf: output)
                                produced += output.count
                            }
                        }
                        if produced > 0 { break }
                        atEnd = true
                        try decompressor.finish()
                        break
                    }
                }
                try chunk.withUnsafeBytes { raw in
                    try decompressor.decompressStep(UnsafeRawBufferPointer(rebasing: raw[0..<chunkFilled]), consumed: &chunkConsumed) { output in
                        pending.append(contentsOf: output)
                        produced += output.count
                    }
                }
            }
            bytesRead += produced
            peakBufferedBytes = max(peakBufferedBytes, pending.count)
        } catch let error as ZstdError {
            throw ShardError.corrupt(path: path, reason: "\(error)")
        }
    }
}

/// Problems with shard files and datasets.
public enum ShardError: Error, CustomStringConvertible {
    case corrupt(path: String, reason: String)
    case notADataset(path: String, reason: String)

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path): corrupt or truncated zstd data (\(reason))"
        case .notADataset(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
