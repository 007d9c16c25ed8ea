import Foundation
import XCTest
@testable import SeirenTokenizer

/// `seiren vocab merge`: order, duplicates, the `▁` rules, the special, reserved and byte blocks, and that the merged
/// model loads in sentencepiece and tokenizers and encodes there exactly as in Seiren.
final class VocabularyMergeTests: XCTestCase {
    typealias Piece = SentencePieceModelProto.Piece

    func testMergeOrdersSpecialsReservedBytesThenEachModelWithoutDuplicates() throws {
        let dir = try temporaryDirectory()
        let a = try VocabularyFixtures.write(dir + "/a.model", normal: ["▁the", "the", "日本", "▁日本", "b"], byteFallback: true)
        let b = try VocabularyFixtures.write(dir + "/b.model", normal: ["b", "c", "▁the", "x"], controls: ["<s>", "</s>", "<mask>"])
        var merge = VocabularyMerge()
        merge.reserved = try ReservedPieces.parse("3")
        let result = try merge.merge([VocabularySource(a), VocabularySource(b)])
        let pieces = result.proto.pieces
        let expectedHead = ["<unk>", "<s>", "</s>", "<mask>", "<reserved_0>", "<reserved_1>", "<reserved_2>"]
        XCTAssertEqual(pieces.prefix(7).map(\.piece), expectedHead)
        XCTAssertEqual(pieces.prefix(7).map(\.type), [.unknown, .control, .control, .control, .userDefined, .userDefined, .userDefined])
        XCTAssertEqual(result.specialCount, 4)
        XCTAssertEqual(result.reservedRange, 4..<7)
        XCTAssertEqual(result.byteRange, 7..<263)
        XCTAssertEqual(pieces[7].piece, "<0x00>")
        XCTAssertEqual(pieces[262].piece, "<0xFF>")
        XCTAssertTrue(pieces[7..<263].allSatisfy { $0.type == .byte })
        // a's pieces in a's order, then b's new ones; the first occurrence wins.
        XCTAssertEqual(pieces[263...].map(\.piece), ["▁the", "the", "日本", "▁日本", "b", "c", "x"])
        XCTAssertEqual(pieces[263...].map(\.score), [-1, -2, -3, -4, -5, -2, -4], "scores are kept from the model a piece came from")
        XCTAssertEqual(result.inputs.map(\.taken), [5, 2])
        XCTAssertEqual(result.inputs.map(\.duplicates), [0, 2])
        let spec = result.proto.trainerSpec
        XCTAssertEqual(spec.vocabSize, Int32(pieces.count))
        XCTAssertEqual([spec.unkId, spec.bosId, spec.eosId, spec.padId], [0, 1, 2, -1])
        XCTAssertTrue(spec.byteFallback)
        XCTAssertEqual(spec.userDefinedSymbols, ["<reserved_0>", "<reserved_1>", "<reserved_2>"])
        XCTAssertEqual(Set(pieces.map(\.piece)).count, pieces.count, "no duplicates")
    }

    func testGivenSpecialsAndControlReservedBlock() throws {
        let dir = try temporaryDirectory()
        let a = try VocabularyFixtures.write(dir + "/a.model", normal: ["a", "b"])
        var merge = VocabularyMerge()
        merge.specials = ["<unk>", "<s>", "</s>", "<pad>", "<EOD>"]
        merge.reserved = ["<|tool|>", "<|end|>"]
        merge.reservedType = .control
        let result = try merge.merge([VocabularySource(a)])
        XCTAssertEqual(result.proto.pieces.map(\.piece), ["<unk>", "<s>", "</s>", "<pad>", "<EOD>", "<|tool|>", "<|end|>", "a", "b"])
        XCTAssertEqual(result.proto.pieces.map(\.type), [.unknown, .control, .control, .control, .control, .control, .control, .normal, .normal])
        XCTAssertEqual(result.byteRange.count, 0, "no input has byte fallback")
        let spec = result.proto.trainerSpec
        XCTAssertEqual([spec.unkId, spec.bosId, spec.eosId, spec.padId], [0, 1, 2, 3])
    }

