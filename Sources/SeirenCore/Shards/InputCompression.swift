import SeirenCompression
import SeirenZstd

/// How an input file is compressed: from its name, checked against its first bytes. Seiren reads zstd, gzip, xz
/// and bzip2 (each streamed, never whole); any other compression, and a name that disagrees with the data, is
/// refused rather than read as zero documents or as garbage.
public enum InputCompression: String, Sendable, CaseIterable {
    case none, zstd, gzip, xz, bzip2

    /// The name's ending for each compression read.
    public var suffix: String? {
        switch self {
        case .none: return nil
        case .zstd: return ".zst"
        case .gzip: return ".gz"
        case .xz: return ".xz"
        case .bzip2: return ".bz2"
        }
    }

    /// Every compressed suffix Seiren reads.
    public static let readSuffixes = allCases.compactMap(\.suffix)

    /// Compressions and archives that are not read, by name ending: refused with a message that names them.
    static let refusedSuffixes = [".zip", ".7z", ".lz4", ".lz", ".lzma", ".lzo", ".br", ".Z", ".sz", ".snappy",
                                  ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".rar", ".zz"]

    /// The first bytes of each compressed format read, and of some that are not.
    private static let magics: [(magic: [UInt8], name: String, compression: InputCompression?)] = [
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd", .zstd),
        ([0x1F, 0x8B], "gzip", .gzip),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", .xz),
        ([0x42, 0x5A, 0x68], "bzip2", .bzip2),
        ([0x50, 0x4B, 0x03, 0x04], "zip", nil),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7z", nil),
        ([0x04, 0x22, 0x4D, 0x18], "lz4", nil),
        ([0x5D, 0x00, 0x00], "lzma", nil),
    ]

    /// The longest magic: how many first bytes `detect` wants.
    static let sniffLength = 6

    /// The standard input (`-` on the command line): a stream with no name to go by, so its first bytes alone tell
    /// its compression.
    public static let standardInput = "/dev/stdin"

    /// The compression that data beginning with `head` is in, by its first bytes alone: `.none` for none known,
    /// nil for a compression Seiren does not read.
    public static func sniffed(_ head: ArraySlice<UInt8>) -> InputCompression? {
        magic(of: head).map(\.compression) ?? InputCompression.none
    }

    private static func magic(of head: ArraySlice<UInt8>) -> (magic: [UInt8], name: String, compression: InputCompression?)? {
        magics.first { entry in
            // bzip2's "BZh" is followed by the block size digit; without it, plain text could start the same way.
            head.starts(with: entry.magic)
                && (entry.compression != .bzip2 || (head.count > 3 && (0x31...0x39).contains(head[head.startIndex + 3])))
        }
    }

    /// The compression of `path`, whose file begins with `head` (fewer bytes only when the file is shorter).
    public static func detect(path: String, head: ArraySlice<UInt8>) throws -> InputCompression {
        if path == standardInput {
            guard let compression = sniffed(head) else {
                throw ShardError.unsupported(path: path, reason: "the data is \(magic(of: head)!.name)-compressed, which Seiren does not read; decompress it first")
            }
            return compression
        }
        let byName = allCases.first { $0.suffix.map(path.hasSuffix) ?? false } ?? .none
        let archive = byName.suffix.map { path.hasSuffix(".tar" + $0) } ?? false
        if let refused = archive ? ".tar" + byName.suffix! : byName == .none ? refusedSuffixes.first(where: path.hasSuffix) : nil {
            throw ShardError.unsupported(path: path, reason: "\(refused) files are not read; decompress it to JSON Lines (or recompress it as .zst, .gz, .xz or .bz2)")
        }
        guard !head.isEmpty else { return byName }  // An empty file: no data to disagree with the name.
        let byData = magic(of: head)
        switch (byName, byData) {
        case (.none, nil):
            return .none
        case (.none, let found?):
            throw ShardError.unsupported(path: path, reason: "the data is \(found.name)-compressed but the name has no matching ending (\(found.compression?.suffix ?? "a compression Seiren does not read")); rename or decompress it")
        case (let named, let found?) where found.compression == named:
            return named
        case (let named, nil):
            return named  // Damaged from the first byte: the decompressor reports it as corrupt, like any damage.
        default:
            throw ShardError.unsupported(path: path, reason: "the name says \(byName.rawValue) but the data is \(byData?.name ?? "?")-compressed; rename it")
        }
    }

    /// A decompressor for this compression, or nil for plain files.
    func makeDecompressor() throws -> StreamDecompressor? {
        switch self {
        case .none: return nil
        case .zstd: return try ZstdDecompressor()
        case .gzip: return try GzipDecompressor()
        case .xz: return try XZDecompressor()
        case .bzip2: return try Bzip2Decompressor()
        }
    }
}

/// A decompressor pulled one bounded step at a time (at most one output buffer per step), so memory stays bounded
/// however well the data compresses. `finish()` throws when the input ended in the middle of a stream.
protocol StreamDecompressor: AnyObject {
    func decompressStep(_ input: UnsafeRawBufferPointer, consumed: inout Int,
                        sink: (UnsafeRawBufferPointer) throws -> Void) throws
    func finish() throws
}

extension ZstdDecompressor: StreamDecompressor {}
extension GzipDecompressor: StreamDecompressor {}
extension XZDecompressor: StreamDecompressor {}
extension Bzip2Decompressor: StreamDecompressor {}
