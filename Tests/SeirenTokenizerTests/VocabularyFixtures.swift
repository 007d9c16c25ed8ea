import Foundation
import XCTest
@testable import SeirenTokenizer

/// Small models for the `seiren vocab` tests: written by hand (to know every id) or trained by Seiren on the
/// training fixtures (to be real), and a check that a vocabulary folder encodes in sentencepiece and tokenizers
/// exactly as in Seiren.
enum VocabularyFixtures {
    /// `<unk>`, the control pieces, the byte pieces if asked, then `normal` with scores -1, -2, ….
    static func proto(normal: [String], controls: [String] = ["<s>", "</s>"], byteFallback: Bool = false) throws -> SentencePieceModelProto {
        var pieces = [SentencePieceModelProto.Piece(piece: "<unk>", score: 0, type: .unknown)]
        pieces += controls.map { .init(piece: $0, score: 0, type: .control) }
        if byteFallback { pieces += (0...255).map { .init(piece: UnigramModel.bytePiece(UInt8($0)), score: 0, type: .byte) } }
        pieces += normal.enumerated().map { .init(piece: $0.element, score: -Float($0.offset + 1)) }
        var settings = TrainingSettings()
        settings.byteFallback = byteFallback
        settings.vocabularySize = pieces.count
        settings.padId = -1
        let trainer = VocabularyTrainer(settings: settings).trainerSpec()
        return SentencePieceModelProto(pieces: pieces, trainerSpec: trainer, normalizerSpec: try TrainingCorpus.normalizerSpec(settings))
    }

    @discardableResult
    static func write(_ path: String, normal: [String], controls: [String] = ["<s>", "</s>"], byteFallback: Bool = false) throws -> String {
        let model = try proto(normal: normal, controls: controls, byteFallback: byteFallback)
        try Data(model.serialized()).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `trainJapaneseAndEnglish`'s two vocabularies merged into `dir/merged` with 5 reserved pieces, `▁X` dropped
    /// from the Japanese one where X is a piece.
    static func mergeJapaneseAndEnglish(in dir: String) throws -> VocabularyMerge.Result {
        let (ja, en) = try trainJapaneseAndEnglish(in: dir)
        var merge = VocabularyMerge()
        merge.reserved = try ReservedPieces.parse("5")
        merge.spacePrefix = [.drop, .keep]
        return try merge.run([ja, en], output: dir + "/merged", command: ["test"]).0
    }

    /// A Japanese vocabulary trained with MeCab pre-tokenization and an English/code one, as vocabulary folders.
    static func trainJapaneseAndEnglish(in dir: String) throws -> (ja: String, en: String) {
        let all = TrainingFixtures.lines()
        let japanese = all.filter { $0.unicodeScalars.contains { $0.value >= 0x3040 } }
        let other = all.filter { !$0.unicodeScalars.contains { $0.value >= 0x3040 } }
        var ja = UnigramTrainingTests.settings(vocabularySize: 500)
        ja.userDefinedSymbols = []
        ja.preTokenizer = .mecab
        ja.maxPieceLength = 8
        var en = UnigramTrainingTests.settings(vocabularySize: 400)
        en.userDefinedSymbols = ["<mask>"]
        let jaProto = try UnigramTrainingTests.train(ja, lines: japanese)
        let enProto = try UnigramTrainingTests.train(en, lines: other)
        _ = try VocabularyExport.write(jaProto, name: "ja", report: ["test": true], to: dir + "/ja")
        _ = try VocabularyExport.write(enProto, name: "en", report: ["test": true], to: dir + "/en")
        return (dir + "/ja", dir + "/en")
    }

    static func checkLines() -> [String] {
        TrainingFixtures.heldOut + trickyLines + ["前<mask>後", "a <mask> b", "<reserved_0> と <reserved_4>", "▁です"]
    }

    /// sentencepiece (NAME.model) and tokenizers (tokenizer.json) give Seiren's ids for every line.
    static func assertReferenceAgreement(python: String, folder: String, lines: [String],
                                         file: StaticString = #filePath, line: UInt = #line) throws {
        let name = URL(fileURLWithPath: folder).lastPathComponent
        let model = folder + "/" + name + ".model"
        let script = """
        import json, sys
        import sentencepiece as spm
        from tokenizers import Tokenizer
        sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
        hf = Tokenizer.from_file(sys.argv[2])
        lines = json.load(open(sys.argv[3], encoding='utf-8'))
        out = {"size": sp.get_piece_size(), "hf_size": hf.get_vocab_size(),
               "sp": [sp.encode(l) for l in lines], "hf": [hf.encode(l, add_special_tokens=False).ids for l in lines]}
        print(json.dumps(out))
        """
        let input = try temporaryDirectory() + "/lines.json"
        try JSONSerialization.data(withJSONObject: lines).write(to: URL(fileURLWithPath: input))
        let output = try runPython(python, script: script, arguments: [model, folder + "/tokenizer.json", input])
        let result = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        let tokenizer = try SentencePieceTokenizer(contentsOf: model)
        XCTAssertEqual(result["size"] as? Int, tokenizer.vocabularySize, file: file, line: line)
        XCTAssertEqual(result["hf_size"] as? Int, tokenizer.vocabularySize, file: file, line: line)
        let sp = result["sp"] as! [[Int]], hf = result["hf"] as! [[Int]]
        for (i, text) in lines.enumerated() {
            let ids = tokenizer.encode(text).map(Int.init)
            XCTAssertEqual(ids, sp[i], "sentencepiece ids differ for \(text.debugDescription)", file: file, line: line)
            XCTAssertEqual(ids, hf[i], "tokenizers ids differ for \(text.debugDescription)", file: file, line: line)
        }
    }
}
