import Foundation
import SeirenCore
import XCTest
@testable import SeirenTokenizer

final class UnigramTrainingTests: XCTestCase {
    static func settings(vocabularySize: Int = 500, threads: Int = 2) -> TrainingSettings {
        var settings = TrainingSettings()
        settings.vocabularySize = vocabularySize
        settings.userDefinedSymbols = ["<mask>"]
        settings.heldOutEvery = 0
        settings.threads = threads
        settings.characterCoverage = 1.0
        return settings
    }

    static func train(_ settings: TrainingSettings, lines: [String] = TrainingFixtures.lines()) throws -> SentencePieceModelProto {
        let corpus = try TrainingCorpus(settings: settings)
        for line in lines { corpus.add(line) }
        return try VocabularyTrainer(settings: settings).train(corpus)
    }

    func testVocabularyHasRequestedSizeAndSpecialIds() throws {
        let proto = try Self.train(Self.settings())
        XCTAssertEqual(proto.pieces.count, 500)
        XCTAssertEqual(proto.pieces[0].piece, "<unk>")
        XCTAssertEqual(proto.pieces[0].type, .unknown)
        XCTAssertEqual(proto.pieces[1].piece, "<s>")
        XCTAssertEqual(proto.pieces[1].type, .control)
        XCTAssertEqual(proto.pieces[2].piece, "</s>")
        XCTAssertEqual(proto.pieces[3].piece, "<mask>")
        XCTAssertEqual(proto.pieces[3].type, .userDefined)
        XCTAssertEqual(proto.pieces[4].piece, "<0x00>")
        XCTAssertEqual(proto.pieces[259].piece, "<0xFF>")
        XCTAssertEqual(proto.pieces[4...259].filter { $0.type == .byte }.count, 256)
        let normal = proto.pieces.filter { $0.type == .normal }
        XCTAssertEqual(normal.count, 500 - 260)
        XCTAssertEqual(Set(normal.map(\.piece)).count, normal.count, "no duplicate pieces")
        // Scores decrease: learned pieces are ordered by score.
        XCTAssertEqual(normal.map(\.score), normal.map(\.score).sorted(by: >))
        // Every training character is a piece (coverage 1.0).
        for character in Set(TrainingFixtures.lines().joined().unicodeScalars) where character != " " {
            XCTAssertTrue(normal.contains { $0.piece == String(character) }, "missing character \(character)")
        }
        // Frequent words became pieces.
        XCTAssertTrue(normal.contains { $0.piece.unicodeScalars.count >= 2 && $0.piece.unicodeScalars.allSatisfy { $0.value >= 0x3040 } },
                      "multi-character Japanese pieces: \(normal.prefix(40).map(\.piece))")
        XCTAssertEqual(proto.trainerSpec.vocabSize, 500)
        XCTAssertEqual(proto.trainerSpec.modelType, .unigram)
    }

    /// `--user-defined-symbol '\n'` and a manifest's `"\\n"` mean a newline (and `\t` a tab); other text is kept.
    func testWrittenSymbolsStandForNewlineAndTab() {
        XCTAssertEqual(TrainingSettings.symbol(written: "\\n"), "\n")
        XCTAssertEqual(TrainingSettings.symbol(written: "a\\tb"), "a\tb")
        XCTAssertEqual(TrainingSettings.symbol(written: "<mask>"), "<mask>")
    }

    func testSameOutputForAnyThreadCount() throws {
        let one = try Self.train(Self.settings(threads: 1))
        let three = try Self.train(Self.settings(threads: 3))
        XCTAssertEqual(one.serialized(), three.serialized())
    }

    /// Training reads each unit's lattice back from the seed lattices (built once, compacted as pieces go) and
    /// prunes with the trie of the pieces at the first pruning, renumbered; with pieces too long for that layout it
    /// walks a trie of the current pieces over the unit text instead. Both must learn the same pieces and scores.
    func testSeedLatticesLearnWhatTheTrieWalkLearns() throws {
        var compact = Self.settings(vocabularySize: 250)
        compact.byteFallback = false  // a small vocabulary, so that pruning runs several rounds
        compact.maxPieceLength = 200
        var walked = compact
        walked.maxPieceLength = 300  // past the seed lattices' 255-byte limit: no repeat here is that long
        let pieces = { (proto: SentencePieceModelProto) in proto.pieces.map { "\($0.piece) \($0.score)" } }
        XCTAssertEqual(pieces(try Self.train(compact)), pieces(try Self.train(walked)))
    }

    /// Characters beyond the Basic Multilingual Plane are counted apart from the others (a table holds only the
    /// first plane); with full coverage each must still be a required character and so a piece.
    func testCharactersBeyondTheBasicPlaneAreCountedAndKept() throws {
        let extra = ["𠮷野家で🍣を食べた", "𠮷田さんの🍣の話", "🍣と𩸽"]
        let lines = TrainingFixtures.lines() + (0..<20).flatMap { _ in extra }
        let proto = try Self.train(Self.settings(), lines: lines)
        let normal = Set(proto.pieces.filter { $0.type == .normal }.map(\.piece))
        for character in ["𠮷", "🍣", "𩸽"] { XCTAssertTrue(normal.contains(character), "missing \(character)") }
    }

