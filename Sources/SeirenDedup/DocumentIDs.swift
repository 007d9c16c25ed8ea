/// Every document's id in input order, as one UTF-8 byte arena with end offsets: the id's length plus 8 bytes a
/// document, where an array of `String` costs 16 bytes and, for an id past 15 bytes, a heap allocation more. Dedup
/// holds every id (the keep rule and the rejects' `kept_id` read them), so this is much of what it holds per document.
public struct DocumentIDs: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    public init() {}

    public var count: Int { ends.count }
    public var indices: Range<Int> { 0..<count }

    public mutating func append(_ id: String) {
        bytes.append(contentsOf: id.utf8)
        ends.append(bytes.count)
    }

    public mutating func append(contentsOf other: DocumentIDs) {
        let offset = bytes.count
        bytes += other.bytes
        ends += other.ends.map { $0 + offset }
    }

    public subscript(index: Int) -> String { String(decoding: utf8(index), as: UTF8.self) }

    /// The keep rule's order of ids: their UTF-8 bytes.
    public func precedes(_ a: Int, _ b: Int) -> Bool { utf8(a).lexicographicallyPrecedes(utf8(b)) }

    public func equal(_ a: Int, _ b: Int) -> Bool { utf8(a).elementsEqual(utf8(b)) }

    private func utf8(_ index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }
}
