import Foundation
import XCTest
@testable import SeirenTokenizer

/// The exported files load in the reference libraries and encode exactly as Seiren does.
final class TrainedVocabularyCompatibilityTests: XCTestCase {
    func testUnigramExportLoadsInSentencepieceAndTokenizersWithIdenticalIds() throws {
        try checkExport(model: .unigram)
    }

    func testBPEExportLoadsInSentencepieceAndTokenizersWithIdenticalIds() throws {
        try checkExport(model: .bpe)
    }

    /// NFKC is written into the model as a precompiled charsmap that sentencepiece and tokenizers apply too.
    func testNFKCExportLoadsInSentencepieceAndTokenizersWithIdenticalIds() throws {
        try checkExport(model: .unigram, normalization: .nfkc) { tokenizer in
            XCTAssertFalse(tokenizer.proto.normalizerSpec.precompiledCharsmap.isEmpty)
            XCTAssertEqual(String(decoding: tokenizer.normalize("ＡＢＣ１２３ｶﾀｶﾅ"), as: UTF8.self), "\u{2581}ABC123カタカナ")
        }
    }

    private func checkExport(model: TrainingSettings.ModelKind, normalization: TrainingSettings.Normalization = .identity,
                             extraChecks: (SentencePieceTokenizer) throws -> Void = { _ in }) throws {
        let python = try referencePython()
        var settings = UnigramTrainingTests.settings(vocabularySize: 500)
        settings.model = model
        settings.normalization = normalization
        settings.userDefinedSymbols = ["<mask>"]
        settings.heldOutEvery = 10
        let lines = TrainingFixtures.lines()
        let corpus = try TrainingCorpus(settings: settings)
        for line in lines { corpus.add(line) }
        let proto = try VocabularyTrainer(settings: settings).train(corpus)
        // The files carry the name given, not the folder's (the pipeline writes into a staging folder).
        let directory = try temporaryDirectory() + "/tiny.staging"
        let files = try VocabularyExport.write(proto, name: "tiny", report: ["test": true], to: directory)
        XCTAssertEqual(files.map { URL(fileURLWithPath: $0).lastPathComponent },
                       ["tiny.model", "tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                        "tiny.vocab", "report.json"])

        let tokenizer = try SentencePieceTokenizer(contentsOf: directory + "/tiny.model")
        try extraChecks(tokenizer)
        let heldOut = corpus.heldOut + TrainingFixtures.heldOut + trickyLines + ["前<mask>後", "a <mask> b"]
        let script = """
        import json, sys
        import sentencepiece as spm
        from tokenizers import Tokenizer
        sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
        hf = Tokenizer.from_file(sys.argv[2])
        lines = json.load(open(sys.argv[3], encoding='utf-8'))
        out = {"size": sp.get_piece_size(), "hf_size": hf.get_vocab_size(), "sp": [], "hf": [], "sp_text": [], "hf_text": []}
        for line in lines:
            a = sp.encode(line)
            b = hf.encode(line, add_special_tokens=False).ids
            out["sp"].append(a); out["hf"].append(b)
            out["sp_text"].append(sp.decode(a)); out["hf_text"].append(hf.decode(b))
        out["unk"] = sp.unk_id(); out["bos"] = sp.bos_id(); out["eos"] = sp.eos_id(); out["pad"] = sp.pad_id()
        print(json.dumps(out, ensure_ascii=False))
        """
        let input = try temporaryDirectory() + "/lines.json"
        try JSONSerialization.data(withJSONObject: heldOut).write(to: URL(fileURLWithPath: input))
        let output = try runPython(python, script: script, arguments: [directory + "/tiny.model", directory + "/tokenizer.json", input])
        let result = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        XCTAssertEqual(proto.trainerSpec.modelType, model == .bpe ? .bpe : .unigram)
        XCTAssertEqual(result["size"] as? Int, 500)
        XCTAssertEqual(result["hf_size"] as? Int, 500)
        XCTAssertEqual(result["unk"] as? Int, 0)
        XCTAssertEqual(result["bos"] as? Int, 1)
        XCTAssertEqual(result["eos"] as? Int, 2)
        XCTAssertEqual(result["pad"] as? Int, -1)
        let sp = result["sp"] as! [[Int]], hf = result["hf"] as! [[Int]]
        let spText = result["sp_text"] as! [String], hfText = result["hf_text"] as! [String]
        XCTAssertGreaterThan(corpus.heldOut.count, 100)
        for (i, line) in heldOut.enumerated() {
            let ids = tokenizer.encode(line).map(Int.init)
            XCTAssertEqual(ids, sp[i], "sentencepiece ids differ for \(line.debugDescription)")
            XCTAssertEqual(ids, hf[i], "tokenizers ids differ for \(line.debugDescription)")
            let decoded = tokenizer.decode(ids)
            XCTAssertEqual(decoded, spText[i], "sentencepiece decodes \(line.debugDescription) differently")
            // With spaces kept (the default) sentencepiece drops only the dummy ▁ when decoding, as tokenizers' Strip
            // does: they agree even for text that starts with spaces or the literal meta symbol.
            XCTAssertEqual(decoded, hfText[i], "tokenizers decodes \(line.debugDescription) differently")
        }
        // The .vocab file lists every piece with its score.
        let vocab = try String(contentsOfFile: directory + "/tiny.vocab", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(vocab.count, 500)
        XCTAssertEqual(vocab[0], "<unk>\t0")
    }
}
