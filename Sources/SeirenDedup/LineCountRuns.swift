import Foundation
import SeirenCore

/// The line counts of the lines phase kept on disk: each shard's counts are written as a run sorted by line hash
/// (12 bytes a line: hash, documents), and the runs are merged in one streaming pass that keeps only the lines
/// over the threshold. Memory holds one shard's counts and a read buffer per run, however large the corpus; the
/// corpus-wide table of every distinct line is never built.
struct LineCountRuns {
    let directory: String
    private(set) var files: [String] = []

    /// `directory` must not exist; it is made here and removed by `boilerplate`.
    init(directory: String) throws {
        self.directory = directory
        try FileSystem.createDirectory(directory)
    }

    mutating func append(_ counts: LineBoilerplate) throws {
        let sorted = counts.documentFrequency.sorted { $0.key < $1.key }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.count * 12)
        for (key, count) in sorted {
            withUnsafeBytes(of: key.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let path = directory + "/" + String(files.count) + ".counts"
        try AtomicFileWriter.write(bytes, to: path)
        files.append(path)
    }

    /// The lines in more than `threshold` documents over all runs; the runs are removed.
    func boilerplate(threshold: Int) throws -> [UInt64: Int32] {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var readers = try files.map { try RunReader(path: $0) }
        // A min-heap of the runs by their current line hash.
        func before(_ a: Int, _ b: Int) -> Bool { readers[a].key! < readers[b].key! }
        var heap = Heap(readers.indices.filter { readers[$0].key != nil }, by: before)
        var result: [UInt64: Int32] = [:]
        while let top = heap.top {
            let key = readers[top].key!
            var total: Int32 = 0
            while let run = heap.top, readers[run].key == key {
                total += readers[run].count
                try readers[run].advance()
                if readers[run].key == nil {
                    _ = heap.pop(by: before)
                } else {
                    heap.replaceTop(with: run, by: before)
                }
            }
            if total > Int32(threshold) { result[key] = total }
        }
        return result
    }

    /// Streams one run.
    private struct RunReader {
        let file: FileReader
        var buffer = [UInt8](repeating: 0, count: 12 << 12)
        var filled = 0
        var offset = 0
        private(set) var key: UInt64?
        private(set) var count: Int32 = 0

        init(path: String) throws {
            file = try FileReader(path: path)
            try advance()
        }

        mutating func advance() throws {
            if offset + 12 > filled {
                let rest = filled - offset
                buffer.withUnsafeMutableBytes { raw in
                    if rest > 0 { raw.baseAddress!.copyMemory(from: raw.baseAddress! + offset, byteCount: rest) }
                }
                filled = rest
                offset = 0
                while filled < 12 {
                    let n = try buffer.withUnsafeMutableBytes { raw in
                        try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                    }
                    if n == 0 { break }
                    filled += n
                }
                guard filled >= 12 else {
                    if filled > 0 { throw FileError(path: file.path, reason: "a line-count run ends inside a record") }
                    key = nil
                    return
                }
            }
            buffer.withUnsafeBytes { raw in
                key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                count = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self))
            }
            offset += 12
        }
    }
}
