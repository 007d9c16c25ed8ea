import Foundation
import SeirenCore
import XCTest
@testable import SeirenTokenizer

/// Where sentencepiece's Viterbi has rules of its own that a plain Viterbi would not follow: the score of a
/// user-defined piece, and the rebasing of path scores on long texts. Each case is checked against sentencepiece.
final class UnigramViterbiEdgeTests: XCTestCase {
    /// A hand-made model with identity normalization and no dummy prefix, so the text reaches the Viterbi as is.
    private func writeModel(_ pieces: [SentencePieceModelProto.Piece], to path: String) throws {
        var normalizer = NormalizerSpec()
        normalizer.name = "identity"
        normalizer.addDummyPrefix = false
        normalizer.removeExtraWhitespaces = false
        var trainer = TrainerSpec()
        trainer.modelType = .unigram
        trainer.bosId = -1
        trainer.eosId = -1
        let proto = SentencePieceModelProto(pieces: pieces, trainerSpec: trainer, normalizerSpec: normalizer)
        try Data(proto.serialized()).write(to: URL(fileURLWithPath: path))
    }

    /// sentencepiece scores a user-defined piece 0.1 × (bytes − 1): "ab" + "c" (0.1 − 1.5) beats "abc" (−3).
    /// A score derived from the best normal piece instead (2 × −1 − 0.1 − 1.5 = −3.6) would pick "abc".
    func testUserDefinedPieceScoresAsSentencepiece() throws {
        let python = try referencePython()
        let model = try temporaryDirectory() + "/user-defined.model"
        try writeModel([
            .init(piece: "<unk>", score: 0, type: .unknown),
            .init(piece: "x", score: -1), .init(piece: "a", score: -5), .init(piece: "b", score: -5),
            .init(piece: "c", score: -1.5), .init(piece: "abc", score: -3),
            .init(piece: "ab", score: 0, type: .userDefined),
        ], to: model)
        let lines = ["abc", "abcabc", "xabcx", "ab", "cab"]
        let reference = try sentencepieceEncode(python: python, model: model, lines: lines)
        let tokenizer = try SentencePieceTokenizer(contentsOf: model)
        for (i, line) in lines.enumerated() {
            XCTAssertEqual(tokenizer.encode(line).map(Int.init), reference.ids[i], "ids differ for \(line)")
        }
        XCTAssertEqual(tokenizer.encodeAsPieces("abc"), ["ab", "c"])
    }

    /// Past |score| 100,000 sentencepiece rebases the running path scores to zero, which changes how Float rounds
    /// later sums and so which of two near-equal paths wins. Long texts over a small alphabet with many
    /// overlapping pieces of irregular scores reach such near-ties; every id must still equal sentencepiece's.
    func testLongTextsRebaseScoresAsSentencepiece() throws {
        let python = try referencePython()
        let model = try temporaryDirectory() + "/long.model"
        var random = SplitMix64(seed: 7)
        var pieces: [SentencePieceModelProto.Piece] = [.init(piece: "<unk>", score: 0, type: .unknown)]
        let alphabet = Array("abcd")
        var seen = Set<String>()
        for length in 1...4 {
            for _ in 0..<(length == 1 ? 4 : 40) {
                let piece = length == 1 ? String(alphabet[pieces.count - 1])
                    : String((0..<length).map { _ in alphabet[Int(random.next() % 4)] })
                guard seen.insert(piece).inserted else { continue }
                let score = -Float(length) * (2 + Float(random.next() % 1000) / 997)
                pieces.append(.init(piece: piece, score: score))
            }
        }
        try writeModel(pieces, to: model)
        let lines = (0..<3).map { _ in String((0..<120_000).map { _ in alphabet[Int(random.next() % 4)] }) }
        let reference = try sentencepieceEncode(python: python, model: model, lines: lines)
        let tokenizer = try SentencePieceTokenizer(contentsOf: model)
        for (i, line) in lines.enumerated() {
            let ids = tokenizer.encode(line).map(Int.init)
            let firstDifference = zip(ids, reference.ids[i]).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertEqual(ids.count, reference.ids[i].count, "line \(i): token counts differ")
            XCTAssertNil(firstDifference, "line \(i): first differing token at \(firstDifference ?? -1)")
        }
    }
}

