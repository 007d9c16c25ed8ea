import SeirenCompression
import SeirenZstd
#if canImport(Glibc)
import Glibc
#endif

/// Streams the lines of a JSON Lines file, plain or compressed (zstd, gzip, xz or bzip2: see `InputCompression`),
/// without loading the file. Lines are returned without their `\n` (and without a `\r` before it).
///
/// Time is linear in the bytes read: each byte is searched for a newline once, however long its line. A line longer
/// than `maxLineBytes` is refused without being held; reading goes on after it when it ends within twice the limit,
/// and otherwise the file is read no further, so the limit bounds time as well as memory (a small compressed file
/// can hold a line of many gigabytes).
public final class LineReader {
    public let path: String
    /// Lines longer than this are refused (the reader would otherwise hold them whole in memory).
    public let maxLineBytes: Int
    private let file: FileReader
    public let compression: InputCompression
    private let decompressor: StreamDecompressor?
    private var chunk: [UInt8]
    /// How much of `chunk` holds input read from the file, and how much of that has been taken.
    private var chunkFilled = 0
    private var chunkConsumed = 0
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// `pending` holds no newline before this index (at or after `pendingStart`): where the next search starts.
    private var searchFrom = 0
    private var atEnd = false
    public private(set) var lineNumber = 0
    /// The most decompressed bytes held at once (bounded by the longest line plus one zstd output buffer).
    private(set) var peakBufferedBytes = 0
    /// Bytes of (decompressed) content read so far.
    public private(set) var bytesRead = 0

    public init(path: String, maxLineBytes: Int = 1 << 30) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        let file = try FileReader(path: path)
        self.file = file
        // The first bytes say how the file is compressed; they stay in `chunk` as the start of the input.
        var head = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        while filled < InputCompression.sniffLength {
            let n = try head.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
        }
        compression = try InputCompression.detect(path: path, head: head[0..<filled])
        decompressor = try compression.makeDecompressor()
        chunk = head
        chunkFilled = filled
    }

    /// Bytes searched for a newline so far: once each, so at most `bytesRead` (what keeps long lines linear).
    private(set) var bytesSearched = 0

    /// A line that could not be returned whole.
    public struct LineTooLong: Error, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var limit: Int
        /// The line went on past twice the limit: the rest of the file is not read.
        public var endsFile: Bool
        public var description: String {
            "\(path):\(line): line longer than \(limit) bytes" + (endsFile ? ", and longer than \(limit * 2): the rest of the file is not read" : "")
        }
    }

    /// How long an over-long line may go on and still be skipped to the next line.
    private var skipLimit: Int { maxLineBytes > Int.max / 2 ? Int.max : maxLineBytes * 2 }

    /// The next line and its 1-based number, or nil at the end of the file.
    public func next() throws -> (line: ArraySlice<UInt8>, number: Int)? {
        while true {
            if let newline = search() {
                if newline - pendingStart > maxLineBytes {
                    lineNumber += 1
                    let endsFile = newline - pendingStart > skipLimit
                    if endsFile { abandon() } else { pendingStart = newline + 1 }
                    throw LineTooLong(path: path, line: lineNumber, limit: maxLineBytes, endsFile: endsFile)
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
                let skipped = try skipRestOfLine()
                throw LineTooLong(path: path, line: number, limit: maxLineBytes, endsFile: !skipped)
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

    /// The index of the next `\n` in `pending` from the current line, searching only bytes not searched before.
    private func search() -> Int? {
        let start = max(searchFrom, pendingStart)
        let found = Self.newline(in: pending, from: start)
        let end = found ?? pending.count
        bytesSearched += max(0, end - start)
        searchFrom = found.map { $0 + 1 } ?? pending.count
        return found
    }

    /// Stops reading: the file's remaining bytes are left unread.
    private func abandon() {
        pending.removeAll()
        pendingStart = 0
        searchFrom = 0
        atEnd = true
    }

    /// The index of the next `\n` at or after `start` (memchr: this scan is on every byte read).
    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return nil }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads past the rest of an over-long line without keeping it, up to `skipLimit` bytes of the line in all.
    /// True when the line ended there (reading can go on), false when the file was abandoned.
    private func skipRestOfLine() throws -> Bool {
        var lineBytes = pending.count - pendingStart
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        searchFrom = 0
        while !atEnd {
            try fill()
            if let newline = search() {
                guard lineBytes + newline <= skipLimit else { abandon(); return false }
                pendingStart = newline + 1
                return true
            }
            lineBytes += pending.count
            pending.removeAll(keepingCapacity: true)
            searchFrom = 0
            if lineBytes > skipLimit { abandon(); return false }
        }
        return true
    }

    private func fill() throws {
        if pendingStart > 0 {
            pending.removeSubrange(0..<pendingStart)
            searchFrom = max(0, searchFrom - pendingStart)
            pendingStart = 0
        }
        guard let decompressor else {
            if chunkConsumed == chunkFilled {
                chunkFilled = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                chunkConsumed = 0
            }
            let n = chunkFilled - chunkConsumed
            if n == 0 { atEnd = true; return }
            pending.append(contentsOf: chunk[chunkConsumed..<chunkFilled])
            chunkConsumed = chunkFilled
            bytesRead += n
            return
        }
        // Pull at most one output buffer per step, so memory stays bounded however well the data compresses.
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
        } catch let error as CompressionError {
            throw ShardError.corrupt(path: path, reason: "\(error)")
        }
    }
}

/// Problems with shard files and datasets.
public enum ShardError: Error, CustomStringConvertible {
    case corrupt(path: String, reason: String)
    case notADataset(path: String, reason: String)
    /// A file Seiren does not read (an unknown compression, a name that disagrees with the data).
    case unsupported(path: String, reason: String)

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path): corrupt or truncated compressed data (\(reason))"
        case .notADataset(let path, let reason), .unsupported(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
