import Foundation
import XCTest
@testable import SeirenTokenizer

/// Everyday Japanese, not manuals: the JCommonsenseQA questions in ../shared/eval/ (53,634 lines), encoded by Seiren
/// exactly as the reference libraries encode them, every line, and the lines taken 200 at a time as documents
/// (long texts with newlines, where sentencepiece rebases its path scores). For the shipped vocabulary, a BPE
/// vocabulary, and LLM-jp's models.
final class EverydayTextEncodingTests: XCTestCase {
    /// The everyday text beside the repository. Missing on a machine without the shared folder, the tests skip;
    /// missing on CI (`CI` set), which has the folder, they fail: a skip there would hide that nothing was compared.
    static func everydayLines() throws -> [String] {
        let name = "jcommonsenseqa-v1.1-train.txt"
        var url = URL(fileURLWithPath: #filePath)
        var looked: [String] = []
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let path = url.deletingLastPathComponent().appendingPathComponent("shared/eval/" + name).path
            if let data = FileManager.default.contents(atPath: path) {
                let text = try XCTUnwrap(String(validating: data, as: UTF8.self), "\(path) is not UTF-8")
                return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            }
            looked.append(path)
        }
        let message = "\(name) not found (looked in \(looked.joined(separator: ", ")))"
        if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail(message + ": CI must provide ../shared/eval/") }
        throw XCTSkip(message)
    }

    /// The lines, then every 200 lines joined by newlines as one document.
    static func everydayTexts() throws -> [String] {
        let lines = try everydayLines()
        let documents = stride(from: 0, to: lines.count, by: 200).map { lines[$0..<min($0 + 200, lines.count)].joined(separator: "\n") }
        return lines + documents
    }

    /// sentencepiece's ids for each text, through scripts/reference/sp_encode.py.
    static func sentencepieceIds(python: String, model: String, texts: [String]) throws -> [[Int32]] {
        let input = try temporaryDirectory() + "/texts.json"
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: input))
        let script = try String(contentsOfFile: HuggingFaceTokenizerTests.repositoryRoot + "/scripts/reference/sp_encode.py",
                                encoding: .utf8)
        let output = String(decoding: try runPython(python, script: script, arguments: [model, input]), as: UTF8.self)
        var rows = output.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: " ").map { Int32($0)! } }
        if rows.last == [] && rows.count == texts.count + 1 { rows.removeLast() }
        return rows
    }

    func assertEncodesLikeSentencepiece(_ model: String, texts: [String], python: String,
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let tokenizer = try SentencePieceTokenizer(contentsOf: model)
        let reference = try Self.sentencepieceIds(python: python, model: model, texts: texts)
        XCTAssertEqual(reference.count, texts.count, "sp_encode.py should print one line per text", file: file, line: line)
        var mismatches = 0
        for (text, expected) in zip(texts, reference) where tokenizer.encode(text) != expected {
            mismatches += 1
            if mismatches <= 3 { XCTFail("\(model): ids differ for \(text.prefix(80).debugDescription)", file: file, line: line) }
        }
        XCTAssertEqual(mismatches, 0, "\(model): \(mismatches) of \(texts.count) texts differ from sentencepiece", file: file, line: line)
    }

    func testShippedVocabularyEncodesEverydayTextLikeSentencepieceAndTokenizers() throws {
        let python = try referencePython()
        let lines = try Self.everydayLines()
        let folder = HuggingFaceTokenizerTests.repositoryRoot + "/vocab/debian-manuals-ja-8k"
        try assertEncodesLikeSentencepiece(folder + "/debian-manuals-ja-8k.model", texts: try Self.everydayTexts(), python: python)
        try HuggingFaceTokenizerTests.assertSameIds(folder + "/tokenizer.json", lines: lines, python: python)
    }

    /// A BPE vocabulary trained by Seiren on the project's fixtures: much of the everyday text is outside it, so
    /// merges stop early and byte fallback is exercised on every line.
    func testBPEVocabularyEncodesEverydayTextLikeSentencepieceAndTokenizers() throws {
        let python = try referencePython()
        let lines = try Self.everydayLines()
        var settings = UnigramTrainingTests.settings(vocabularySize: 800)
        settings.model = .bpe
        let proto = try UnigramTrainingTests.train(settings)
        let directory = try temporaryDirectory() + "/bpe"
        _ = try VocabularyExport.write(proto, name: "bpe", report: ["test": true], to: directory)
        try assertEncodesLikeSentencepiece(directory + "/bpe.model", texts: try Self.everydayTexts(), python: python)
        try HuggingFaceTokenizerTests.assertSameIds(directory + "/tokenizer.json", lines: lines, python: python)
    }

    func testLLMjpModelsEncodeEverydayTextLikeSentencepiece() throws {
        let python = try referencePython()
        let texts = try Self.everydayTexts()
        for name in ["code10K_en20K_ja30K.ver2.2.model", "llm-jp-tokenizer-100k.ver3.1.model"] {
            try assertEncodesLikeSentencepiece(try sharedTokenizerFile(name), texts: texts, python: python)
        }
    }

    func testLLMjpTokenizerJSONEncodesEverydayTextLikeTokenizers() throws {
        let python = try referencePython()
        let path = try sharedTokenizerFile("code10k_en20k_ja30k.ver2.1.tokenizer.json")
        try HuggingFaceTokenizerTests.assertSameIds(path, lines: try Self.everydayLines(), python: python)
    }
}
