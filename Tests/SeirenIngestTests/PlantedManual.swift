@testable import SeirenIngest

/// A Japanese service manual written for the tests, with personal data planted at known places and the ordinary
/// numbers of manuals (part numbers, torque values, dates, versions, model numbers, pages) around them.
enum PlantedManual {
    enum Piece {
        case text(String)
        case planted(RedactionKind, String)
    }

    static let pieces: [Piece] = [
        .text("""
        第3章　エンジン整備（改訂日：2024年3月15日、2024-03-15 版、p. 112〜p. 118）

        3.1 シリンダーヘッドの締め付け
        部品番号 ABC-1234-56 のボルトを 25 N·m（2.5 kgf·m）で締め付けます。型式 ZX-1000R、型番 KA-0312-3456 の車両にも適用します。
        診断ソフトウェア v10.0.19041 またはバージョン 1.2.3.4 以降を使用してください（ファームウェア 1.2.3）。
        交換周期は 100,000 km または 60 か月、オイル量は 4.5 L です。図 3-12 と表 3-4 を参照。

        3.2 お問い合わせ
        整備に関するご質問はサービス窓口（電話 
        """),
        .planted(.phone, "03-1234-5678"),
        .text("、FAX "),
        .planted(.phone, "03(1234)5679"),
        .text("）まで。携帯 "),
        .planted(.phone, "090-1234-5678"),
        .text(" または "),
        .planted(.phone, "０８０ー９８７６ー５４３２"),
        .text("（全角）、フリーダイヤル "),
        .planted(.phone, "0120-123-456"),
        .text("、"),
        .planted(.phone, "0800-123-4567"),
        .text("、IP電話 "),
        .planted(.phone, "05012345678"),
        .text("、海外からは "),
        .planted(.phone, "+81-3-1234-5678"),
        .text(" へ。大阪支店 "),
        .planted(.phone, "(06)6123-4567"),
        .text("。\n担当者のメール: "),
        .planted(.email, "taro.yamada@example.co.jp"),
        .text("、予備 "),
        .planted(.email, "ｓｕｐｐｏｒｔ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
        .text("。\n所在地: 〒"),
        .planted(.postalCode, "100-0001"),
        .text(" 東京都千代田区千代田1-1、郵便番号："),
        .planted(.postalCode, "５３０－０００１"),
        .text(" 大阪市北区。\n\n3.3 登録情報（記入例）\n個人番号 "),
        .planted(.myNumber, "123456789018"),
        .text("（正しい検査用数字）、誤記の例 123456789017（検査用数字が不正なので個人番号ではない）、"),
        .planted(.myNumber, "９８７６ ５４３２ １０９３"),
        .text("。\nカード番号 "),
        .planted(.cardNumber, "4111 1111 1111 1111"),
        .text("、"),
        .planted(.cardNumber, "3530-1113-3330-0000"),
        .text("（有効期限 12/27）。\n\n3.4 ネットワーク設定\n診断機の IP アドレスは "),
        .planted(.ipAddress, "192.168.10.25"),
        .text("、ゲートウェイ "),
        .planted(.ipAddress, "fe80::1ff:fe23:4567:890a"),
        .text("、サブネット "),
        .planted(.ipAddress, "10.0.0.0/8"),
        .text("。ファイルサーバーは ftp://"),
        .planted(.urlCredentials, "admin:S3cr3t!pw"),
        .text("@files.example.com/manuals/ にあります（公開サイト https://www.example.com/ja/ は対象外）。\n"),
        .text("API キー "),
        .planted(.secret, "AKIAIOSFODNN7EXAMPLE"),
        .text(" とトークン "),
        .planted(.secret, "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        .text(" は共有しないこと。設定ファイルの例: password="),
        .planted(.secret, "hunter2pass"),
        .text("、db_secret: \""),
        .planted(.secret, "x9!Zq"),
        .text("\"、パスワード："),
        .planted(.secret, "Ab12cd34"),
        .text("。\n"),
        .planted(.secret, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----"),
        .text("\n時刻 12:30:45 に点検。電圧 12.6 V、電流 0.5 A、回転数 3,000 rpm、"
              + "品番 0-1234-5678-90、ロット 2024.03.15、寸法 1200×800 mm、ページ 0123。\n"),
    ]

    /// The ordinary numbers that must come through untouched.
    static let ordinary = [
        "2024年3月15日", "2024-03-15", "p. 112", "ABC-1234-56", "25 N·m", "2.5 kgf·m", "ZX-1000R", "KA-0312-3456",
        "v10.0.19041", "バージョン 1.2.3.4", "1.2.3", "100,000 km", "4.5 L", "3-12", "3-4", "123456789017",
        "12/27", "https://www.example.com/ja/", "12:30:45", "12.6 V", "3,000 rpm", "0-1234-5678-90", "2024.03.15",
        "1200×800 mm", "ページ 0123",
    ]

    /// The text and where each planted item is, in scalar offsets.
    static func build() -> (text: String, planted: [RedactionSpan]) {
        var text = ""
        var offset = 0
        var planted: [RedactionSpan] = []
        for piece in pieces {
            switch piece {
            case .text(let s):
                text += s
                offset += s.unicodeScalars.count
            case .planted(let kind, let s):
                text += s
                let n = s.unicodeScalars.count
                planted.append(RedactionSpan(kind: kind, start: offset, end: offset + n))
                offset += n
            }
        }
        return (text, planted)
    }
}
