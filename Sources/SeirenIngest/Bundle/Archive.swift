import Crypto
import Foundation
import SeirenCore
#if canImport(Glibc)
import Glibc
#endif

/// The payload of a bundle: the files of a dataset directory as length-prefixed entries, streamed.
///
///     magic "SEIRENAR" | version u32 = 1
///     per file: 'F' | path length u16 | path (UTF-8, relative, '/'-separated) | size u64 | bytes
///     end:      'E'
///
/// Files come in bytewise path order, so the same directory always gives the same bytes (and the same digest).
public enum ArchiveFormat {
    public static let name = "seiren-archive-v1"
    static let magic: [UInt8] = Array("SEIRENAR".utf8)
    static let version: UInt32 = 1
    static let fileTag = UInt8(ascii: "F")
    static let endTag = UInt8(ascii: "E")

    /// Whether a stored path stays inside the directory it is unpacked into: relative, no `.`/`..`/empty parts,
    /// no backslashes or control characters.
    public static func isSafePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"),
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }
}

public enum ArchiveWriter {
    /// Streams the archive of `directory` (its regular files, recursively, dot-files excluded) to `sink`.
    /// Returns the files written, relative to `directory`.
    @discardableResult
    public static func write(directory: String, to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> [String] {
        func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try sink($0) } }
        try emit(ArchiveFormat.magic + BigEndian.bytes(ArchiveFormat.version))
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var names: [String] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for file in try FileSystem.files(under: root) {
            let relative = String(file.dropFirst(root.count + 1))
            guard ArchiveFormat.isSafePath(relative), relative.utf8.count <= Int(UInt16.max) else {
                throw BundleError(file, .badArchive, "file name cannot be stored in a bundle")
            }
            guard let size = FileSystem.fileSize(file) else { throw BundleError(file, .badArchive, "cannot read its size") }
            try emit([ArchiveFormat.fileTag] + BigEndian.bytes(UInt16(relative.utf8.count)) + Array(relative.utf8)
                     + BigEndian.bytes(UInt64(size)))
            let reader = try FileReader(path: file)
            var remaining = size
            while remaining > 0 {
                let n = try chunk.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<min($0.count, remaining)])) }
                guard n > 0 else { throw BundleError(file, .badArchive, "file shrank while being packed") }
                try chunk.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                remaining -= n
            }
            let extra = try chunk.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<1])) }
            guard extra == 0 else { throw BundleError(file, .badArchive, "file grew while being packed") }
            names.append(relative)
        }
        try emit([ArchiveFormat.endTag])
        return names
    }

    /// The SHA-256 of the archive of `directory`, without writing it anywhere.
    public static func digest(directory: String) throws -> String {
        var hasher = SHA256()
        try write(directory: directory) { hasher.update(bufferPointer: $0) }
        return Hex.string(hasher.finalize())
    }
}

/// Reads an archive pushed to it in pieces of any size (decrypted chunks) and hands out its entries: with a
/// destination, writes the files under it (refusing paths that leave it and existing files); without one, only
/// lists them.
public final class ArchiveUnpacker {
    public struct Entry: Equatable, Sendable {
        public var path: String
        public var size: Int
    }

    private enum State {
        case magic
        case tag
        case pathLength
        case path(Int)
        case size(String)
        case data(Entry, remaining: Int)
        case done
    }

    public let destination: String?
    private let label: String
    private var state = State.magic
    private var pending: [UInt8] = []
    private var descriptor: Int32 = -1
    public private(set) var entries: [Entry] = []

    /// `label` names the archive in errors (the bundle's path).
    public init(destination: String?, label: String) {
        self.destination = destination
        self.label = label
    }

    deinit { if descriptor >= 0 { try? Posix.close(descriptor, path: label) } }

    private func bad(_ message: String) -> BundleError { BundleError(label, .badArchive, "payload: \(message)") }

    public func feed(_ bytes: [UInt8]) throws {
        var input = bytes[...]
        while !input.isEmpty {
            switch state {
            case .data(let entry, let remaining):
                let n = min(remaining, input.count)
                try writeData(input.prefix(n))
                input = input.dropFirst(n)
                if remaining - n == 0 {
                    try closeFile(entry)
                    state = .tag
                } else {
                    state = .data(entry, remaining: remaining - n)
                }
            case .done:
                throw bad("data after the end of the archive")
            default:
                let need = needed()
                let take = min(need - pending.count, input.count)
                pending += input.prefix(take)
                input = input.dropFirst(take)
                if pending.count == need {
                    let field = pending
                    pending.removeAll(keepingCapacity: true)
                    try advance(with: field)
                }
            }
        }
    }

    /// Call at the end of the payload: the archive must have ended.
    public func finish() throws {
        guard case .done = state else { throw bad("archive ends in the middle (no end marker)") }
    }

    private func needed() -> Int {
        switch state {
        case .magic: return 12
        case .tag: return 1
        case .pathLength: return 2
        case .path(let length): return length
        case .size: return 8
        case .data, .done: return 0
        }
    }

    private func advance(with field: [UInt8]) throws {
        switch state {
        case .magic:
            guard Array(field[0..<8]) == ArchiveFormat.magic else { throw bad("not a Seiren archive") }
            guard BigEndian.uint32(field[8..<12]) == ArchiveFormat.version else { throw bad("unsupported archive version") }
            state = .tag
        case .tag:
            switch field[0] {
            case ArchiveFormat.fileTag: state = .pathLength
            case ArchiveFormat.endTag: state = .done
            default: throw bad("unknown entry type \(field[0])")
            }
        case .pathLength:
            let length = Int(field[0]) << 8 | Int(field[1])
            guard length > 0 else { throw bad("entry with an empty path") }
            state = .path(length)
        case .path:
            guard UTF8Validation.isValid(field) else { throw bad("entry path is not UTF-8") }
            let path = String(decoding: field, as: UTF8.self)
            guard ArchiveFormat.isSafePath(path) else {
                throw bad("entry '\(path)' would be written outside the output directory; refused")
            }
            state = .size(path)
        case .size(let path):
            let size = BigEndian.uint64(field)
            guard size <= UInt64(Int.max) else { throw bad("entry '\(path)' has an impossible size") }
            let entry = Entry(path: path, size: Int(size))
            try openFile(entry)
            if size == 0 {
                try closeFile(entry)
                state = .tag
            } else {
                state = .data(entry, remaining: Int(size))
            }
        case .data, .done:
            break
        }
    }

    private func openFile(_ entry: Entry) throws {
        guard let destination else { return }
        let target = destination + "/" + entry.path
        if let slash = entry.path.lastIndex(of: "/") {
            try FileSystem.createDirectory(destination + "/" + entry.path[..<slash])
        }
        do throws(SystemCallError) {
            descriptor = try Posix.open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        } catch {
            throw bad("cannot create '\(entry.path)': \(error.reason) (duplicate entry?)")
        }
    }

    private func writeData(_ bytes: ArraySlice<UInt8>) throws {
        guard descriptor >= 0 else { return }
        try bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) { try Posix.writeAll(descriptor, raw, path: label) } catch {
                throw bad("cannot write: \(error.reason)")
            }
        }
    }

    private func closeFile(_ entry: Entry) throws {
        entries.append(entry)
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        do { try Posix.close(descriptor, path: label) } catch { throw bad("cannot close '\(entry.path)'") }
    }
}
