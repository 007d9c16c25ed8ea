import XCTest
@testable import SeirenExtract

/// The whitespace rules of running text: source line breaks vanish between Japanese characters, become one space
/// elsewhere; inline markup adds nothing.
final class TextBuilderTests: XCTestCase {
    private func flow(_ pieces: String...) -> String {
        var builder = TextBuilder()
        for piece in pieces { builder.append(piece) }
        return builder.finish()
    }

    func testLineBreakInsideJapaneseLeavesNoSpace() {
        XCTAssertEqual(flow("電源を\n    切ってください。"), "電源を切ってください。")
        XCTAssertEqual(flow("「設定」\n画面"), "「設定」画面")
    }

    func testLineBreakNextToLatinBecomesOneSpace() {
        XCTAssertEqual(flow("Debian\nシステム"), "Debian システム")
        XCTAssertEqual(flow("use   the\n\tmanual"), "use the manual")
    }

    func testInlinePiecesJoinWithoutSpace() {
        XCTAssertEqual(flow("設定は", "ファイル", "メニューから"), "設定はファイルメニューから")
        XCTAssertEqual(flow("押して", "\n", "ください"), "押してください")
    }

    func testSpaceWrittenOnOneLineIsTheAuthorsAndStays() {
        XCTAssertEqual(flow("第1章 はじめに"), "第1章 はじめに")
        XCTAssertEqual(flow("第1章  \t はじめに"), "第1章 はじめに")
        XCTAssertEqual(flow("第1章 \n はじめに"), "第1章はじめに")
    }

    func testIdeographicSpaceIsKept() {
        XCTAssertEqual(flow("第１章　概要"), "第１章　概要")
    }

    func testPreformattedKeepsWhitespace() {
        var builder = TextBuilder()
        builder.append("前の段落")
        builder.beginPreformatted()
        builder.append("\n  a  b\n\tc\n\n")
        builder.endPreformatted(.keep)
        builder.append("後")
        XCTAssertEqual(builder.finish(), "前の段落\n  a  b\n\tc\n後")
    }
}
