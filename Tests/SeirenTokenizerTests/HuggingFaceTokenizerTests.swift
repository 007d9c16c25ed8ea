import Foundation
import XCTest
import SeirenCore
@testable import SeirenTokenizer

/// `tokenizer.json` files must encode to exactly the ids of the `tokenizers` library (`add_special_tokens=False`),
/// line by line: LLM-jp's real file, and tokenizers trained here by `tokenizers` itself for every pipeline Seiren
/// reads (scripts/reference/train_hf_tokenizers.py).
final class HuggingFaceTokenizerTests: XCTestCase {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A few hundred lines mixing scripts, emoji, control characters, full-width forms, whitespace runs and the
    /// added tokens of the tokenizers under test, each line different.
    static let mixedLines: [String] = {
        let fragments = [
            "日本語の文章", "Debian パッケージ", "apt-get install", "ｈａｌｆ　ｗｉｄｔｈ", "ＡＢＣ１２３", "ｶﾀｶﾅｶﾞ",
            "🍣🍺👨‍👩‍👧", "(´・ω・`)", "한국어", "中文句子", "русский", "Ünïcödé naïve Çafé", "制御\u{01}\u{1F}\u{7F}",
            "\u{85}\u{0B}\u{0C}", "▁既に▁", "½①㍻", "1234567890", "I'm don't it's we'll", "  ", "\t", "\r", "。、！？",
            "{ sum += a[i]; }", "def f(x):", "<s|LLM-jp>", "</s|LLM-jp>", "<|endoftext|>", "[CLS]", "データ", " lstrip",
            "rs>  ", "word", "swordfish", "x\u{2028}y", "\u{3000}全角空白\u{3000}", "ﬁ ﬀ ㈱", "Å Å", "e\u{301}", "İstanbul ΣΑΣ",
        ]
        var lines: [String] = []
        for i in 0..<fragments.count {
            for step in [1, 3, 7, 11, 13, 17, 19, 23] {
                var line = ""
                for k in 0..<(1 + (i + step) % 4) {
                    line += fragments[(i + k * step) % fragments.count]
                    if (i + k) % 3 == 0 { line += " " }
                }
                lines.append(line)
            }
        }
        return lines
    }()

