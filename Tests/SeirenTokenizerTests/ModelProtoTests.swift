import Foundation
import XCTest
@testable import SeirenTokenizer

final class ModelProtoTests: XCTestCase {
    func testRealLLMjpModelRoundTripsByteForByte() throws {
        let path = try sharedTokenizerFile("code10K_en20K_ja30K.ver2.2.model")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let model = try SentencePieceModelProto(serialized: bytes)
        XCTAssertEqual(model.pieces.count, 48586)  // what sentencepiece reports for this file
        XCTAssertEqual(model.trainerSpec.modelType, .unigram)
        XCTAssertTrue(model.trainerSpec.byteFallback)
        XCTAssertEqual(model.pieces.filter { $0.type == .byte }.count, 256)
        XCTAssertEqual(model.pieces[Int(model.trainerSpec.unkId)].type, .unknown)
        XCTAssertEqual(model.serialized(), bytes)
    }

    func testBuiltModelRoundTrips() throws {
        var trainer = TrainerSpec()
        trainer.modelType = .bpe
        trainer.vocabSize = 5
        trainer.padId = -1
        trainer.userDefinedSymbols = ["\n", "<mask>"]
        trainer.characterCoverage = 0.9995
        var normalizer = NormalizerSpec()
        normalizer.name = "identity"
        normalizer.addDummyPrefix = false
        let model = SentencePieceModelProto(
            pieces: [.init(piece: "<unk>", score: 0, type: .unknown), .init(piece: "▁日本", score: -1.5),
                     .init(piece: "<0x0A>", score: 0, type: .byte)],
            trainerSpec: trainer, normalizerSpec: normalizer)
        let bytes = model.serialized()
        let back = try SentencePieceModelProto(serialized: bytes)
        XCTAssertEqual(back, model)
        XCTAssertEqual(back.trainerSpec.padId, -1)
        XCTAssertEqual(back.trainerSpec.userDefinedSymbols, ["\n", "<mask>"])
        XCTAssertEqual(back.normalizerSpec.addDummyPrefix, false)
        XCTAssertEqual(back.serialized(), bytes)
        // Fields are written in field-number order whatever order they were set in.
        let numbers = back.trainerSpec.fields.entries.map(\.number)
        XCTAssertEqual(numbers, numbers.sorted())
    }

    func testCorruptModelIsRejectedWithReason() {
        XCTAssertThrowsError(try SentencePieceModelProto(serialized: [0x0A, 0x05, 0x0A])) { error in
            XCTAssertTrue("\(error)".contains("claims 5 bytes"), "\(error)")
        }
        XCTAssertThrowsError(try SentencePieceModelProto(serialized: [0x0F])) { error in
            XCTAssertTrue("\(error)".contains("wire type"), "\(error)")
        }
    }
}
