import Foundation
import XCTest
@testable import SeirenTokenizer

/// `seiren vocab reestimate`: EM moves scores toward the corpus, keeps every piece, id and type, gives the same
/// bytes for any number of workers, and the result encodes in sentencepiece and tokenizers as in Seiren.
final class VocabularyReestimationTests: XCTestCase {
    func testFrequentPiecesGainScoreUnusedOnesGetTheFloorAndNothingElseChanges() throws {
        let dir = try temporaryDirectory()
        let characters = "▁abcdefghijklmnopqrstuvwxyz".map(String.init)
        // Every piece starts at the same score; "▁apt" is all over the corpus, "▁zzz" never.
        let model = try VocabularyFixtures.write(dir + "/flat.model", normal: characters + ["▁apt", "▁get", "▁zzz", "▁ap"],
                                                 controls: ["<s>", "</s>"], byteFallback: true)
        var flat = try SentencePieceModelProto(contentsOf: model)
        for i in flat.pieces.indices where flat.pieces[i].type == .normal { flat.pieces[i].score = -5 }
        for i in flat.pieces.indices where flat.pieces[i].type == .byte { flat.pieces[i].score = -7 }
        try Data(flat.serialized()).write(to: URL(fileURLWithPath: model))
        var lines: [String] = []
        for i in 0..<300 { lines.append(i % 3 == 0 ? "apt get" : "apt") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        var run = ReestimationRun(model: model, inputs: [dir + "/corpus.txt"], output: dir + "/out")
        run.heldOutEvery = 0
        let result = try run.run()
        let after = result.proto
        func score(_ piece: String) -> Float { after.pieces.first { $0.piece == piece }!.score }
        XCTAssertEqual(after.pieces.map(\.piece), flat.pieces.map(\.piece), "ids never change")
        XCTAssertEqual(after.pieces.map(\.type), flat.pieces.map(\.type))
        XCTAssertGreaterThan(score("▁apt"), -5, "the frequent piece gains")
        XCTAssertGreaterThan(score("▁apt"), score("▁get"), "and ends above a rarer one")
        XCTAssertGreaterThan(score("▁get"), score("▁zzz"))
        // Unused pieces share the floor score, below every used one.
        let used = ["▁apt", "▁get"].map(score)
        XCTAssertEqual(score("▁zzz"), score("q"))
        XCTAssertLessThan(score("▁zzz"), used.min()!)
        for (old, new) in zip(flat.pieces, after.pieces) where old.type != .normal {
            XCTAssertEqual(old.score, new.score, "\(old.piece) (\(old.type)) keeps its score")
        }
        XCTAssertEqual(result.report["corpus"]?["sentences"]?.intValue, 300)
    }

    /// The E step against an independent computation: sentencepiece's own n-best list enumerates every
    /// segmentation of a short line, scored with its piece scores; expected counts are the probability-weighted piece counts.
    func testExpectedCountsMatchSentencepieceSegmentationsEnumerated() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let (ja, _) = try VocabularyFixtures.trainJapaneseAndEnglish(in: dir)
        let model = ja + "/ja.model"
        let proto = try SentencePieceModelProto(contentsOf: model)
        let tokenizer = try SentencePieceTokenizer(proto: proto)
        let lines = ["設定ファイル", "パッケージを導入", "端末でコマンド", "の設定"]
        let script = """
        import json, math, sys
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=sys.argv[1])
        expected = {}
        for line in json.loads(sys.argv[2]):
            nbest = sp.nbest_encode(line, nbest_size=512, out_type=int)
            assert len(nbest) < 512, "not every segmentation enumerated"
            scores = [sum(sp.get_score(i) for i in ids) for ids in nbest]
            z = math.log(sum(math.exp(s) for s in scores))
            for ids, s in zip(nbest, scores):
                p = math.exp(s - z)
                for i in ids:
                    expected[i] = expected.get(i, 0.0) + p
        print(json.dumps({str(k): v for k, v in expected.items()}))
        """
        let lineJSON = String(decoding: try JSONSerialization.data(withJSONObject: lines), as: UTF8.self)
        let output = try runPython(python, script: script, arguments: [model, lineJSON])
        let reference = try JSONSerialization.jsonObject(with: output) as! [String: Double]

        // Seiren's E step over the same normalized lines, normal pieces in the lattice.
        let normalIds = proto.pieces.indices.filter { proto.pieces[$0].type == .normal }
        let set = TrainerPieceSet(pieces: normalIds.map { Array(proto.pieces[$0].piece.utf8) }, scores: normalIds.map { proto.pieces[$0].score })
        let units = lines.map { tokenizer.normalize($0) }
        let trainer = UnigramTrainer(settings: TrainingSettings(), progress: { _ in })
        let (expected, _) = try trainer.eStep(set, units, [Double](repeating: 1, count: units.count))
        var seiren: [Int: Double] = [:]
        for (k, id) in normalIds.enumerated() where expected[k] > 1e-12 { seiren[id] = expected[k] }
        XCTAssertFalse(reference.isEmpty)
        for (key, value) in reference where value > 1e-9 {
            XCTAssertEqual(seiren[Int(key)!] ?? 0, value, accuracy: 1e-4 * max(1, value), "piece \(proto.pieces[Int(key)!].piece)")
        }
        XCTAssertEqual(seiren.values.reduce(0, +), reference.values.reduce(0, +), accuracy: 1e-3)
    }

