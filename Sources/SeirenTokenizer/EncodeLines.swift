import Foundation
import SeirenCore

/// Encodes each line of a file and writes its ids (space-separated, one line per input line) to stdout, for
/// agreement checks and encoding benchmarks. Invalid UTF-8 lines are reported and written as empty lines so line
/// numbers stay aligned.
public enum EncodeLines {
    public static func run(_ tokenizer: any TextTokenizer, path: String) throws {
        let reader = try LineReader(path: path)
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        // A SentencePiece model encodes the line's bytes directly; other tokenizers take a String.
        let sentencePiece = tokenizer as? SentencePieceTokenizer
        while let (line, number) = try reader.next() {
            let ids: [Int32]? = try line.withUnsafeBufferPointer { bytes in
                guard UTF8Validation.firstInvalidOffset(bytes) == nil else { return nil }
                if let sentencePiece { return sentencePiece.encode(utf8: bytes) }
                return try tokenizer.encode(String(decoding: bytes, as: UTF8.self))
            }
            if let ids {
                DecimalIds.append(ids, separator: 0x20, to: &output)
            } else {
                FileHandle.standardError.write(Data("\(path):\(number): invalid UTF-8 (empty output line)\n".utf8))
            }
            output.append(0x0A)
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(output))
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(output))
    }
}
