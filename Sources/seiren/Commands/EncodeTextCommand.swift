import ArgumentParser
import Foundation
import SeirenTokenizer

struct EncodeTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-text",
        abstract: "Encode text with a vocabulary (folder vocab/NAME or a .model file) and show ids and pieces.")

    @Option(help: "A vocabulary folder (vocab/NAME) or a SentencePiece .model file.") var tokenizer: String
    @Argument(help: "Text to encode (one line each).") var text: [String] = []
    @Option(help: "Encode every line of this UTF-8 file instead; prints one line of space-separated ids per input line.") var file: String?

    func run() throws {
        try reportingErrors {
            var path = tokenizer
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path += "/" + URL(fileURLWithPath: tokenizer).lastPathComponent + ".model"
            }
            let model = try SentencePieceTokenizer(contentsOf: path)
            if let file {
                try EncodeLines.run(model, path: file)
                return
            }
            guard !text.isEmpty else { throw UserError("give text to encode or --file FILE") }
            for line in text {
                let ids = model.encode(line)
                print("ids:    " + ids.map(String.init).joined(separator: " "))
                print("pieces: " + ids.map { model.piece(for: $0) }.joined(separator: " "))
                print("tokens: \(ids.count), characters: \(line.unicodeScalars.count), decoded: \(model.decode(ids).debugDescription)")
            }
        }
    }
}