    func testSameBytesForAnyNumberOfWorkers() throws {
        let dir = try temporaryDirectory()
        let (ja, en) = try VocabularyFixtures.trainJapaneseAndEnglish(in: dir)
        _ = try VocabularyMerge().run([ja, en], output: dir + "/merged", command: ["test"])
        try (TrainingFixtures.lines().joined(separator: "\n") + "\n").write(toFile: dir + "/raw.txt", atomically: true, encoding: .utf8)
        var outputs: [Data] = []
        for workers in [1, 2, 5] {
            var run = ReestimationRun(model: dir + "/merged", inputs: [dir + "/raw.txt"], output: dir + "/re\(workers)/re")
            run.workers = workers
            run.iterations = 2
            _ = try run.run()
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/re\(workers)/re/re.model")))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
        let merged = try Data(contentsOf: URL(fileURLWithPath: dir + "/merged/merged.model"))
        XCTAssertNotEqual(outputs[0], merged, "EM changed the scores")
    }

    /// Merge, re-estimate on the raw text, then sentencepiece and tokenizers agree with Seiren on held-out lines.
    func testReestimatedModelLoadsInSentencepieceAndTokenizersWithSeirensIds() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        _ = try VocabularyFixtures.mergeJapaneseAndEnglish(in: dir)
        try (TrainingFixtures.lines().joined(separator: "\n") + "\n").write(toFile: dir + "/raw.txt", atomically: true, encoding: .utf8)
        var run = ReestimationRun(model: dir + "/merged", inputs: [dir + "/raw.txt"], output: dir + "/final")
        run.heldOutEvery = 10
        run.update = "ml"
        let result = try run.run()
        XCTAssertNotNil(result.heldOutAfter)
        XCTAssertEqual(result.proto.pieces.map(\.piece), try SentencePieceModelProto(contentsOf: dir + "/merged/merged.model").pieces.map(\.piece))
        try VocabularyFixtures.assertReferenceAgreement(python: python, folder: dir + "/final", lines: VocabularyFixtures.checkLines())
    }

    func testBadInputsAreNamed() throws {
        let dir = try temporaryDirectory()
        let model = try VocabularyFixtures.write(dir + "/m.model", normal: ["a", "b"])
        var run = ReestimationRun(model: model, inputs: [dir + "/missing.txt"], output: dir + "/out")
        XCTAssertThrowsError(try run.run()) { XCTAssertTrue("\($0)".contains("missing.txt"), "\($0)") }
        run = ReestimationRun(model: dir + "/nothing", inputs: [], output: dir + "/out")
        XCTAssertThrowsError(try run.run()) { XCTAssertTrue("\($0)".contains("nothing"), "\($0)") }
        try "xyz\n".write(toFile: dir + "/other.txt", atomically: true, encoding: .utf8)
        run = ReestimationRun(model: model, inputs: [dir + "/other.txt"], output: dir + "/out")
        run.heldOutEvery = 0
        XCTAssertThrowsError(try run.run()) { XCTAssertTrue("\($0)".contains("no piece"), "\($0)") }
    }
}
