import Foundation
import SeirenCore
import XCTest
@testable import SeirenSegment

final class SegmenterTests: XCTestCase {
    static let ipadic = try! SegmenterModel(dictionary: .ipadic)

    func segmenter(maxChunkBytes: Int = 8191) throws -> Segmenter {
        try Segmenter(model: Self.ipadic, maxChunkBytes: maxChunkBytes)
    }

    /// `mecab -Owakati` with the same dictionary, line by line (its trailing spaces dropped).
    func mecabCLI(_ text: String, dictionary: String = SegmenterDictionary.ipadic.path) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/mecab") else {
            throw XCTSkip("the mecab command is not installed (scripts/setup installs it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mecab")
        process.arguments = ["-Owakati", "-d", dictionary, "-r", "/dev/null", "-b", "1000000"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((text + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix(" ") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    func testWakatiMatchesTheMeCabCommand() throws {
        let text = """
            すもももももももものうち
            Debian の パッケージ管理システムは  apt-get と aptitude です。
            ｶﾀｶﾅと全角ＡＢＣ、「括弧」・中黒、1467〜1487年。

            　全角スペースで始まる行
            東京都庁へ行きました！明日は？
            """
        XCTAssertEqual(try segmenter().wakati(text), try mecabCLI(text))
    }

    func testLinesAreKeptAndSpacesAreNotTokens() throws {
        XCTAssertEqual(try segmenter().wakati("今日は  晴れ\n\n明日は雨\n"), "今日 は 晴れ\n\n明日 は 雨\n")
        XCTAssertEqual(try segmenter().wakati(""), "")
    }

    func testTokensCarryPOSReadingAndBaseForm() throws {
        let tokens = try segmenter().tokens(in: "東京へ行きました")
        XCTAssertEqual(tokens.map(\.surface), ["東京", "へ", "行き", "まし", "た"])
        XCTAssertEqual(tokens[0].partOfSpeech, ["名詞", "固有名詞", "地域", "一般"])
        XCTAssertEqual(tokens[0].reading, "トウキョウ")
        XCTAssertEqual(tokens[2].baseForm, "行く")
        XCTAssertEqual(tokens[2].pos, "動詞-自立")
        XCTAssertEqual(tokens.map(\.offset), [0, 2, 3, 5, 7])
    }

    func testUnknownWordsHaveNoReading() throws {
        let token = try XCTUnwrap(try segmenter().tokens(in: "ｘｙｚ").first)
        XCTAssertTrue(token.isUnknown)
        XCTAssertNil(token.reading)
        XCTAssertNil(token.baseForm)
    }

    func testOffsetsPointIntoTheText() throws {
        let text = "山田太郎さんは\n😀 ABC 商事に勤めています。"
        let scalars = Array(text.unicodeScalars)
        for token in try segmenter().tokens(in: text) {
            let slice = String(String.UnicodeScalarView(scalars[token.offset..<token.offset + token.surface.unicodeScalars.count]))
            XCTAssertEqual(slice, token.surface)
        }
    }

    func testPersonNamesAreTaggedForRedaction() throws {
        let names = try segmenter().tokens(in: "山田太郎さんに会った").filter { $0.partOfSpeech.starts(with: ["名詞", "固有名詞", "人名"]) }
        XCTAssertEqual(names.map(\.surface), ["山田", "太郎"])
    }

    func testUniDicIsRecognized() throws {
        let model = try SegmenterModel(dictionary: .unidic)
        XCTAssertEqual(model.layout, .unidic)
        let tokens = try Segmenter(model: model).tokens(in: "東京へ行きました")
        XCTAssertEqual(tokens[2].baseForm, "行く")
        XCTAssertEqual(tokens[0].reading, "トウキョウ")
        XCTAssertEqual(tokens[0].pos, "名詞-固有名詞-地名-一般")
        XCTAssertEqual(try Segmenter(model: model).wakati("東京へ行きました"),
                       try mecabCLI("東京へ行きました", dictionary: SegmenterDictionary.unidic.path))
    }

    func testAMissingDictionaryIsAClearError() {
        XCTAssertThrowsError(try SegmenterModel(dictionary: .named("/nonexistent/dic"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/dic"), "\(error)")
        }
    }

    func testLongLinesAreCutAtSentenceEndsAndLoseNothing() throws {
        let sentence = "これは長い文書の一文です。"
        let line = String(repeating: sentence, count: 2000)  // 78 KB on one line
        let small = try segmenter(maxChunkBytes: 1000)
        let wakati = try small.wakati(line)
        XCTAssertEqual(wakati.replacingOccurrences(of: " ", with: ""), line)
        // Cut at sentence ends, each piece segments as the sentence alone does.
        let one = try small.wakati(sentence)
        XCTAssertEqual(wakati, Array(repeating: one, count: 2000).joined(separator: " "))
    }

    func testLinesWithoutSentenceEndsAreCutAtCharacterBoundaries() throws {
        let line = String(repeating: "漢字仮名交じり文", count: 3000) + "😀"
        let wakati = try segmenter(maxChunkBytes: 1001).wakati(line)
        XCTAssertEqual(wakati.replacingOccurrences(of: " ", with: ""), line)
        var text = line
        text.withUTF8 { bytes in
            var pieces: [Range<Int>] = []
            SentenceChunker.forEachChunk(of: bytes, in: 0..<bytes.count, maxBytes: 1001) { pieces.append($0) }
            XCTAssertEqual(pieces.first?.lowerBound, 0)
            XCTAssertEqual(pieces.last?.upperBound, bytes.count)
            for (a, b) in zip(pieces, pieces.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
            for piece in pieces {
                XCTAssertLessThanOrEqual(piece.count, 1001)
                XCTAssertNotNil(String(validating: UnsafeBufferPointer(rebasing: bytes[piece]), as: UTF8.self))
            }
        }
    }

    func testOneModelManyThreadsGiveTheSameTokens() throws {
        let lines = (0..<200).map { "第\($0)章 東京都の天気は晴れ、気温は\($0 % 30)度でした。" }
        let expected = try lines.map { try segmenter().wakati($0) }
        let results = UnsafeMutableBufferPointer<String>.allocate(capacity: lines.count)
        results.initialize(repeating: "")
        defer { results.deallocate() }
        let segmenters = ThreadLocalSegmenters(model: Self.ipadic)
        DispatchQueue.concurrentPerform(iterations: lines.count) { i in
            results[i] = (try? segmenters.get().wakati(lines[i])) ?? "failed"
        }
        XCTAssertEqual(Array(results), expected)
    }
}
