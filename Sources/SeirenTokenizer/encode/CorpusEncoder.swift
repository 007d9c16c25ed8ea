import Foundation
import SeirenCore

/// Encodes datasets into token ids: each document's ids followed by the end-of-document id, one sequence per
/// document, in input order whatever the number of workers, written as a Megatron-LM indexed dataset, as
/// zstd-compressed JSON Lines id shards (`{"id": ..., "ids": [...]}`, the document id kept), or both. Streams:
/// documents are read, encoded in parallel and written as they come; only per-document lengths are kept.
public struct CorpusEncoder {
    public enum Format: String, CaseIterable, Sendable {
        case megatron, shards, both
        var megatron: Bool { self != .shards }
        var shards: Bool { self != .megatron }
    }

    public var tokenizerPath: String
    public var output: String
    public var name: String = "tokens"
    public var eodId: Int32?
    public var workers: Int = 1
    public var format: Format = .megatron
    /// Uncompressed bytes per id shard before a new one is started.
    public var maxShardBytes: Int = 256 << 20
    /// Replace an existing output folder (once the new one is complete).
    public var overwrite = false

    public init(tokenizerPath: String, output: String) {
        self.tokenizerPath = tokenizerPath
        self.output = output
    }

    /// End-of-document ids a setting may give (whether the vocabulary has the id is known once it is loaded).
    public static let eodIds = 0...Int(Int32.max)

    /// The ranges, one set for the command line and the manifest.
    public func validate() throws {
        if let eodId { try SettingError.check("eod_id", Int(eodId), in: Self.eodIds) }
        try SettingError.check("max_shard_bytes", maxShardBytes, in: 1...Int.max)
    }

    public struct Summary: Sendable {
        public var documents = 0
        public var tokens = 0
        public var characters = 0
        public var badRecords = 0
        /// Input files that could not be read to the end; what they held before the damage was encoded.
        public var unreadableFiles: [String] = []
        /// Empty or whitespace-only input lines (no documents, nothing to encode).
        public var blankLines = 0
        public var dtype = ""
        public var eodId: Int32 = 0
        public var seconds = 0.0
    }

    /// `files` are JSON Lines shards (plain or zstd); `onBadRecord` hears of lines that are not documents, which
    /// are skipped and counted in the manifest.
    public func run(files: [String], progress: ProgressReporter? = nil,
                    onBadRecord: (BadRecord) -> Void = { _ in }) throws -> Summary {
        try run(files: files, with: try TokenizerLocator.load(tokenizerPath), progress: progress, onBadRecord: onBadRecord)
    }

    /// `run` with `tokenizerPath`'s tokenizer already loaded (`TokenizerLocator.load`): a task encoding many parts
    /// loads it once.
    public func run(files: [String], with loaded: (tokenizer: any TextTokenizer, modelPath: String),
                    progress: ProgressReporter? = nil, onBadRecord: (BadRecord) -> Void = { _ in }) throws -> Summary {
        let start = ContinuousClock.now
        let (tokenizer, modelPath) = loaded
        guard let eod = eodId ?? tokenizer.endOfDocumentId else {
            throw TokenizerError("\(modelPath): the tokenizer names no end-of-document token (no </s> piece or template end token); give the end-of-document id with --eod-id")
        }
        guard eod >= 0, Int(eod) < tokenizer.vocabularySize else {
            throw TokenizerError("end-of-document id \(eod) is outside the vocabulary (0..<\(tokenizer.vocabularySize))")
        }
        // Written aside and renamed into place, like every output.
        let staging = try StagingDirectory(destination: output, overwrite: overwrite)
        let dtype = IndexedDatasetWriter.DType.fitting(vocabularySize: tokenizer.vocabularySize)
        let writer = format.megatron ? try IndexedDatasetWriter(directory: staging.path, name: name, dtype: dtype) : nil
        let shardWriter = format.shards ? try ShardWriter(directory: staging.path, name: name, maxShardBytes: maxShardBytes) : nil
        // One tokenizer per worker thread, so encoders share nothing mutable.
        let encoders = ThreadLocalFactory { try tokenizer.copyForWorker() }

        var summary = Summary()
        var fileIndex = 0
        var reader: DocumentReader?
        var bytesBefore = 0
        func nextDocument() throws -> Document? {
            while true {
                if reader == nil {
                    guard fileIndex < files.count else { return nil }
                    reader = try DocumentReader(path: files[fileIndex], added: "")
                    fileIndex += 1
                }
                switch try reader!.next() {
                case .document(let document, _)?: return document
                case .bad(let bad)?:
                    summary.badRecords += 1
                    if bad.endsFile { summary.unreadableFiles.append(bad.location.path) }
                    onBadRecord(bad)
                case nil:
                    bytesBefore += reader!.bytesRead
                    summary.blankLines += reader!.blankLines
                    reader = nil
                }
            }
        }
        let writeShards = shardWriter != nil
        try orderedParallelMap(workers: workers, next: nextDocument, transform: { (document: Document) -> ([Int32], Int, [UInt8]) in
            var ids = try encoders.get().encode(document.text)
            ids.append(eod)
            return (ids, document.characterCount, writeShards ? Self.idLine(id: document.id, source: document.source, ids: ids) : [])
        }, consume: { ids, characters, line in
            try writer?.append(ids)
            try shardWriter?.write(line: line, characters: ids.count)
            summary.documents += 1
            summary.tokens += ids.count
            summary.characters += characters
            progress?.update(documents: summary.documents, bytes: bytesBefore + (reader?.bytesRead ?? 0))
        })
        try writer?.finish()
        let shards = try shardWriter?.finish() ?? []
        progress?.finish()
        summary.dtype = dtype.name
        summary.eodId = eod

        try JSONFile.write(manifest(summary, shards: shards, inputs: files, modelPath: modelPath,
                                    vocabularySize: tokenizer.vocabularySize), to: staging.path + "/manifest.json")
        try staging.commit()
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }

