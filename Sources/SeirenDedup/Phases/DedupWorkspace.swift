import SeirenCore

/// The phases of dedup, in the order they run. Each is a set of units that can run as tasks of their own: the
/// document parts, hash partitions, bands, or one unit for the whole.
public enum DedupPhase: String, CaseIterable, Sendable {
    /// Per part: each line's document count, partitioned by line hash.
    case lines
    /// Per line partition: every part's counts merged; the lines over the threshold.
    case boilerplate
    /// Per part: ids, flags, MinHash signatures; content hashes partitioned by hash; bucket keys per band, sorted.
    case signatures
    /// Per hash partition: every part's content hashes merged; the duplicates and the document each keeps.
    case exact
    /// Per band: every part's bucket keys merged; candidates compared, the similar pairs written.
    case pairs
    /// One unit: union-find over the pairs; each cluster's kept document and the removed ones.
    case clusters
    /// Per part: every document written to documents/ or rejects/ (the stage's output).
    case removal

    /// Whether its units are the document parts (else partitions of the phases' files).
    public var isPerPart: Bool { self == .lines || self == .signatures || self == .removal }

    /// The phases `settings` needs, in order.
    public static func needed(by settings: DedupSettings) -> [DedupPhase] {
        allCases.filter { phase in
            switch phase {
            case .lines, .boilerplate: return settings.lines
            case .exact: return settings.exact
            case .pairs, .clusters: return settings.minhash
            case .signatures, .removal: return true
            }
        }
    }
}

/// Where the phases' units live and how many of each there are. A unit is a folder, written aside and renamed in
/// whole (`DedupUnit`), named by its number like a stage's parts; `folders[phase]` holds a phase's units.
/// Documents are addressed by `DocumentRef`: part and position, so input order is their numeric order.
public struct DedupWorkspace: Sendable {
    public let settings: DedupSettings
    /// Document parts (the input's parts, or `seiren dedup`'s input files).
    public let parts: Int
    let folders: [DedupPhase: String]

    public init(settings: DedupSettings, parts: Int, folders: [DedupPhase: String]) {
        self.settings = settings
        self.parts = parts
        self.folders = folders
    }

    /// Line counts and content hashes are split into this many hash partitions: one task each in their merging
    /// phases. Fixed by the part count (never by the task count), at most 32, so a phase writes at most 32 files a
    /// part.
    public static func hashPartitions(parts: Int) -> Int { max(1, min(parts, 32)) }
    var hashPartitions: Int { Self.hashPartitions(parts: parts) }

    /// How many units `phase` has.
    public static func units(of phase: DedupPhase, settings: DedupSettings, parts: Int) -> Int {
        if phase.isPerPart { return parts }
        switch phase {
        case .boilerplate, .exact: return hashPartitions(parts: parts)
        case .pairs: return settings.bands
        default: return 1  // clusters
        }
    }

    func unit(_ phase: DedupPhase, _ index: Int) -> String { folders[phase]! + "/" + StagePart.folderName(index) }

    func file(_ phase: DedupPhase, _ index: Int, _ name: String) -> String { unit(phase, index) + "/" + name }

    /// The numbers a phase's unit wrote in its `unit.json`.
    func summary(_ phase: DedupPhase, _ index: Int) throws -> JSONValue {
        try JSONParser.parse(try FileReader.readAll(file(phase, index, DedupUnit.summaryName)))
    }

    /// Each part's document count (from the signatures phase).
    func documentCounts() throws -> [Int] {
        try (0..<parts).map { try summary(.signatures, $0)["documents"]?.intValue ?? 0 }
    }

    /// The boilerplate lines (hash → documents), from every line partition; empty when lines are off.
    func boilerplate() throws -> [UInt64: Int32] {
        guard settings.lines else { return [:] }
        var lines: [UInt64: Int32] = [:]
        for partition in 0..<hashPartitions {
            let reader = try RecordReader(path: file(.boilerplate, partition, "lines"), width: 2)
            while let record = try reader.next() { lines[record[record.startIndex]] = Int32(record[record.startIndex + 1]) }
        }
        return lines
    }
}

/// A document's place in the input: its part and its position among the part's documents, as one number whose
/// order is the input order.
struct DocumentRef: Hashable, Comparable, Sendable {
    var value: UInt64

    init(part: Int, position: Int) { value = UInt64(part) << 32 | UInt64(position) }
    init(_ value: UInt64) { self.value = value }

    var part: Int { Int(value >> 32) }
    var position: Int { Int(value & 0xFFFF_FFFF) }

    /// Every reference of `part`.
    static func range(ofPart part: Int) -> Range<UInt64> { UInt64(part) << 32 ..< UInt64(part + 1) << 32 }

    static func < (a: DocumentRef, b: DocumentRef) -> Bool { a.value < b.value }
}

