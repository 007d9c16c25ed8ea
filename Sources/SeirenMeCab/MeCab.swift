import CMeCab
#if canImport(Glibc)
import Glibc
#endif

/// A MeCab failure, with MeCab's own message.
public struct MeCabError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "MeCab: \(message)" }

    static func last(_ what: String) -> MeCabError {
        let reason = mecab_strerror(nil).map { String(cString: $0) } ?? ""
        return MeCabError(message: reason.isEmpty ? what : "\(what): \(reason)")
    }
}

/// One morpheme of a parse: the surface form and the dictionary's raw CSV feature string.
public struct Morpheme: Equatable, Sendable {
    public var surface: String
    /// The feature CSV as the dictionary stores it (ipadic: POS,POS1,POS2,POS3,conj type,conj form,base,reading,pron).
    public var feature: String
    /// True when the word is not in the dictionary (MeCab made it up from the character class).
    public var isUnknown: Bool
    /// Bytes of UTF-8 offset of the surface in the parsed text.
    public var utf8Offset: Int

    public init(surface: String, feature: String, isUnknown: Bool, utf8Offset: Int) {
        self.surface = surface
        self.feature = feature
        self.isUnknown = isUnknown
        self.utf8Offset = utf8Offset
    }
}

/// A loaded dictionary. One model is shared by all threads; each thread makes its own `MeCabTagger`.
public final class MeCabModel: @unchecked Sendable {
    fileprivate let model: OpaquePointer
    public let dictionary: String

    /// Loads the dictionary in `dictionary` (a folder such as `/var/lib/mecab/dic/ipadic-utf8`). The system's
    /// mecabrc and its default-dictionary link are ignored on purpose: they change when other dictionaries are
    /// installed.
    public init(dictionary: String) throws {
        self.dictionary = dictionary
        let arguments = ["mecab", "-d", dictionary, "-r", "/dev/null"]
        var cArguments = arguments.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        guard let model = cArguments.withUnsafeMutableBufferPointer({ buffer in
            mecab_model_new(Int32(buffer.count), buffer.baseAddress)
        }) else {
            throw MeCabError.last("cannot load the dictionary at \(dictionary)")
        }
        self.model = model
    }

    deinit { mecab_model_destroy(model) }
}

/// A tagger and lattice for one thread.
public final class MeCabTagger {
    private let model: MeCabModel
    private let tagger: OpaquePointer
    private let lattice: OpaquePointer

    public init(model: MeCabModel) throws {
        guard let tagger = mecab_model_new_tagger(model.model) else { throw MeCabError.last("cannot create a tagger") }
        guard let lattice = mecab_model_new_lattice(model.model) else {
            mecab_destroy(tagger)
            throw MeCabError.last("cannot create a lattice")
        }
        self.model = model
        self.tagger = tagger
        self.lattice = lattice
    }

    deinit {
        mecab_lattice_destroy(lattice)
        mecab_destroy(tagger)
    }

    /// Parses `text` and calls `body` for each morpheme, with its surface bytes, raw feature bytes, whether it is
    /// unknown and its UTF-8 offset. The buffers are only valid during the call; this is the allocation-free path.
    public func forEachMorpheme(
        in text: String,
        _ body: (_ surface: UnsafeBufferPointer<UInt8>, _ feature: UnsafeBufferPointer<UInt8>, _ isUnknown: Bool,
                 _ utf8Offset: Int) throws -> Void
    ) throws {
        var text = text
        try text.withUTF8 { try forEachMorpheme(inUTF8: $0, body) }
    }

    /// The same over UTF-8 bytes the caller holds (a slice of a larger text, say), so no String is made per call.
    /// The bytes must be valid UTF-8: MeCab does not check, and a broken sequence would come back inside surfaces.
    public func forEachMorpheme(
        inUTF8 bytes: UnsafeBufferPointer<UInt8>,
        _ body: (_ surface: UnsafeBufferPointer<UInt8>, _ feature: UnsafeBufferPointer<UInt8>, _ isUnknown: Bool,
                 _ utf8Offset: Int) throws -> Void
    ) throws {
        try forEachNode(inUTF8: bytes) { node, surface, isUnknown, offset in
            let feature = node.feature.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            let featureLength = node.feature.map { strlen($0) } ?? 0
            try body(surface, UnsafeBufferPointer(start: feature, count: featureLength), isUnknown, offset)
        }
    }

    /// Only the surfaces (with unknown flag and UTF-8 offset) over caller-held UTF-8: the wakati path, which needs no
    /// feature strings and so skips measuring them.
    public func forEachSurface(
        inUTF8 bytes: UnsafeBufferPointer<UInt8>,
        _ body: (_ surface: UnsafeBufferPointer<UInt8>, _ isUnknown: Bool, _ utf8Offset: Int) throws -> Void
    ) throws {
        try forEachNode(inUTF8: bytes) { _, surface, isUnknown, offset in try body(surface, isUnknown, offset) }
    }

    /// The one lattice walk: parses `bytes` and calls `body` for each node between BOS and EOS with the node, its
    /// surface bytes, whether it is unknown and its UTF-8 offset in `bytes`.
    private func forEachNode(
        inUTF8 bytes: UnsafeBufferPointer<UInt8>,
        _ body: (_ node: mecab_node_t, _ surface: UnsafeBufferPointer<UInt8>, _ isUnknown: Bool,
                 _ utf8Offset: Int) throws -> Void
    ) throws {
        // MeCab keeps a pointer to the text: set, parse and walk inside this call.
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        mecab_lattice_set_sentence2(lattice, start, bytes.count)
        guard mecab_parse_lattice(tagger, lattice) != 0 else {
            let reason = mecab_lattice_strerror(lattice).map { String(cString: $0) } ?? "unknown error"
            throw MeCabError(message: "parse failed: \(reason)")
        }
        var node = mecab_lattice_get_bos_node(lattice)
        while let current = node {
            let n = current.pointee
            let stat = Int32(n.stat)
            if stat != Int32(MECAB_BOS_NODE) && stat != Int32(MECAB_EOS_NODE), let surface = n.surface {
                let surfaceBytes = UnsafeRawPointer(surface).assumingMemoryBound(to: UInt8.self)
                try body(n, UnsafeBufferPointer(start: surfaceBytes, count: Int(n.length)),
                         stat == Int32(MECAB_UNK_NODE), surfaceBytes - base)
            }
            node = n.next
        }
    }

    /// Parses `text` into morphemes.
    public func parse(_ text: String) throws -> [Morpheme] {
        var result: [Morpheme] = []
        try forEachMorpheme(in: text) { surface, feature, unknown, offset in
            result.append(Morpheme(surface: String(decoding: surface, as: UTF8.self),
                                   feature: String(decoding: feature, as: UTF8.self),
                                   isUnknown: unknown, utf8Offset: offset))
        }
        return result
    }
}
