import ArgumentParser
import Foundation
import SeirenTokenizer

struct EncodeTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-text",
        abstract: "Encode text with a tokenizer (folder vocab/NAME, a .model file or a tokenizer.json) and show ids and pieces.")

    @Option(help: "A vocabulary folder (vocab/NAME), a SentencePiece .model file or a Hugging Face tokenizer.json.") var tokenizer: String
    @Argument(help: "Text to encode (one line each).") var text: [String] = []
    @Option(help: "Encode every line of this UTF-8 file (- for stdin) instead; prints one line of space-separated ids per input line.") var file: String?

    func run() throws {
        try reportingErrors {
            let model = try TokenizerLocator.load(tokenizer).tokenizer
            if let file {
                try EncodeLines.run(model, path: StandardStream.input(file))
                return
            }
            guard !text.isEmpty else { throw UserError("give text to encode or --file FILE") }
            for line in text {
                let ids = try model.encode(line)
                print("ids:    " + ids.map(String.init).joined(separator: " "))
                print("pieces: " + ids.map { model.piece(for: $0) }.joined(separator: " "))
                print("tokens: \(ids.count), characters: \(line.unicodeScalars.count), decoded: \((model as? SentencePieceTokenizer)?.decode(ids).debugDescription ?? "-")")
            }
        }
    }
}