/// One unit's folder, written aside and renamed into place when `commit()` is called: a unit is there whole or not
/// at all, so a rerun after a crash redoes just the missing units. `unit.json` holds the unit's numbers and is its
/// completion mark.
struct DedupUnit {
    static let summaryName = "unit.json"
    private let staging: StagingDirectory

    init(_ folder: String) throws { staging = try StagingDirectory(destination: folder, overwrite: true) }

    func path(_ name: String) -> String { staging.path + "/" + name }

    func commit(_ summary: JSONValue = .object([])) throws {
        try JSONFile.write(summary, to: path(Self.summaryName))
        try staging.commit()
    }
}

/// The ids of a part's documents on disk (`ids`: their UTF-8 bytes end to end; `id-ends`: each one's end offset),
/// read one at a time: the keep rule and the rejects' `kept_id` need a few ids, never all of them.
struct PartIDs {
    private let bytes: FileReader
    private let ends: RecordReader

    init(folder: String) throws {
        bytes = try FileReader(path: folder + "/ids")
        ends = try RecordReader(path: folder + "/id-ends", width: 1, bufferRecords: 1)
    }

    func utf8(_ position: Int) throws -> [UInt8] {
        guard position < ends.count else { throw Self.damaged(ends.path, position) }
        let start = position == 0 ? 0 : Int(try ends.record(at: position - 1)[0])
        let end = Int(try ends.record(at: position)[0])
        guard start <= end else { throw Self.damaged(ends.path, position) }
        var id = [UInt8](repeating: 0, count: end - start)
        try id.withUnsafeMutableBytes { try bytes.read(at: start, into: $0) }
        return id
    }

    private static func damaged(_ path: String, _ position: Int) -> FileError {
        FileError(path: path, reason: "has no id at position \(position): the dedup phases' files are damaged; remove their stage folders and run again")
    }

    /// Writes the ids of a part, in order.
    static func write(_ ids: [String], to unit: DedupUnit) throws {
        var bytes: [UInt8] = []
        var ends: [UInt64] = []
        for id in ids {
            bytes.append(contentsOf: id.utf8)
            ends.append(UInt64(bytes.count))
        }
        try AtomicFileWriter.write(bytes, to: unit.path("ids"))
        try RecordWriter.write(words: ends, width: 1, to: unit.path("id-ends"))
    }
}

/// The ids of every part, opened as they are asked for, with the keep rule of exact and near duplicates: the
/// smallest `id` in UTF-8 byte order, then the earliest in input order.
final class WorkspaceIDs {
    private let workspace: DedupWorkspace
    private var opened: [Int: PartIDs] = [:]

    init(_ workspace: DedupWorkspace) { self.workspace = workspace }

    func utf8(_ document: DocumentRef) throws -> [UInt8] {
        if opened[document.part] == nil {
            if opened.count >= 256 { opened.removeAll() }  // descriptors are finite; parts may be thousands
            opened[document.part] = try PartIDs(folder: workspace.unit(.signatures, document.part))
        }
        return try opened[document.part]!.utf8(document.position)
    }

    func string(_ document: DocumentRef) throws -> String { String(decoding: try utf8(document), as: UTF8.self) }

    /// The document the keep rule keeps of `documents` (not empty).
    func kept(of documents: [DocumentRef]) throws -> DocumentRef {
        var best = documents[0], bestID = try utf8(best)
        for document in documents.dropFirst() {
            let id = try utf8(document)
            if id.lexicographicallyPrecedes(bestID) || (id == bestID && document < best) {
                best = document
                bestID = id
            }
        }
        return best
    }
}

/// Every part's MinHash signatures, read two at a time to estimate a candidate pair's Jaccard.
final class WorkspaceSignatures {
    private let workspace: DedupWorkspace
    private let hashes: Int
    private var opened: [Int: FileReader] = [:]
    private var pair: [UInt32]

    init(_ workspace: DedupWorkspace) {
        self.workspace = workspace
        hashes = workspace.settings.hashes
        pair = [UInt32](repeating: 0, count: 2 * hashes)
    }

    private func reader(_ part: Int) throws -> FileReader {
        if let reader = opened[part] { return reader }
        if opened.count >= 256 { opened.removeAll() }
        let reader = try FileReader(path: workspace.file(.signatures, part, "signatures"))
        opened[part] = reader
        return reader
    }

    func estimatedJaccard(_ x: DocumentRef, _ y: DocumentRef) throws -> Double {
        let size = hashes * 4
        let first = try reader(x.part), second = try reader(y.part)
        try pair.withUnsafeMutableBytes { raw in
            try first.read(at: x.position * size, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<size]))
            try second.read(at: y.position * size, into: UnsafeMutableRawBufferPointer(rebasing: raw[size..<(2 * size)]))
        }
        return pair.withUnsafeBufferPointer { all in
            MinHasher.estimatedJaccard(UnsafeBufferPointer(rebasing: all[0..<hashes]),
                                       UnsafeBufferPointer(rebasing: all[hashes..<(2 * hashes)]))
        }
    }
}