    /// The output's `manifest.json`: formats, files, counts, tokenizer and inputs.
    func manifest(_ summary: Summary, shards: [ShardInfo], inputs files: [String], modelPath: String,
                  vocabularySize: Int) throws -> JSONValue {
        var formats: [JSONValue] = []
        if format.megatron { formats.append("megatron-indexed-dataset") }
        if format.shards { formats.append("jsonl-zst-id-shards") }
        var fields: [(String, JSONValue)] = [("formats", .array(formats))]
        if format.megatron { fields += [("bin", .string(name + ".bin")), ("idx", .string(name + ".idx"))] }
        if format.shards {
            fields.append(("id_shards", .array(shards.map { shard in
                ["path": .string(shard.path), "sha256": .string(shard.sha256), "bytes": .int(shard.bytes),
                 "documents": .int(shard.documents), "tokens": .int(shard.characters)]
            })))
        }
        fields += [
            ("documents", .int(summary.documents)),
            ("tokens", .int(summary.tokens)),
            ("characters", .int(summary.characters)),
            ("dtype", .string(summary.dtype)),
            ("eod_id", .int(Int(summary.eodId))),
            ("tokenizer", [
                "path": .string(tokenizerPath),
                "model": .string(FileSystem.lastComponent(modelPath)),
                "sha256": .string(try Hex.sha256(file: modelPath)),
                "vocabulary_size": .int(vocabularySize),
            ]),
            ("inputs", .array(files.map { .string($0) })),
            ("bad_records", .int(summary.badRecords)),
            ("blank_lines", .int(summary.blankLines)),
            ("unreadable_files", .array(summary.unreadableFiles.map { .string($0) })),
        ]
        return .object(fields)
    }

    /// `{"id": "...", "source": "...", "ids": [1, 2, 3]}` and a newline: the document's id and source, so the
    /// tokens of a blend can be traced and weighted by where they came from.
    static func idLine(id: String, source: String, ids: [Int32]) -> [UInt8] {
        var writer = JSONWriter(capacity: 28 + id.utf8.count + source.utf8.count + ids.count * 6)
        writer.bytes.append(contentsOf: Array(#"{"id":"#.utf8))
        writer.writeString(id)
        writer.bytes.append(contentsOf: Array(#","source":"#.utf8))
        writer.writeString(source)
        writer.bytes.append(contentsOf: Array(#","ids":["#.utf8))
        DecimalIds.append(ids, separator: 0x2C, to: &writer.bytes)
        writer.bytes.append(contentsOf: Array("]}\n".utf8))
        return writer.bytes
    }
}
