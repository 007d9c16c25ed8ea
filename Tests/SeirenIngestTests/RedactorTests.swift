import XCTest
@testable import SeirenIngest

final class RedactorTests: XCTestCase {
    /// Every planted item is found at exactly its place and nothing else is: precision and recall 1.0.
    func testPlantedManualPrecisionAndRecall() throws {
        let (text, planted) = PlantedManual.build()
        let result = try Redactor().redact(text)
        let found = Set(result.spans.map { "\($0.kind.rawValue)@\($0.start)..<\($0.end)" })
        let expected = Set(planted.map { "\($0.kind.rawValue)@\($0.start)..<\($0.end)" })
        let truePositives = found.intersection(expected).count
        let precision = found.isEmpty ? 1 : Double(truePositives) / Double(found.count)
        let recall = Double(truePositives) / Double(expected.count)
        print(String(format: "planted manual: %d planted, %d found, precision %.3f, recall %.3f",
                     expected.count, found.count, precision, recall))
        let scalars = Array(text.unicodeScalars)
        func show(_ key: String) -> String {
            let range = key.split(separator: "@")[1].components(separatedBy: "..<").compactMap { Int($0) }
            return key + " " + String(String.UnicodeScalarView(scalars[range[0]..<range[1]]))
        }
        for missed in expected.subtracting(found).sorted() { print("missed: \(show(missed))") }
        for extra in found.subtracting(expected).sorted() { print("false positive: \(show(extra))") }
        XCTAssertEqual(recall, 1.0)
        XCTAssertEqual(precision, 1.0)
    }

    func testOrdinaryNumbersAreUntouchedAndPlantedValuesGone() throws {
        let (text, _) = PlantedManual.build()
        let redacted = try Redactor().redact(text).text
        for number in PlantedManual.ordinary {
            XCTAssertTrue(redacted.contains(number), "ordinary number was changed: \(number)")
        }
        for case .planted(_, let value) in PlantedManual.pieces {
            XCTAssertFalse(redacted.contains(value), "planted value survived: \(value)")
        }
        XCTAssertTrue(redacted.contains("電話 <PHONE>、FAX <PHONE>"))
        XCTAssertTrue(redacted.contains("〒<POSTAL_CODE> 東京都"))
        XCTAssertTrue(redacted.contains("ftp://<URL_CREDENTIALS>@files.example.com/"))
    }

    /// `--redact email, phone,` names kinds; an unknown name is refused with the list of known ones.
    func testKindListsAreParsedAndUnknownNamesRefused() throws {
        XCTAssertEqual(try RedactionKind.kinds(inList: "email, phone,,postal_code"), [.email, .phone, .postalCode])
        XCTAssertEqual(try RedactionKind.kinds(inList: ""), [])
        XCTAssertThrowsError(try RedactionKind.kinds(inList: "email,phones")) { error in
            XCTAssertEqual("\(error)", "unknown kind 'phones' (kinds: email, phone, postal_code, my_number, card_number, ip_address, url_credentials, secret, person)")
        }
    }

    func testEachKindCanBeSwitchedOff() throws {
        let (text, planted) = PlantedManual.build()
        for kind in RedactionKind.defaults {
            let redactor = try Redactor(options: .init(kinds: RedactionKind.defaults.subtracting([kind])))
            let result = try redactor.redact(text)
            XCTAssertFalse(result.spans.contains { $0.kind == kind }, "\(kind) still redacted when off")
            XCTAssertFalse(result.text.contains(kind.placeholder))
            // The other kinds are all still found (a switched-off kind may leave text that another kind then
            // takes, such as `pw@host` once URL credentials are off).
            for span in planted where span.kind != kind {
                XCTAssertTrue(result.spans.contains(span), "switching off \(kind) lost \(span)")
            }
        }
    }