    func testRoundTripIsLosslessForAnyText() throws {
        // Without the dummy prefix and whitespace removal, sentencepiece's format is lossless for any text except
        // the meta symbol ▁ itself, which decodes as a space.
        var settings = Self.settings()
        settings.removeExtraWhitespaces = false
        settings.addDummyPrefix = false
        let tokenizer = try SentencePieceTokenizer(proto: Self.train(settings))
        var generator = SplitMix64(seed: 42)
        var samples = TrainingFixtures.heldOut + ["", " ", "  先頭の空白", "末尾の空白  ", "\t\n\r", "<mask>と<s>"]
        let ranges: [ClosedRange<UInt32>] = [1...0x7F, 0x80...0x7FF, 0x3040...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
                                             0x1F300...0x1FAFF, 0x10000...0x10FFFF, 0xE000...0xF8FF]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int(generator.next() % 12) {
                let range = ranges[Int(generator.next() % UInt64(ranges.count))]
                let value = range.lowerBound + UInt32(generator.next() % UInt64(range.count))
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            samples.append(text)
        }
        for text in samples {
            let ids = tokenizer.encode(text)
            XCTAssertFalse(ids.contains(0), "no <unk> with byte fallback: \(text.debugDescription)")
            XCTAssertEqual(tokenizer.decode(ids), text, "round trip of \(text.debugDescription)")
        }
    }

    /// By default spaces are kept (round trip); sentencepiece's removal of extra whitespace is there when asked for.
    func testDefaultWhitespaceHandlingRoundTripsAndRemovalIsAnOption() throws {
        let tokenizer = try SentencePieceTokenizer(proto: Self.train(Self.settings()))
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("  空白が   多い   行  ")), "  空白が   多い   行  ")
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("タブ\tと改行\nは残る")), "タブ\tと改行\nは残る")
        var settings = Self.settings()
        settings.removeExtraWhitespaces = true
        let squeezing = try SentencePieceTokenizer(proto: Self.train(settings))
        XCTAssertEqual(squeezing.decode(squeezing.encode("  空白が   多い   行  ")), "空白が 多い 行")
        XCTAssertEqual(squeezing.decode(squeezing.encode("タブ\tと改行\nは残る")), "タブ\tと改行\nは残る")
    }

    func testUnseenCharactersFallBackToBytes() throws {
        let tokenizer = try SentencePieceTokenizer(proto: Self.train(Self.settings()))
        let pieces = tokenizer.encodeAsPieces("鬱")
        XCTAssertEqual(pieces.suffix(3), ["<0xE9>", "<0xAC>", "<0xB1>"])
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("鬱🍣")), "鬱🍣")
        // The user-defined symbol is always one piece.
        XCTAssertTrue(tokenizer.encodeAsPieces("前<mask>後").contains("<mask>"))
    }

    func testMeCabPreTokenizationNeverCrossesMorphemeBoundaries() throws {
        var settings = Self.settings(vocabularySize: 560)
        settings.preTokenizer = .mecab
        guard FileManager.default.fileExists(atPath: settings.mecabDictionary) else {
            throw XCTSkip("MeCab dictionary \(settings.mecabDictionary) not installed (scripts/setup)")
        }
        // The units MeCab gives for the training text: every learned piece must lie inside one of them.
        let corpus = try TrainingCorpus(settings: settings)
        for line in TrainingFixtures.lines() { corpus.add(line) }
        let units = try corpus.makeUnits { _ in }.units.map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }
        func insideAUnit(_ piece: String) -> Bool { units.contains { $0.contains(piece) } }

        let mecab = try Self.train(settings)
        let crossing = mecab.pieces.filter { $0.type == .normal && !insideAUnit($0.piece) }.map(\.piece)
        XCTAssertEqual(crossing, [], "pieces crossing a morpheme boundary")
        XCTAssertFalse(units.contains("パッケージを"), "MeCab splits パッケージ|を")

        // Without MeCab the same corpus does give pieces across morphemes, so the check above means something.
        settings.preTokenizer = .whitespace
        let plain = try Self.train(settings)
        XCTAssertFalse(plain.pieces.filter { $0.type == .normal && !insideAUnit($0.piece) }.isEmpty)
    }

    func testBadInputGivesErrorsThatSayWhatWouldWork() throws {
        // Empty corpus.
        var squeezing = Self.settings()
        squeezing.removeExtraWhitespaces = true
        XCTAssertThrowsError(try Self.train(squeezing, lines: ["", "   "])) { error in
            XCTAssertTrue("\(error)".contains("no training text"), "\(error)")
        }
        // Too small for the reserved pieces.
        XCTAssertThrowsError(try Self.train(Self.settings(vocabularySize: 100))) { error in
            XCTAssertTrue("\(error)".contains("260 pieces are reserved"), "\(error)")
            XCTAssertTrue("\(error)".contains("--vocab-size 360"), "\(error)")
        }
        // Too small for the required characters.
        XCTAssertThrowsError(try Self.train(Self.settings(vocabularySize: 270))) { error in
            XCTAssertTrue("\(error)".contains("required characters"), "\(error)")
        }
        // Too large for the corpus.
        XCTAssertThrowsError(try Self.train(Self.settings(vocabularySize: 20000))) { error in
            XCTAssertTrue("\(error)".contains("too small for a vocabulary of 20000"), "\(error)")
            XCTAssertTrue("\(error)".contains("or less"), "\(error)")
        }
        // Invalid UTF-8 lines are skipped and counted.
        let corpus = try TrainingCorpus(settings: Self.settings())
        corpus.add(line: [0x61, 0xFF, 0x62][...])
        corpus.add(line: Array("正しい行".utf8)[...])
        XCTAssertEqual(corpus.statistics.skippedInvalidUTF8, 1)
        XCTAssertEqual(corpus.statistics.trainingSentences, 1)
    }
}
