import Foundation
import SeirenCore

extension CorpusEncoder {
    /// Writes `output` from encoded parts: `parts` are folders that `run` wrote (Megatron format, each named
    /// `partName`), in order. Their `.bin` files are concatenated and their sequence lengths joined into one `.idx`,
    /// so the tokens equal those of one `run` over every part's inputs in order (Megatron-LM's
    /// `IndexedDatasetBuilder.add_index` merges the same way). `inputs` are the documents the parts encoded, as the
    /// manifest names them. Memory: the sequence lengths (4 bytes a document), as for one `run`.
    public func merge(parts: [String], partName: String, inputs: [String]) throws -> Summary {
        let start = ContinuousClock.now
        guard format == .megatron else { throw TokenizerError("encoded parts merge only in the Megatron format") }
        let modelPath = try TokenizerLocator.modelPath(for: tokenizerPath)
        var summary = Summary()
        var dtype: IndexedDatasetWriter.DType?
        var vocabularySize = 0
        for part in parts {
            let manifest = try JSONParser.parse(try FileReader.readAll(part + "/manifest.json"))
            guard let partType = manifest["dtype"]?.stringValue, let eod = manifest["eod_id"]?.intValue,
                  let size = manifest["tokenizer"]?["vocabulary_size"]?.intValue else {
                throw FileError(path: part + "/manifest.json", reason: "is not the manifest of an encoded part")
            }
            guard dtype == nil || (dtype?.name == partType && Int(summary.eodId) == eod && vocabularySize == size) else {
                throw FileError(path: part, reason: "was encoded with other settings than the parts before it")
            }
            dtype = partType == "uint16" ? .uint16 : .int32
            summary.dtype = partType
            summary.eodId = Int32(eod)
            vocabularySize = size
            summary.documents += manifest["documents"]?.intValue ?? 0
            summary.tokens += manifest["tokens"]?.intValue ?? 0
            summary.characters += manifest["characters"]?.intValue ?? 0
            summary.badRecords += manifest["bad_records"]?.intValue ?? 0
            summary.blankLines += manifest["blank_lines"]?.intValue ?? 0
            summary.unreadableFiles += manifest["unreadable_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let staging = try StagingDirectory(destination: output, overwrite: overwrite)
        let writer = try IndexedDatasetWriter(directory: staging.path, name: name, dtype: dtype ?? .uint16)
        for part in parts { try writer.append(datasetAt: part + "/" + partName) }
        try writer.finish()
        guard writer.documents == summary.documents, writer.tokens == summary.tokens else {
            throw TokenizerError("the encoded parts' .idx files hold \(writer.documents) documents and \(writer.tokens) tokens; their manifests say \(summary.documents) and \(summary.tokens)")
        }
        try JSONFile.write(manifest(summary, shards: [], inputs: inputs, modelPath: modelPath, vocabularySize: vocabularySize),
                           to: staging.path + "/manifest.json")
        try staging.commit()
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }
}