    func testSpacePrefixRules() throws {
        let dir = try temporaryDirectory()
        let ja = try VocabularyFixtures.write(dir + "/ja.model", normal: ["▁設定", "設定", "▁です", "▁", "▁▁", "ます", "▁ます"])
        let en = try VocabularyFixtures.write(dir + "/en.model", normal: ["▁the", "the", "です", "▁is"])
        func merged(_ rules: [VocabularyMerge.SpacePrefixRule]) throws -> [String] {
            var merge = VocabularyMerge()
            merge.spacePrefix = rules
            return try merge.merge([VocabularySource(ja), VocabularySource(en)]).proto.pieces.dropFirst(3).map(\.piece)
        }
        XCTAssertEqual(try merged([.keep]), ["▁設定", "設定", "▁です", "▁", "▁▁", "ます", "▁ます", "▁the", "the", "です", "▁is"])
        // drop: ▁X goes when X is anywhere in the merged vocabulary (▁です because en has です); ▁ runs stay.
        XCTAssertEqual(try merged([.drop, .keep]), ["設定", "▁", "▁▁", "ます", "▁the", "the", "です", "▁is"])
        XCTAssertEqual(try merged([.drop]), ["設定", "▁", "▁▁", "ます", "the", "です", "▁is"])
        // strip: ▁X becomes X in place, the later duplicate goes.
        XCTAssertEqual(try merged([.strip, .keep]), ["設定", "です", "▁", "▁▁", "ます", "▁the", "the", "▁is"])
        var merge = VocabularyMerge()
        merge.spacePrefix = [.keep, .keep, .keep]
        XCTAssertThrowsError(try merge.merge([VocabularySource(ja), VocabularySource(en)]))
    }

    func testReservedFileAndBadInputsNameTheFile() throws {
        let dir = try temporaryDirectory()
        try "<|system|>\n<|user|>\t0.0\n".write(toFile: dir + "/reserved.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(try ReservedPieces.parse(dir + "/reserved.txt"), ["<|system|>", "<|user|>"])
        try "a\n\nb\n".write(toFile: dir + "/bad.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReservedPieces.parse(dir + "/bad.txt")) { error in
            XCTAssertTrue("\(error)".contains("bad.txt:2"), "\(error)")
        }
        XCTAssertThrowsError(try ReservedPieces.parse(dir + "/missing")) { error in
            XCTAssertTrue("\(error)".contains("missing"), "\(error)")
        }
        try Data([0x0A, 0xFF, 0x01]).write(to: URL(fileURLWithPath: dir + "/corrupt.model"))
        XCTAssertThrowsError(try VocabularySource(dir + "/corrupt.model")) { error in
            XCTAssertTrue("\(error)".contains("corrupt.model"), "\(error)")
        }
        var bpe = try VocabularyFixtures.proto(normal: ["a"])
        bpe.trainerSpec.modelType = .bpe
        try Data(bpe.serialized()).write(to: URL(fileURLWithPath: dir + "/bpe.model"))
        XCTAssertThrowsError(try VocabularySource(dir + "/bpe.model")) { error in
            XCTAssertTrue("\(error)".contains("bpe.model") && "\(error)".contains("Unigram"), "\(error)")
        }
    }

    /// Two vocabularies trained by Seiren (Japanese with MeCab pre-tokenization, English/code), merged with a
    /// reserved block: sentencepiece and tokenizers load the files and give Seiren's ids.
    func testMergedTrainedVocabulariesLoadInSentencepieceAndTokenizersWithSeirensIds() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let result = try VocabularyFixtures.mergeJapaneseAndEnglish(in: dir)
        XCTAssertGreaterThan(result.inputs[1].duplicates, 0, "the English model shares pieces with the Japanese one")
        XCTAssertGreaterThan(result.inputs[0].droppedByRule, 0)
        try VocabularyFixtures.assertReferenceAgreement(python: python, folder: dir + "/merged", lines: VocabularyFixtures.checkLines())
    }

    /// LLM-jp's own model first, a Seiren vocabulary second: its specials and ids stay, the new pieces follow.
    func testMergeWithLLMjpModelKeepsItsSpecialsAndLoadsInSentencepiece() throws {
        let python = try referencePython()
        let llmjp = try sharedTokenizerFile("code10K_en20K_ja30K.ver2.2.model")
        let dir = try temporaryDirectory()
        let (ja, _) = try VocabularyFixtures.trainJapaneseAndEnglish(in: dir)
        let (result, _) = try VocabularyMerge().run([llmjp, ja], output: dir + "/llmjp-plus", command: ["test"])
        let original = try SentencePieceModelProto(contentsOf: llmjp)
        let controls = original.pieces.filter { $0.type == .unknown || $0.type == .control }.map(\.piece)
        XCTAssertEqual(result.proto.pieces.prefix(controls.count).map(\.piece), controls)
        XCTAssertGreaterThan(result.inputs[1].taken, 0)
        // LLM-jp's <mask> is CONTROL: sentencepiece never matches a control piece in text, tokenizers matches it
        // as a special added token (docs/tokenizer.md), so lines spelling one out are left out.
        let lines = VocabularyFixtures.checkLines().filter { line in !controls.contains { line.contains($0) } }
        try VocabularyFixtures.assertReferenceAgreement(python: python, folder: dir + "/llmjp-plus", lines: lines)
    }
}
