import SeirenCore
@testable import SeirenTokenizer
import XCTest

final class TrainingSettingsTests: XCTestCase {
    /// `report.json`'s `settings`, as every trained vocabulary so far has recorded them: keys, order and values.
    func testJSONIsWhatReportsHaveAlwaysRecorded() {
        let expected = #"""
            {"model":"unigram","vocab_size":8000,"character_coverage":0.9995,"byte_fallback":true,"max_piece_length":16,"split_digits":false,"user_defined_symbols":[],"control_symbols":[],"unk":{"piece":"<unk>","id":0},"bos":{"piece":"<s>","id":1},"eos":{"piece":"</s>","id":2},"pad":{"piece":"<pad>","id":-1},"normalization":"identity","pre_tokenizer":"whitespace","add_dummy_prefix":true,"remove_extra_whitespaces":false,"allow_whitespace_only_pieces":false,"max_sentence_bytes":4192,"max_sentences":2000000,"held_out_every":100,"threads":1,"hugging_face":{"add_bos":false,"add_eos":false,"pad_token":null}}
            """#
        XCTAssertEqual(JSONWriter.string(TrainingSettings().json), expected)
    }

    /// The ranges are sentencepiece's where it has them; a refusal names the setting by its manifest key.
    func testValidateNamesTheRefusedSetting() throws {
        XCTAssertNoThrow(try TrainingSettings().validate())
        var settings = TrainingSettings()
        settings.characterCoverage = 0.97
        XCTAssertThrowsError(try settings.validate()) { error in
            XCTAssertEqual(error as? SettingError, SettingError("character_coverage", "0.97 is outside 0.98...1.0"))
            XCTAssertEqual((error as? SettingError)?.commandLineDescription, "--character-coverage: 0.97 is outside 0.98...1.0")
        }
        settings = TrainingSettings()
        settings.maxPieceLength = 512
        XCTAssertNoThrow(try settings.validate())
        settings.maxPieceLength = 513
        XCTAssertThrowsError(try settings.validate())
    }
}