    func testPhoneNumberShapes() throws {
        let redactor = try Redactor(options: .init(kinds: [.phone]))
        let phones = ["0312345678", "03-1234-5678", "03 1234 5678", "03(1234)5678", "(03)1234-5678", "(03) 1234-5678",
                      "0467-12-3456", "01267-2-3456", "090-1234-5678", "09012345678", "070-1234-5678",
                      "0120-123-456", "0120-12-3456", "0800-123-4567", "0570-123-456", "050-1234-5678",
                      "+81-3-1234-5678", "+81 90 1234 5678", "+81(0)3-1234-5678", "+819012345678",
                      "０３－１２３４－５６７８", "０９０ー１２３４ー５６７８", "（０３）１２３４－５６７８"]
        for phone in phones {
            let result = try redactor.redact("TEL：\(phone)です")
            XCTAssertEqual(result.text, "TEL：<PHONE>です", phone)
        }
        XCTAssertEqual(try redactor.redact("TEL.03-1234-5678").text, "TEL.<PHONE>")
        let notPhones = ["0-1234-5678", "03-123-456", "031234567", "0312345678901", "ABC-03-1234-5678",
                         "03-1234-5678-9", "1.03-1234-5678", "00-1234-5678", "2024-03-15", "123-4567", "090-123-45678"]
        for text in notPhones {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }

    func testPhoneNumbersGluedToALabelOrAnUnderscoreAreRedacted() throws {
        let redactor = try Redactor(options: .init(kinds: [.phone]))
        let cases = [
            "TEL03-1234-5678": "TEL<PHONE>", "FAX03-1234-5679": "FAX<PHONE>", "tel0312345678": "tel<PHONE>",
            "ＴＥＬ０３－１２３４－５６７８": "ＴＥＬ<PHONE>", "ＦＡＸ：０３－１２３４－５６７８": "ＦＡＸ：<PHONE>",
            "Mobile090-1234-5678まで": "Mobile<PHONE>まで", "連絡先_03-1234-5678.xml": "連絡先_<PHONE>.xml",
            "tel_09012345678": "tel_<PHONE>", "090-1234-5678_tanaka.txt": "<PHONE>_tanaka.txt",
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try redactor.redact(text).text, expected, text)
        }
        // Still not phones: a code of digits glued by `_` or `-`, and a longer run of digits after letters.
        for text in ["ABC-03-1234-5678", "12_0312345678", "KX03123456789012"] {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }

    func testKeysAfterJapaneseLabelsAreRedacted() throws {
        let redactor = try Redactor(options: .init(kinds: [.secret]))
        let cases = [
            "APIキー：sk9f8e7d6c5b4a3f2e1d0c": "APIキー：<SECRET>",
            "アクセスキー AKIAIOSFODNN7EXAMPLE1 を使う": "アクセスキー <SECRET> を使う",
            "トークンは ab12cd34ef56gh78ij90 です": "トークンは <SECRET> です",
            "シークレットアクセスキー=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": "シークレットアクセスキー=<SECRET>",
            "ＡＰＩキー：「Zx9Yw8Vu7Ts6Rq5Po4」": "ＡＰＩキー：「<SECRET>」",
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try redactor.redact(text).text, expected, text)
        }
        // Everyday uses of the words, with no key-shaped value, are left alone.
        for text in ["トークンは単語より短い単位です。", "APIキーを設定画面で発行します。", "トークン数: 32000"] {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }

    /// Every prefix and suffix of the manual: scanners looking before the start or past the end never trap, and
    /// what they find in a piece lies inside it.
    func testPrefixesAndSuffixesNeverTrap() throws {
        let redactor = try Redactor(options: .init(kinds: Set(RedactionKind.allCases)))
        let scalars = Array(PlantedManual.build().text.unicodeScalars)
        for cut in stride(from: 0, through: scalars.count, by: 3) {
            for piece in [scalars[..<cut], scalars[cut...]] {
                let text = String(String.UnicodeScalarView(piece))
                let result = try redactor.redact(text)
                XCTAssertTrue(result.spans.allSatisfy { $0.start >= 0 && $0.end <= piece.count && $0.length > 0 })
            }
        }
    }

    func testMyNumberCheckDigit() {
        XCTAssertEqual(CheckDigits.myNumberCheckDigit([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]), 8)
        XCTAssertTrue(CheckDigits.isValidMyNumber([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8]))
        XCTAssertFalse(CheckDigits.isValidMyNumber([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 7]))
        // Remainders 0 and 1 both give check digit 0.
        XCTAssertEqual(CheckDigits.myNumberCheckDigit([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0)
    }

    func testCardNumbers() throws {
        let redactor = try Redactor(options: .init(kinds: [.cardNumber]))
        for card in ["4111111111111111", "4111-1111-1111-1111", "5555 5555 5555 4444", "3782 822463 10005",
                     "3530111333300000", "6011111111111117", "３７８２ ８２２４６３ １０００５"] {
            XCTAssertEqual(try redactor.redact("番号 \(card) 以上").text, "番号 <CARD_NUMBER> 以上", card)
        }
        // Luhn-invalid, unknown prefix, wrong length.
        for text in ["4111111111111112", "9111111111111111", "41111111111111111"] {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }

    func testAddressesAndSecrets() throws {
        let redactor = try Redactor()
        let cases: [(String, String)] = [
            ("連絡先 a.b+c@mail.example.org まで", "連絡先 <EMAIL> まで"),
            ("host 2001:db8::8a2e:370:7334 へ", "host <IP_ADDRESS> へ"),
            ("server 192.0.2.7 と 2001:DB8::7", "server <IP_ADDRESS> と <IP_ADDRESS>"),
            ("dbPassword=abc123 と db.password: abc123", "dbPassword=<SECRET> と db.password: <SECRET>"),
            ("10.0.0.1 が既定値", "<IP_ADDRESS> が既定値"),  // at the very start: look-behinds stay in bounds
            ("https://user:p%40ss@example.com/x", "https://<URL_CREDENTIALS>@example.com/x"),
            ("xoxb-123456789012-abcdefABCDEF を削除", "<SECRET> を削除"),
            ("key=AIzaSyA1234567890abcdefghijklmnopqrstuv", "key=<SECRET>"),
            ("export DB_PASSWORD='p@ss w0rd'", "export DB_PASSWORD='<SECRET>'"),
            ("Authorization: Bearer abcdefghijklmnop1234", "Authorization: Bearer <SECRET>"),
            ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "<SECRET>"),
        ]
        for (input, output) in cases {
            XCTAssertEqual(try redactor.redact(input).text, output, input)
        }
        for text in ["時刻 12:30:45", "MAC 00:1A:2B:3C:4D:5E", "std::string", "dead::beef",
                     "パスワード：8文字以上の英数字", "version 1.2.3.4", "01.02.03.04", "999.1.1.1",
                     // Found on the Debian Reference: section numbers, loopback, netmasks, multicast, sudoers, masks.
                     "6.2.4.1. exim4 設定", "127.0.0.1 localhost と ::1", "255.255.255.0 |/24", "ff02::1 ip6-allnodes",
                     "%sudo ALL=(ALL) NOPASSWD:ALL", "Password: ********"] {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }

    func testPersonNamesThroughMeCab() throws {
        let redactor = try Redactor(options: .init(kinds: [.person]))
        let result = try redactor.redact("担当は山田太郎さんと佐藤です。ミラーさんにも連絡。")
        XCTAssertEqual(result.text, "担当は<PERSON>さんと<PERSON>です。<PERSON>さんにも連絡。")
        XCTAssertEqual(result.spans.map(\.start), [3, 10, 15])
        XCTAssertEqual(try Redactor().redact("担当は山田太郎さん").text, "担当は山田太郎さん", "off by default")
        // Fragments ipadic tags as names inside ordinary words are not names.
        for text in ["プログラムをインストールします。", "ハードディスクとミラーサーバー", "Debian のレビジョン番号"] {
            XCTAssertEqual(try redactor.redact(text).spans, [], text)
        }
    }
}
