import Foundation
import XCTest
@testable import SeirenTokenizer

final class SentencePieceEncodingTests: XCTestCase {
    func testLLMjpModelEncodesLikeSentencepiece() throws {
        let path = try sharedTokenizerFile("code10K_en20K_ja30K.ver2.2.model")
        let python = try referencePython()
        let tokenizer = try SentencePieceTokenizer(contentsOf: path)
        let reference = try sentencepieceEncode(python: python, model: path, lines: trickyLines)
        for (i, line) in trickyLines.enumerated() {
            let ids = tokenizer.encode(line).map(Int.init)
            XCTAssertEqual(ids, reference.ids[i], "ids differ for \(line.debugDescription)")
            XCTAssertEqual(tokenizer.decode(ids), reference.decoded[i], "decode differs for \(line.debugDescription)")
        }
    }

    /// A model trained by sentencepiece itself with NFKC (nmt_nfkc) carries a precompiled charsmap; Seiren must
    /// normalize through it exactly, and handle a model without byte fallback (unknown pieces).
    func testSentencepieceTrainedNFKCModelEncodesLikeSentencepiece() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let corpus = (0..<200).map { "これは\($0)番目の日本語の文です。Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ と ｶﾀｶﾅ も含む。" }
            .joined(separator: "\n")
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        _ = try runPython(python, script: """
        import sys, sentencepiece as spm
        spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=50,
            model_type='unigram', normalization_rule_name='nmt_nfkc', character_coverage=1.0, minloglevel=2)
        """, arguments: [dir + "/corpus.txt", dir + "/nfkc"])
        let model = dir + "/nfkc.model"
        let tokenizer = try SentencePieceTokenizer(contentsOf: model)
        XCTAssertFalse(tokenizer.proto.normalizerSpec.precompiledCharsmap.isEmpty)
        let reference = try sentencepieceEncode(python: python, model: model, lines: trickyLines)
        for (i, line) in trickyLines.enumerated() {
            let ids = tokenizer.encode(line).map(Int.init)
            XCTAssertEqual(ids, reference.ids[i], "ids differ for \(line.debugDescription)")
            XCTAssertEqual(tokenizer.decode(ids), reference.decoded[i], "decode differs for \(line.debugDescription)")
        }
    }

    /// BPE models trained by sentencepiece itself, with and without byte fallback.
    func testSentencepieceTrainedBPEModelsEncodeLikeSentencepiece() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let corpus = TrainingFixtures.lines().joined(separator: "\n")
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        for fallback in [true, false] {
            let prefix = dir + "/bpe-\(fallback)"
            _ = try runPython(python, script: """
            import sys, sentencepiece as spm
            spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=int(sys.argv[3]),
                model_type='bpe', byte_fallback=sys.argv[4] == 'true', character_coverage=0.98, minloglevel=2,
                user_defined_symbols=['<mask>'])
            """, arguments: [dir + "/corpus.txt", prefix, fallback ? "600" : "340", "\(fallback)"])
            let tokenizer = try SentencePieceTokenizer(contentsOf: prefix + ".model")
            XCTAssertEqual(tokenizer.proto.trainerSpec.modelType, .bpe)
            let lines = trickyLines + TrainingFixtures.heldOut + ["前<mask>後"]
            let reference = try sentencepieceEncode(python: python, model: prefix + ".model", lines: lines)
            for (i, line) in lines.enumerated() {
                let ids = tokenizer.encode(line).map(Int.init)
                XCTAssertEqual(ids, reference.ids[i], "ids differ for \(line.debugDescription) (byte fallback \(fallback))")
                XCTAssertEqual(tokenizer.decode(ids), reference.decoded[i], "decode differs for \(line.debugDescription)")
            }
        }
    }
}
