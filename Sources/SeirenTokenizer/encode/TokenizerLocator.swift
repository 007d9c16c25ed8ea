import SeirenCore

/// Finds the SentencePiece model behind what a user names as a tokenizer: a `.model` file, or a Seiren vocabulary
/// folder `vocab/NAME` (which holds `NAME.model`).
public enum TokenizerLocator {
    public static func modelPath(for path: String) throws -> String {
        guard FileSystem.exists(path) else { throw TokenizerError("\(path): no such tokenizer file or folder") }
        guard FileSystem.isDirectory(path) else {
            if path.hasSuffix(".json") {
                throw TokenizerError("\(path): tokenizer.json files are not supported yet (give a SentencePiece .model or a Seiren vocabulary folder)")
            }
            return path
        }
        var folder = path
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        let model = folder + "/" + FileSystem.lastComponent(folder) + ".model"
        guard FileSystem.exists(model) else { throw TokenizerError("\(path): a vocabulary folder must hold \(FileSystem.lastComponent(model))") }
        return model
    }

    /// Loads the tokenizer, naming the file in any error.
    public static func load(_ path: String) throws -> (tokenizer: SentencePieceTokenizer, modelPath: String) {
        let model = try modelPath(for: path)
        do {
            return (try SentencePieceTokenizer(contentsOf: model), model)
        } catch {
            throw TokenizerError("\(model): not a usable SentencePiece model: \(error)")
        }
    }

    /// The end-of-document id: the model's `</s>` (its eos id), or nil when it has none.
    public static func endOfDocumentId(_ tokenizer: SentencePieceTokenizer) -> Int32? {
        let eos = tokenizer.proto.trainerSpec.eosId
        if eos >= 0 && Int(eos) < tokenizer.vocabularySize { return eos }
        return tokenizer.id(for: "</s>")
    }
}
