import Foundation
import XCTest
@testable import SeirenTokenizer

final class SentencePieceEncodingTests: XCTestCase {
    func testLLMjpModelEncodesLikeSentencepiece() throws {
        let path = try sharedTokenizerFile("code10K_en20K_ja30K.ver2.2.model")
        let python = try referencePython()
        let tokenizer = try SentencePieceTokenizer(contentsOf: path)
        try assertEncodesLikeSentencepiece(tokenizer, model: path, lines: trickyLines, python: python)
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
        try assertEncodesLikeSentencepiece(tokenizer, model: model, lines: trickyLines, python: python)
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
            try assertEncodesLikeSentencepiece(tokenizer, model: prefix + ".model", lines: lines, python: python,
                                               note: " (byte fallback \(fallback))")
        }
    }

    /// User-defined symbols that overlap ("<m" starts "<mask>", "mas" sits inside it): at each position the
    /// longest one that starts there is taken whole, by the normalizer (Unigram) and as a frozen symbol (BPE).
    func testOverlappingUserDefinedSymbolsMatchLongestFirstAsSentencepiece() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let corpus = TrainingFixtures.lines().joined(separator: "\n")
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        let lines = ["前<mask>後", "<mask2>と<mask>と<m", "<m<mask>mas<ma", "masks <mask2x", "<<mask22>>", "mask<m"]
        for type in ["unigram", "bpe"] {
            let prefix = dir + "/" + type
            _ = try runPython(python, script: """
            import sys, sentencepiece as spm
            spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=250,
                model_type=sys.argv[3], character_coverage=0.98, minloglevel=2,
                user_defined_symbols=['<m', '<mask>', '<mask2>', 'mas'])
            """, arguments: [dir + "/corpus.txt", prefix, type])
            let tokenizer = try SentencePieceTokenizer(contentsOf: prefix + ".model")
            XCTAssertTrue(tokenizer.encodeAsPieces("<mask2>").contains("<mask2>"))
            try assertEncodesLikeSentencepiece(tokenizer, model: prefix + ".model", lines: lines, python: python,
                                               note: " (\(type))")
        }
    }
}
