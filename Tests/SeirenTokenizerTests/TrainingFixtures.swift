import Foundation

/// A small training corpus written for the tests: Japanese prose about packages and the shell, English lines and
/// code, the mix a technical manual has. Lines are varied by number so counting and EM have something to do.
enum TrainingFixtures {
    static let japanese = [
        "パッケージを導入するには apt を使います。",
        "システムの設定ファイルは /etc ディレクトリにあります。",
        "この章では、デスクトップ環境の基本的な使い方を説明します。",
        "ネットワークの設定を変更した後は、サービスを再起動してください。",
        "ユーザーのホームディレクトリには個人の設定が保存されます。",
        "カーネルのアップグレードには注意が必要です。",
        "バックアップを定期的に取ることを強くお勧めします。",
        "日本語の入力には、インプットメソッドを設定します。",
        "端末でコマンドを実行すると、結果が表示されます。",
        "ファイルの権限は chmod コマンドで変更できます。",
        "問題が発生した場合は、ログファイルを確認してください。",
        "新しいバージョンでは、いくつかの機能が追加されました。",
        "セキュリティ更新は自動的にインストールされます。",
        "プリンターの設定は、管理者の権限で行います。",
        "文字コードは UTF-8 を使うのが一般的です。",
        "東京と大阪の天気は、明日は晴れるでしょう。",
        "開発者向けの文書は、別のパッケージに含まれています。",
        "ソースコードからビルドする手順を以下に示します。",
    ]
    static let english = [
        "Install the package with apt-get install before running the service.",
        "The configuration file lives in the etc directory of the system.",
        "Read the manual page for more details about each option.",
        "Debian is a free operating system developed by volunteers.",
    ]
    static let code = [
        "for (int i = 0; i < n; i++) { total += values[i]; }",
        "def main(argv):\n    return run(argv[1:])",
        "if [ -f /etc/default/locale ]; then . /etc/default/locale; fi",
        "let result = try parser.parse(text)",
    ]

    /// About 1,500 lines.
    static func lines() -> [String] {
        var lines: [String] = []
        for round in 0..<50 {
            for (i, line) in japanese.enumerated() {
                lines.append(round % 3 == 0 ? line : "第\(round + 1)節の\(i + 1)番目: " + line)
            }
            for line in english { lines.append(round % 2 == 0 ? line : "Step \(round): " + line) }
            for line in code where !line.contains("\n") { lines.append(line) }
        }
        return lines
    }

    /// Held-out lines: unseen combinations plus characters never seen in training.
    static let heldOut = [
        "パッケージの設定ファイルを確認してから、サービスを再起動します。",
        "Install the configuration before you read the manual.",
        "for (int j = 0; j < m; j++) { sum += a[j]; }",
        "未知の漢字「鬱」や絵文字🍣、ハングル한국어も含む行。",
        "  空白が   多い   行  ",
        "制御文字\u{01}と\u{7F}とタブ\tを含む",
        "全角ＡＢＣと半角ｶﾀｶﾅ",
        "数字 12345 と記号 #$%&",
    ]
}
