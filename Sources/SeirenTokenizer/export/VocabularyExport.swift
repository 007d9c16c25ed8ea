import Foundation
import SeirenCore

/// Writes a trained vocabulary into its folder, which is at once a SentencePiece vocabulary and a Hugging Face
/// tokenizer folder (`AutoTokenizer.from_pretrained(folder)`):
/// - NAME.model (SentencePiece) and the same bytes as tokenizer.model, the name transformers' slow
///   `LlamaTokenizer` reads;
/// - tokenizer.json (Hugging Face `tokenizers`), tokenizer_config.json and special_tokens_map.json (transformers);
/// - NAME.vocab (piece TAB score, one per line, as sentencepiece writes it) and report.json.
///
/// NAME is given, not read from the folder: the pipeline writes into a staging folder and renames it into place,
/// and the files must carry the final name.
public enum VocabularyExport {
    public static func write(_ proto: SentencePieceModelProto, name: String, report: JSONValue, to directory: String,
                             specialTokens: SpecialTokenSettings = SpecialTokenSettings()) throws -> [String] {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw TokenizerError("\(name.debugDescription): not a usable vocabulary name (it names the .model and .vocab files)")
        }
        // Resolve the special tokens before anything is written: a bad pad token leaves no half-written folder.
        let tokens = try SpecialTokens(proto, settings: specialTokens)
        let tokenizerJSON = try HuggingFaceTokenizerJSON.make(proto, tokens: tokens)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let model = directory + "/" + name + ".model"
        let slowModel = directory + "/tokenizer.model"
        let json = directory + "/tokenizer.json"
        let config = directory + "/tokenizer_config.json"
        let specialMap = directory + "/special_tokens_map.json"
        let vocab = directory + "/" + name + ".vocab"
        let reportPath = directory + "/report.json"
        let modelBytes = proto.serialized()
        try AtomicFileWriter.write(modelBytes, to: model)
        if slowModel != model { try AtomicFileWriter.write(modelBytes, to: slowModel) }
        try JSONFile.write(tokenizerJSON, to: json)
        try JSONFile.write(HuggingFaceTokenizerConfig.config(tokens), to: config)
        try JSONFile.write(HuggingFaceTokenizerConfig.specialTokensMap(tokens), to: specialMap)
        var lines: [UInt8] = []
        for piece in proto.pieces {
            lines.append(contentsOf: piece.piece.utf8)
            lines.append(0x09)
            lines.append(contentsOf: vocabScore(piece.score).utf8)
            lines.append(0x0A)
        }
        try AtomicFileWriter.write(lines, to: vocab)
        try JSONFile.write(report, to: reportPath)
        return [model, slowModel, json, config, specialMap, vocab, reportPath].reduce(into: []) { files, path in
            if !files.contains(path) { files.append(path) }
        }
    }

    /// The name of a vocabulary written to `directory` when none is given: the folder's own (`seiren train -o
    /// out/ja8k` writes `out/ja8k/ja8k.model`).
    public static func name(ofFolder directory: String) throws -> String {
        let name = URL(fileURLWithPath: directory).lastPathComponent
        guard !name.isEmpty, name != "/", name != "." else { throw TokenizerError("\(directory): not a usable vocabulary folder name") }
        return name
    }

    /// sentencepiece writes scores with `%g`-like shortest form; integers without a decimal point.
    static func vocabScore(_ score: Float) -> String {
        if score == score.rounded() && abs(score) < 1e7 { return String(Int(score)) }
        return "\(score)"
    }
}
