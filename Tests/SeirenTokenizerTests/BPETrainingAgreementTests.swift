import Foundation
import XCTest
@testable import SeirenTokenizer

/// Seiren's BPE trainer learns sentencepiece's BPE vocabulary: the same pieces in the same order, from the same
/// text and settings. Small vocabularies end on merges of count 2 or 3 with many ties, so the tie order
/// (count, then fewer characters, then code point order) and the handling of a piece reached twice are exercised.
/// sentencepiece is given Seiren's default whitespace handling (`remove_extra_whitespaces=False`).
final class BPETrainingAgreementTests: XCTestCase {
    private func checkSamePieces(vocabularySize: Int, normalization: TrainingSettings.Normalization,
                                 lines: [String]) throws {
        let python = try referencePython()
        let directory = try temporaryDirectory()
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/corpus.txt", atomically: true, encoding: .utf8)
        var settings = TrainingSettings()
        settings.model = .bpe
        settings.vocabularySize = vocabularySize
        settings.normalization = normalization
        settings.characterCoverage = 1.0
        settings.heldOutEvery = 0
        let corpus = try TrainingCorpus(settings: settings)
        for line in lines { corpus.add(line) }
        let seiren = try VocabularyTrainer(settings: settings).train(corpus).pieces.map(\.piece)

        _ = try runPython(python, script: """
        import sys, sentencepiece as spm
        spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=int(sys.argv[3]),
            model_type='bpe', byte_fallback=True, character_coverage=1.0, num_threads=1, minloglevel=2,
            normalization_rule_name=sys.argv[4], remove_extra_whitespaces=False)
        """, arguments: [directory + "/corpus.txt", directory + "/sp", String(vocabularySize),
                         normalization == .nfkc ? "nmt_nfkc" : "identity"])
        let reference = try SentencePieceModelProto(contentsOf: directory + "/sp.model").pieces.map(\.piece)
        XCTAssertEqual(seiren.count, reference.count)
        if let first = zip(seiren, reference).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            XCTFail("piece \(first.offset) differs: seiren \(first.element.0.debugDescription), sentencepiece \(first.element.1.debugDescription)")
        }
    }

    func testSmallVocabularyEqualsSentencepiece() throws {
        try checkSamePieces(vocabularySize: 600, normalization: .identity, lines: TrainingFixtures.lines())
    }

    func testNFKCVocabularyEqualsSentencepiece() throws {
        let lines = TrainingFixtures.lines() + (0..<200).map { "全角ＡＢＣ\($0)と半角ｶﾀｶﾅ（注）：ａａａａ aaaa" }
        try checkSamePieces(vocabularySize: 700, normalization: .nfkc, lines: lines)
    }
}
