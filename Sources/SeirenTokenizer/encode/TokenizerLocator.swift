import SeirenCore

/// Finds and loads the tokenizer behind what a user names: a SentencePiece `.model` file, a Hugging Face
/// `tokenizer.json` (any `.json` file, or a file whose text starts with `{`), or a folder: a Seiren vocabulary
/// folder `vocab/NAME` (`NAME.model`), the same folder renamed (`tokenizer.model`, which Seiren writes beside
/// it), or a Hugging Face tokenizer folder as `save_pretrained` writes it (`tokenizer.model` or `tokenizer.json`).
public enum TokenizerLocator {
    public static func modelPath(for path: String) throws -> String {
        guard FileSystem.exists(path) else { throw TokenizerError("\(path): no such tokenizer file or folder") }
        guard FileSystem.isDirectory(path) else { return path }
        var folder = path
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        let named = FileSystem.lastComponent(folder) + ".model"
        let candidates = [named, "tokenizer.model", "tokenizer.json"]
        guard let file = candidates.first(where: { FileSystem.exists(folder + "/" + $0) }) else {
            throw TokenizerError("\(path): a tokenizer folder must hold \(candidates.joined(separator: ", ")) (looked in that order)")
        }
        return folder + "/" + file
    }

    /// Whether the file is a `tokenizer.json` rather than a protobuf `.model`.
    static func isJSON(_ path: String) throws -> Bool {
        if path.hasSuffix(".json") { return true }
        let reader = try FileReader(path: path)
        var head = [UInt8](repeating: 0, count: 64)
        let count = try head.withUnsafeMutableBytes { try reader.read(into: $0) }
        return head[..<count].first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// Loads the tokenizer, naming the file in any error.
    public static func load(_ path: String) throws -> (tokenizer: any TextTokenizer, modelPath: String) {
        let model = try modelPath(for: path)
        if try isJSON(model) {
            // HuggingFaceTokenizer's errors already name the file.
            return (try HuggingFaceTokenizer(contentsOf: model), model)
        }
        do {
            return (try SentencePieceTokenizer(contentsOf: model), model)
        } catch {
            throw TokenizerError("\(model): not a usable SentencePiece model: \(error)")
        }
    }
}
