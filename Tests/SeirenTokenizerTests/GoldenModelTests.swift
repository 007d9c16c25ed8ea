import SeirenCore
import XCTest
@testable import SeirenTokenizer

/// The exact `.model` bytes of fixed small trainings. Optimizations of the trainers must keep the model bytes;
/// these hashes make "same model bytes" a test that fails rather than a claim. A change that is meant to change
/// the model updates the hash in the same commit, with the reason.
final class GoldenModelTests: XCTestCase {
    private func modelHash(_ configure: (inout TrainingSettings) -> Void) throws -> String {
        var settings = UnigramTrainingTests.settings(vocabularySize: 500, threads: 2)
        // Stated, not defaulted: a change of a default must not move these hashes.
        settings.removeExtraWhitespaces = true
        settings.addDummyPrefix = true
        settings.byteFallback = true
        configure(&settings)
        return Hex.sha256(try UnigramTrainingTests.train(settings).serialized())
    }

    func testUnigramWhitespacePreTokenizer() throws {
        XCTAssertEqual(try modelHash { _ in }, "a55290a8c3c1dc58d7e1ad13586e98b87338f06ee16e64a313788099c545fdbb")
    }

    func testUnigramMeCabNFKCShortPieces() throws {
        let hash = try modelHash {
            $0.vocabularySize = 600
            $0.preTokenizer = .mecab
            $0.normalization = .nfkc
            $0.maxPieceLength = 6
            $0.splitDigits = true
        }
        XCTAssertEqual(hash, "17cd611fc86db9d242130a82d0fa591998d601a50482fb7ea9169ee383cea183")
    }

    func testBPE() throws {
        let hash = try modelHash {
            $0.model = .bpe
            $0.vocabularySize = 600
        }
        XCTAssertEqual(hash, "fb3f99ded880b701157dc68ce0fa7b355413b26002129d48bfd1614fd3ddaa9a")
    }

    func testHashesDoNotDependOnThreads() throws {
        XCTAssertEqual(try modelHash { $0.threads = 1 }, try modelHash { $0.threads = 3 })
    }
}