    /// Non-empty lines of the real Debian manuals (data/manuals.jsonl, made by `scripts/manuals documents`),
    /// every `step`-th, or none when the file is absent.
    static func manualLines(step: Int = 10, limit: Int = 2000) -> [String] {
        guard let data = FileManager.default.contents(atPath: repositoryRoot + "/data/manuals.jsonl") else { return [] }
        var lines: [String] = []
        var index = 0
        for record in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any],
                  let text = object["text"] as? String else { continue }
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                if index % step == 0 && lines.count < limit { lines.append(String(line)) }
                index += 1
            }
        }
        return lines
    }

    /// `tokenizers`' ids for each line, through scripts/reference/hf_encode.py.
    static func referenceIds(python: String, tokenizer: String, lines: [String]) throws -> [[Int32]] {
        let input = try temporaryDirectory() + "/lines.txt"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let script = try String(contentsOfFile: repositoryRoot + "/scripts/reference/hf_encode.py", encoding: .utf8)
        let output = String(decoding: try runPython(python, script: script, arguments: [tokenizer, input]), as: UTF8.self)
        var rows = output.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            row.split(separator: " ").map { Int32($0)! }
        }
        if rows.last == [] && rows.count == lines.count + 1 { rows.removeLast() }
        XCTAssertEqual(rows.count, lines.count, "hf_encode.py should print one line per input line")
        return rows
    }

    static func assertSameIds(_ path: String, lines: [String], python: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let tokenizer = try HuggingFaceTokenizer(contentsOf: path)
        let reference = try Self.referenceIds(python: python, tokenizer: path, lines: lines)
        var mismatches = 0
        for (i, text) in lines.enumerated() where i < reference.count {
            let ids = try tokenizer.encode(text)
            if ids != reference[i] {
                mismatches += 1
                if mismatches <= 5 {
                    XCTFail("\(FileManager.default.displayName(atPath: path)): ids differ for \(text.debugDescription): \(ids) vs tokenizers \(reference[i])",
                            file: file, line: line)
                }
            }
            // The spans measure relies on stay inside the text and in order.
            var previous = 0
            for span in try tokenizer.encodeWithSpans(text) {
                XCTAssertTrue(0 <= span.start && span.start <= span.end && span.end <= text.utf8.count, file: file, line: line)
                XCTAssertGreaterThanOrEqual(span.end, previous, file: file, line: line)
                previous = max(previous, span.start)
            }
        }
        XCTAssertEqual(mismatches, 0, "\(path): \(mismatches) of \(lines.count) lines differ", file: file, line: line)
    }

    func testLLMjpTokenizerJSONEncodesLikeTokenizers() throws {
        let path = try sharedTokenizerFile("code10k_en20k_ja30k.ver2.1.tokenizer.json")
        let python = try referencePython()
        let manuals = Self.manualLines()
        if manuals.isEmpty { print("note: data/manuals.jsonl absent; comparing on fixed lines only") }
        try Self.assertSameIds(path, lines: trickyLines.filter { !$0.contains("\n") } + Self.mixedLines + manuals, python: python)
        let tokenizer = try HuggingFaceTokenizer(contentsOf: path)
        XCTAssertEqual(tokenizer.endOfDocumentId, 7, "the template appends <EOD|LLM-jp>")
        XCTAssertEqual(tokenizer.unknownId, 0)
        XCTAssertTrue(try tokenizer.encode("\u{01}").contains { tokenizer.isByteFallback($0) })
    }

    /// Tokenizers trained by `tokenizers` on the fixture corpus, compared on held-out and mixed lines.
    func testTrainedTokenizersEncodeLikeTokenizers() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        let training = TrainingFixtures.lines() + Self.manualLines(step: 7, limit: 3000)
        try (training.joined(separator: "\n") + "\n").write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        let script = try String(contentsOfFile: Self.repositoryRoot + "/scripts/reference/train_hf_tokenizers.py", encoding: .utf8)
        _ = try runPython(python, script: script, arguments: [dir + "/corpus.txt", dir])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tokenizer.json") }.sorted()
        XCTAssertEqual(names.count, 8, "\(names)")
        let lines = TrainingFixtures.heldOut.filter { !$0.contains("\n") } + trickyLines.filter { !$0.contains("\n") }
            + Self.mixedLines + Self.manualLines(step: 13, limit: 600)
        for name in names { try Self.assertSameIds(dir + "/" + name, lines: lines, python: python) }
    }

    /// A SentencePiece model trained with NFKC (a precompiled charsmap) and exported by Seiren as tokenizer.json:
    /// the Precompiled normalizer, Replace with regexes and Prepend, read back by Seiren and by tokenizers.
    func testPrecompiledNormalizerEncodesLikeTokenizers() throws {
        let python = try referencePython()
        let dir = try temporaryDirectory()
        try (TrainingFixtures.lines().joined(separator: "\n") + "\n").write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        _ = try runPython(python, script: """
        import sys, sentencepiece as spm
        spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=540,
            model_type='unigram', normalization_rule_name='nmt_nfkc', byte_fallback=True, minloglevel=2)
        """, arguments: [dir + "/corpus.txt", dir + "/nfkc"])
        let proto = try SentencePieceModelProto(contentsOf: dir + "/nfkc.model")
        let json = try HuggingFaceTokenizerJSON.make(proto)
        try Data(JSONWriter.serialize(json)).write(to: URL(fileURLWithPath: dir + "/nfkc.tokenizer.json"))
        try Self.assertSameIds(dir + "/nfkc.tokenizer.json", lines: trickyLines.filter { !$0.contains("\n") } + Self.mixedLines,
                          python: python)
    }

    // MARK: errors

    func testBadFilesAreRefusedNamingFileAndPart() throws {
        let dir = try temporaryDirectory()
        let cases: [(String, String, String)] = [
            ("corrupt.json", "{\"model\": {\"type\": \"BPE\", ", "not a JSON tokenizer file"),
            ("empty.json", "{}", "no \"model\" object"),
            ("wordlevel.json", #"{"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}}"#, "unsupported model type \"WordLevel\""),
            ("nmt.json", #"{"normalizer": {"type": "Nmt"}, "model": {"type": "WordPiece", "vocab": {"a": 0}}}"#, "unsupported normalizer type \"Nmt\""),
            ("scripts.json", #"{"pre_tokenizer": {"type": "UnicodeScripts"}, "model": {"type": "WordPiece", "vocab": {"a": 0}}}"#,
             "unsupported pre-tokenizer type \"UnicodeScripts\""),
            ("dropout.json", #"{"model": {"type": "BPE", "dropout": 0.1, "vocab": {"a": 0}, "merges": []}}"#, "dropout"),
            ("regex.json", #"{"normalizer": {"type": "Replace", "pattern": {"Regex": "(unclosed"}, "content": ""}, "model": {"type": "WordPiece", "vocab": {"a": 0}}}"#,
             "(unclosed"),
        ]
        for (name, text, expected) in cases {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try TokenizerLocator.load(dir + "/" + name), name) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(dir + "/" + name), message)
                XCTAssertTrue(message.contains(expected), message)
            }
        }
    }

    // MARK: morpheme boundaries

    /// A hand-made Unigram vocabulary: `私は` spans two morphemes (私 / は); `▁です` covers a space (no morpheme)
    /// and one morpheme. Of the five tokens of the two lines, exactly one crosses a boundary.
    func testMorphemeCrossingShareIsHandChecked() throws {
        let dir = try temporaryDirectory()
        let json = #"""
        {"normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
         "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
                   "vocab": [["<unk>", 0], ["私は", -1], ["私", -5], ["は", -5], ["猫", -2], ["です", -2], ["▁です", -1], ["▁", -5]]}}
        """#
        try json.write(toFile: dir + "/tiny.json", atomically: true, encoding: .utf8)
        try "私は猫です\n猫 です\n".write(toFile: dir + "/text.txt", atomically: true, encoding: .utf8)
        let tokenizer = try HuggingFaceTokenizer(contentsOf: dir + "/tiny.json")
        XCTAssertEqual(try tokenizer.encode("私は猫です"), [1, 4, 5])
        XCTAssertEqual(try tokenizer.encode("猫 です"), [4, 6])
        XCTAssertEqual(try tokenizer.encodeWithSpans("猫 です"), [TokenSpan(id: 4, start: 0, end: 3), TokenSpan(id: 6, start: 3, end: 10)])
        let measurement = try TokenizerMeasurement.run(tokenizers: [dir + "/tiny.json"], inputs: [dir + "/text.txt"])
        let total = measurement.results[0].total
        XCTAssertEqual(total.tokens, 5)
        XCTAssertEqual(total.crossing, 1)
        XCTAssertEqual(total.crossingRate, 0.2, accuracy: 1e-12)
        let without = try TokenizerMeasurement.run(tokenizers: [dir + "/tiny.json"], inputs: [dir + "/text.txt"], morphemes: false)
        XCTAssertEqual(without.results[0].total.crossing, 0)
        XCTAssertEqual(without.results[0].total.tokens, 5)
    }

    /// SentencePiece spans: with LLM-jp's identity-normalized model, every normal piece's span in the original text
    /// is the piece itself (`▁` standing for a space, the dummy-prefix `▁` for nothing).
    func testSentencePieceSpansCoverTheirPieces() throws {
        let path = try sharedTokenizerFile("code10K_en20K_ja30K.ver2.2.model")
        let tokenizer = try SentencePieceTokenizer(contentsOf: path)
        for text in trickyLines + Self.mixedLines {
            let bytes = Array(text.utf8)
            for (index, span) in tokenizer.encodeWithSpans(text).enumerated() {
                let piece = tokenizer.proto.pieces[Int(span.id)]
                guard piece.type == .normal else { continue }
                var expected = piece.piece.replacingOccurrences(of: "\u{2581}", with: " ")
                let covered = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
                    .replacingOccurrences(of: "\u{2581}", with: " ")
                if index == 0 && tokenizer.proto.normalizerSpec.addDummyPrefix { expected.removeFirst() }
                XCTAssertEqual(covered, expected, "\(text.debugDescription) token \(index)")
            }
        }
    }
}
