import SeirenCore
#if canImport(Glibc)
import Glibc
#endif

/// The phases' intermediate files: fixed-size records of `width` little-endian 64-bit words, written in the order
/// the next phase reads them (sorted, when it merges them). Every phase's files live in a unit folder that is
/// renamed into place whole, so a file is never seen half-written; they are not synced one by one (a unit lost to a
/// power cut is rewritten by the rerun, like any unfinished unit).
final class RecordWriter {
    let path: String
    let width: Int
    private var descriptor: Int32
    private var buffer: [UInt64] = []
    private(set) var count = 0

    /// Creates `path`, which must not exist (it is inside a new unit folder).
    init(path: String, width: Int) throws {
        self.path = path
        self.width = width
        descriptor = try FileError.doing("cannot create") {
            try Posix.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        }
        buffer.reserveCapacity(1 << 15)
    }

    /// A writer dropped by an error closes its file (the unit's temporary folder goes with it).
    deinit { if descriptor >= 0 { try? Posix.close(descriptor, path: path) } }

    func append(_ a: UInt64, _ b: UInt64) throws {
        precondition(width == 2)
        buffer.append(a.littleEndian)
        buffer.append(b.littleEndian)
        try appended()
    }

    func append(_ record: [UInt64]) throws {
        precondition(record.count == width)
        for word in record { buffer.append(word.littleEndian) }
        try appended()
    }

    private func appended() throws {
        count += 1
        if buffer.count >= 1 << 15 { try flush() }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { bytes in
            try FileError.doing("write failed", path: path) { try Posix.writeAll(descriptor, bytes, path: path) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try FileError.doing("close failed", path: path) { try Posix.close(descriptor, path: path) }
        descriptor = -1
    }

    /// Writes records laid end to end in `words` (`width` words each) to a new file at `path`.
    static func write(words: [UInt64], width: Int, to path: String) throws {
        precondition(words.count % width == 0)
        let writer = try RecordWriter(path: path, width: width)
        try words.map(\.littleEndian).withUnsafeBytes { bytes in
            try FileError.doing("write failed", path: path) { try Posix.writeAll(writer.descriptor, bytes, path: path) }
        }
        writer.count = words.count / width
        try writer.close()
    }
}

/// Reads a record file: in order through a buffer (`next`), or any record by its index (`record(at:)`).
final class RecordReader {
    let path: String
    let width: Int
    let count: Int
    private let file: FileReader
    private var buffer: [UInt64]
    private var filled = 0
    private var offset = 0
    private var nextIndex = 0
    /// The record `next()` returned last.
    private(set) var current: ArraySlice<UInt64> = []

    init(path: String, width: Int, bufferRecords: Int = 4096) throws {
        self.path = path
        self.width = width
        file = try FileReader(path: path)
        let size = FileSystem.fileSize(path) ?? 0
        guard size % (8 * width) == 0 else {
            throw FileError(path: path, reason: "is \(size) bytes, not a whole number of \(8 * width)-byte records")
        }
        count = size / (8 * width)
        buffer = [UInt64](repeating: 0, count: width * max(1, bufferRecords))
    }

    /// The next record in order, or nil at the end.
    func next() throws -> ArraySlice<UInt64>? {
        guard nextIndex < count else { return nil }
        if offset == filled {
            current = []  // let go of the buffer, so refilling it does not copy it first
            let records = min(buffer.count / width, count - nextIndex)
            try buffer.withUnsafeMutableBytes { raw in
                try file.read(at: nextIndex * width * 8, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<(records * width * 8)]))
            }
            for i in 0..<(records * width) { buffer[i] = UInt64(littleEndian: buffer[i]) }
            filled = records * width
            offset = 0
        }
        current = buffer[offset..<(offset + width)]
        offset += width
        nextIndex += 1
        return current
    }

    /// Record `index`, read on its own (pread).
    func record(at index: Int) throws -> [UInt64] {
        var record = [UInt64](repeating: 0, count: width)
        try record.withUnsafeMutableBytes { try file.read(at: index * width * 8, into: $0) }
        return record.map { UInt64(littleEndian: $0) }
    }

    /// The index of the first record whose first word is at least `key` (the file sorted by its first word).
    func firstIndex(atLeast key: UInt64) throws -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            var word: UInt64 = 0
            try withUnsafeMutableBytes(of: &word) { try file.read(at: mid * width * 8, into: $0) }
            if UInt64(littleEndian: word) < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The records whose first word is in `keys` (the file sorted by its first word).
    func records(firstWordIn keys: Range<UInt64>) throws -> [[UInt64]] {
        let start = try firstIndex(atLeast: keys.lowerBound), end = try firstIndex(atLeast: keys.upperBound)
        return try (start..<end).map { try record(at: $0) }
    }
}

/// Sorted record files of the same layout merged into one ordered stream: by the first `keyWords` words, then by
/// the file's place in the list (the files are the parts, in input order), then by the remaining words. Holds one
/// buffer per file, however long the files are.
struct RecordMerge {
    private var readers: [RecordReader]
    private let keyWords: Int
    private var heap: Heap<Int>

    init(paths: [String], width: Int, keyWords: Int) throws {
        // One file open a part, beside the signature and id files the phase reads (up to 256 each).
        Posix.allowOpenFiles(paths.count + 600)
        let readers = try paths.map { try RecordReader(path: $0, width: width, bufferRecords: 2048) }
        self.readers = readers
        self.keyWords = keyWords
        for reader in readers { _ = try reader.next() }
        let ranks = Self.ranks(readers, keyWords)
        heap = Heap(readers.indices.filter { !readers[$0].current.isEmpty && readers[$0].count > 0 }, by: ranks)
    }

    private static func ranks(_ readers: [RecordReader], _ keyWords: Int) -> (Int, Int) -> Bool {
        { a, b in
            let x = readers[a].current, y = readers[b].current
            for i in 0..<keyWords where x[x.startIndex + i] != y[y.startIndex + i] {
                return x[x.startIndex + i] < y[y.startIndex + i]
            }
            return a < b  // each file is sorted, and holds one place in the heap
        }
    }

    /// The next record and the index of the file it came from, or nil when every file is read.
    mutating func next() throws -> (source: Int, record: [UInt64])? {
        guard let top = heap.top else { return nil }
        let record = Array(readers[top].current)
        let ranks = Self.ranks(readers, keyWords)
        if try readers[top].next() == nil {
            _ = heap.pop(by: ranks)
        } else {
            heap.replaceTop(with: top, by: ranks)
        }
        return (top, record)
    }
}
