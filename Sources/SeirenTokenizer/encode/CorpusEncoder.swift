import Foundation
import SeirenCore

/// Encodes datasets into a Megatron-LM indexed dataset: each document's ids followed by the end-of-document id,
/// one sequence per document, in input order whatever the number of workers. Streams: documents are read, encoded
/// in parallel and written as they come; only per-document lengths are kept.
public struct CorpusEncoder {
    public var tokenizerPath: String
    public var output: String
    public var name: String = "tokens"
    public var eodId: Int32?
    public var workers: Int = 1

    public init(tokenizerPath: String, output: String) {
        self.tokenizerPath = tokenizerPath
        self.output = output
    }

    public struct Summary: Sendable {
        public var documents = 0
        public var tokens = 0
        public var characters = 0
        public var badRecords = 0
        public var dtype = ""
        public var eodId: Int32 = 0
        public var seconds = 0.0
    }

    /// `files` are JSON Lines shards (plain or zstd); `onBadRecord` hears of lines that are not documents, which
    /// are skipped and counted in the manifest.
    public func run(files: [String], progress: ProgressReporter? = nil,
                    onBadRecord: (BadRecord) -> Void = { _ in }) throws -> Summary {
        let start = ContinuousClock.now
        let (tokenizer, modelPath) = try TokenizerLocator.load(tokenizerPath)
        guard let eod = eodId ?? tokenizer.endOfDocumentId else {
            throw TokenizerError("\(modelPath): the tokenizer names no end-of-document token (no </s> piece or template end token); give the end-of-document id with --eod-id")
        }
        guard eod >= 0, Int(eod) < tokenizer.vocabularySize else {
            throw TokenizerError("end-of-document id \(eod) is outside the vocabulary (0..<\(tokenizer.vocabularySize))")
        }
        try FileSystem.createDirectory(output)
        let dtype = IndexedDatasetWriter.DType.fitting(vocabularySize: tokenizer.vocabularySize)
        let writer = try IndexedDatasetWriter(directory: output, name: name, dtype: dtype)
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
                    onBadRecord(bad)
                case nil:
                    bytesBefore += reader!.bytesRead
                    reader = nil
                }
            }
        }
        try orderedParallelMap(workers: workers, next: nextDocument, transform: { (document: Document) -> ([Int32], Int) in
            var ids = try encoders.get().encode(document.text)
            ids.append(eod)
            return (ids, document.characterCount)
        }, consume: { ids, characters in
            try writer.append(ids)
            summary.documents += 1
            summary.characters += characters
            progress?.update(documents: summary.documents, bytes: bytesBefore + (reader?.bytesRead ?? 0))
        })
        try writer.finish()
        progress?.finish()
        summary.tokens = writer.tokens
        summary.dtype = dtype.name
        summary.eodId = eod

        let manifest: JSONValue = [
            "format": "megatron-indexed-dataset",
            "bin": .string(name + ".bin"),
            "idx": .string(name + ".idx"),
            "documents": .int(summary.documents),
            "tokens": .int(summary.tokens),
            "characters": .int(summary.characters),
            "dtype": .string(dtype.name),
            "eod_id": .int(eod),
            "tokenizer": [
                "path": .string(tokenizerPath),
                "model": .string(FileSystem.lastComponent(modelPath)),
                "sha256": .string(try Hex.sha256(file: modelPath)),
                "vocabulary_size": .int(tokenizer.vocabularySize),
            ],
            "inputs": .array(files.map { .string($0) }),
            "bad_records": .int(summary.badRecords),
        ]
        try AtomicFileWriter.write(JSONWriter.serialize(manifest, pretty: true) + [0x0A], to: output + "/manifest.json")
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }
}
