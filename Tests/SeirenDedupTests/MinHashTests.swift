@testable import SeirenDedup
import XCTest

/// Exact character 5-gram Jaccard, for checking the estimates.
func trueJaccard(_ a: String, _ b: String, n: Int = 5) -> Double {
    func grams(_ s: String) -> Set<[UInt32]> {
        let v = s.unicodeScalars.map(\.value)
        guard v.count >= n else { return [v] }
        return Set((0...(v.count - n)).map { Array(v[$0..<($0 + n)]) })
    }
    let x = grams(a), y = grams(b)
    return Double(x.intersection(y).count) / Double(x.union(y).count)
}

final class MinHashTests: XCTestCase {
    let base = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。"

    func testCanonicalTextFoldsWidthAndWhitespace() throws {
        XCTAssertEqual(try CanonicalText.of("  ＡＢＣ　ｶﾀｶﾅ\n\n\tです  "), "ABC カタカナ です")
        XCTAssertEqual(try CanonicalText.of("\n \n"), "")
    }

    func testSignatureIsDeterministicAndOrderFree() {
        let hasher = MinHasher(ngram: 5, hashes: 64, seed: 7)
        XCTAssertEqual(hasher.signature(of: base), MinHasher(ngram: 5, hashes: 64, seed: 7).signature(of: base))
        XCTAssertNotEqual(hasher.signature(of: base), MinHasher(ngram: 5, hashes: 64, seed: 8).signature(of: base))
        // Repeating the text adds only the n-grams across the join.
        XCTAssertEqual(hasher.signature(of: "あいうえおかきくけこ"), hasher.signature(of: "あいうえおかきくけこ"))
        XCTAssertTrue(hasher.signature(of: "").allSatisfy { $0 == .max })
        XCTAssertFalse(hasher.signature(of: "短い").allSatisfy { $0 == .max })
    }

    func testEstimateTracksTrueJaccard() {
        let hasher = MinHasher(ngram: 5, hashes: 256, seed: 1)
        var edited = Array(base)
        for i in stride(from: 10, to: edited.count, by: 23) { edited[i] = "＊" }
        let other = String(edited)
        let truth = trueJaccard(base, other)
        let a = hasher.signature(of: base), b = hasher.signature(of: other)
        let estimate = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in MinHasher.estimatedJaccard(x, y) } }
        XCTAssertEqual(estimate, truth, accuracy: 0.12, "truth \(truth)")
        XCTAssertGreaterThan(truth, 0.3)
        XCTAssertLessThan(truth, 0.9)
    }

    func testBandingCurve() {
        let banding = LSHBanding(bands: 16, rows: 8)
        XCTAssertEqual(banding.detectionProbability(0.85), 0.9938, accuracy: 1e-3)
        XCTAssertEqual(banding.detectionProbability(0.5), 0.0606, accuracy: 1e-3)
        XCTAssertEqual(banding.detectionProbability(1), 1)
    }

    func testUnionFindRootIsSmallestIndex() {
        var sets = UnionFind(count: 6)
        sets.union(5, 3)
        sets.union(3, 4)
        sets.union(4, 1)
        XCTAssertEqual(sets.find(5), 1)
        XCTAssertEqual(sets.find(0), 0)
        XCTAssertNotEqual(sets.find(2), sets.find(1))
    }

    func testStructureLinesAreNeverBoilerplate() {
        var lines = LineBoilerplate(threshold: 2)
        let docs = (0..<5).map { "手順\(["一", "二", "三", "四", "五"][$0])\n```\napt-get install pkg\($0)\n```\n----\n・" }
        for doc in docs { lines.add(LineBoilerplate.distinctLines(of: doc)) }
        // "```", "----" and "・" are in every document but carry no text: a code fence must never be removed.
        XCTAssertTrue(lines.boilerplate().isEmpty)
        XCTAssertEqual(LineBoilerplate.remove(from: docs[0], boilerplate: lines.boilerplate()).text, docs[0])
    }

    func testBoilerplateLines() {
        var lines = LineBoilerplate(threshold: 2)
        let docs = ["ナビゲーション\n本文その一。\n© 2024 Debian", "ナビゲーション\n本文その二。\n© 2024 Debian",
                    "  ナビゲーション  \n本文その三。\n© 2024 Debian\r\n", "本文その四。\n本文その四。"]
        for doc in docs { lines.add(LineBoilerplate.distinctLines(of: doc)) }
        let boilerplate = lines.boilerplate()
        XCTAssertEqual(boilerplate.count, 2)  // the repeated line of the fourth document counts once
        let (text, removed) = LineBoilerplate.remove(from: docs[2], boilerplate: boilerplate)
        XCTAssertEqual(text, "本文その三。\n")
        XCTAssertEqual(removed.map { String($0.1) }, ["ナビゲーション", "© 2024 Debian"])
        XCTAssertEqual(LineBoilerplate.remove(from: docs[3], boilerplate: boilerplate).text, docs[3])
    }
}
