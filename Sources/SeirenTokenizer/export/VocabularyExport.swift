import Foundation
import SeirenCore

/// Writes a trained vocabulary into its folder: NAME.model (SentencePiece), tokenizer.json (Hugging Face),
/// NAME.vocab (piece TAB score, one per line, as sentencepiece writes it) and report.json.
public enum VocabularyExport {
    public static func write(_ proto: SentencePieceModelProto, report: JSONValue, to directory: String) throws -> [String] {
        let name = URL(fileURLWithPath: directory).lastPathComponent
        guard !name.isEmpty, name != "/", name != "." else { throw TokenizerError("\(directory): not a usable vocabulary folder name") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let model = directory + "/" + name + ".model"
        let json = directory + "/tokenizer.json"
        let vocab = directory + "/" + name + ".vocab"
        let reportPath = directory + "/report.json"
        try AtomicFileWriter.write(proto.serialized(), to: model)
        try AtomicFileWriter.write(JSONWriter.serialize(try HuggingFaceTokenizerJSON.make(proto), pretty: true) + [0x0A], to: json)
        var lines: [UInt8] = []
        for piece in proto.pieces {
            lines.append(contentsOf: piece.piece.utf8)
            lines.append(0x09)
            lines.append(contentsOf: vocabScore(piece.score).utf8)
            lines.append(0x0A)
        }
        try AtomicFileWriter.write(lines, to: vocab)
        try AtomicFileWriter.write(JSONWriter.serialize(report, pretty: true) + [0x0A], to: reportPath)
        return [model, json, vocab, reportPath]
    }

    /// sentencepiece writes scores with `%g`-like shortest form; integers without a decimal point.
    static func vocabScore(_ score: Float) -> String {
        if score == score.rounded() && abs(score) < 1e7 { return String(Int(score)) }
        return "\(score)"
    }
}
