import Foundation

/// Small Japanese manuals written for these tests, one per format.
enum Fixtures {
    static let docbook = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd">
        <book xml:lang="ja">
          <bookinfo><title>ポンプ保守マニュアル</title><author><firstname>保守太郎</firstname></author></bookinfo>
          <chapter id="c1">
            <title>点検の手順</title>
            <para>点検の前に<emphasis>必ず</emphasis>電源を
              切ってください。</para>
            <warning><para>運転中にカバーを開けないでください。</para></warning>
            <note><para>部品番号は銘板に記載されています。</para></note>
            <itemizedlist><listitem><para>フィルターを外す</para></listitem>
              <listitem><para>洗浄する</para></listitem></itemizedlist>
            <para>設定は<guimenu>ファイル</guimenu>メニューから行います<footnote><para>旧版では設定メニューです。</para></footnote>。</para>
            <programlisting>pump --check
          --verbose</programlisting>
            <indexterm><primary>索引語</primary></indexterm>
            <informaltable><tgroup cols="2"><tbody><row><entry>圧力</entry><entry>0.5 MPa</entry></row></tbody></tgroup></informaltable>
          </chapter>
        </book>
        """

    static let docbookText = """
        ポンプ保守マニュアル
        点検の手順
        点検の前に必ず電源を切ってください。
        警告: 運転中にカバーを開けないでください。
        注記: 部品番号は銘板に記載されています。
        フィルターを外す
        洗浄する
        設定はファイルメニューから行います。
        pump --check
          --verbose
        圧力
        0.5 MPa
        旧版では設定メニューです。
        """

    static let ditaMap = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE map PUBLIC "-//OASIS//DTD DITA Map//EN" "map.dtd">
        <map xml:lang="ja">
          <title>複合機操作ガイド</title>
          <topicref href="topics/b-setup.dita"/>
          <topicref href="topics/a-print.dita#print"/>
        </map>
        """

    static let ditaTask = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE task PUBLIC "-//OASIS//DTD DITA Task//EN" "task.dtd">
        <task id="setup" xml:lang="ja">
          <title>初期設定</title>
          <shortdesc>最初に<uicontrol>設定</uicontrol>画面を開きます。</shortdesc>
          <prolog><metadata><keywords><keyword>検索用キーワード</keyword></keywords></metadata></prolog>
          <taskbody>
            <steps>
              <step><cmd><menucascade><uicontrol>設定</uicontrol><uicontrol>ネットワーク</uicontrol></menucascade>を選択します。</cmd></step>
              <step><cmd>IPアドレスを<ph>入力</ph>します。</cmd>
                <info><note type="caution">誤ったアドレスを入力すると通信できません。</note></info></step>
            </steps>
          </taskbody>
        </task>
        """

    static let ditaConcept = """
        <?xml version="1.0" encoding="UTF-8"?>
        <concept id="print" xml:lang="ja">
          <title>印刷について</title>
          <conbody><p>両面印刷は<b>既定</b>で有効です。</p>
          <codeblock>lpr -o sides=two-sided file.pdf</codeblock></conbody>
        </concept>
        """

    static let ditaComposite = """
        <?xml version="1.0" encoding="UTF-8"?>
        <dita xml:lang="ja">
          <topic id="t1"><title>用語一</title><body><p>一つ目の説明です。</p></body></topic>
          <topic id="t2"><title>用語二</title><body><p>二つ目の説明です。</p></body></topic>
        </dita>
        """

    static let mallard = """
        <?xml version="1.0" encoding="utf-8"?>
        <page xmlns="http://projectmallard.org/1.0/" xmlns:if="http://projectmallard.org/if/1.0/"
              type="topic" id="printer-setup" xml:lang="ja">
          <info>
            <link type="guide" xref="printing"/>
            <desc>プリンターの設定方法の概要</desc>
            <credit type="author"><name>山田花子</name></credit>
          </info>
          <title>プリンターを設定する</title>
          <p>多くのプリンターは<em>自動的に</em>
          認識されます。</p>
          <steps>
            <item><p><gui>設定</gui>を開きます。</p></item>
            <item><p><guiseq><gui>設定</gui><gui>プリンター</gui></guiseq>を選びます。</p></item>
          </steps>
          <note style="warning"><p>印刷中にケーブルを抜かないでください。</p></note>
          <p><keyseq><key>Ctrl</key><key>P</key></keyseq>で印刷できます。</p>
          <if:choose>
            <if:when test="platform:gnome-classic"><p>クラシック表示の説明。</p></if:when>
            <if:else><p>通常表示の説明。</p></if:else>
          </if:choose>
          <screen>$ lpstat -p
        printer ready</screen>
          <p>コマンド <code>lpq</code> で確認します。</p>
        </page>
        """

    static let mallardText = """
        プリンターを設定する
        多くのプリンターは自動的に認識されます。
        設定を開きます。
        設定 ▸ プリンターを選びます。
        警告: 印刷中にケーブルを抜かないでください。
        Ctrl+Pで印刷できます。
        クラシック表示の説明。
        $ lpstat -p
        printer ready
        コマンド lpq で確認します。
        """

    static let xhtml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ja"><head><title>第1章 はじめに</title></head><body>
        <div class="navheader"><table><tr><th>第1章 はじめに</th></tr>
        <tr><td><a href="index.html">戻る</a></td><td><a href="ch02.html">次へ</a></td></tr></table></div>
        <div class="chapter"><div class="titlepage"><h2 class="title">第1章 はじめに</h2></div>
        <div class="toc"><p><b>目次</b></p><dl><dt>1.1. 概要</dt></dl></div>
        <p>このマニュアルは<span class="command"><strong>aptitude</strong></span>の使い方を説明します。</p>
        <div class="warning"><h3 class="title">警告</h3><p>root で実行する前に確認してください。</p></div>
        <pre class="screen">$ aptitude update</pre>
        </div>
        <div class="navfooter"><a href="ch02.html">次へ</a><a href="index.html">ホーム</a></div>
        </body></html>
        """

    static let xhtmlText = """
        第1章 はじめに
        このマニュアルはaptitudeの使い方を説明します。
        警告
        root で実行する前に確認してください。
        $ aptitude update
        """

    static let html = """
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><title>インストール — マニュアル 1.0 ドキュメント</title>
        <script>var hidden = "スクリプトの中身";</script><style>body { color: red; }</style></head>
        <body>
        <header><a href="/">サイトのロゴ</a></header>
        <nav><ul><li><a href="a.html">前のページ</a></li></ul></nav>
        <div class="related" role="navigation"><h3>ナビゲーション</h3></div>
        <div class="document"><div class="body" role="main">
        <section id="install"><h1>インストール<a class="headerlink" href="#install">¶</a></h1>
        <p>パッケージを<code class="docutils literal"><span class="pre">apt</span></code>で
        インストールします。改行の<b>あと</b>も
        続きます。</p>
        <p>一行目<br>二行目</p>
        <div class="admonition note"><p class="admonition-title">注釈</p><p>再起動は不要です。</p></div>
        <p><ruby>漢字<rt>かんじ</rt></ruby>の読み</p>
        </section></div></div>
        <div class="sphinxsidebar" role="navigation"><h3>目次</h3></div>
        <footer>© 2024 サンプル社</footer>
        <script>console.log("end")</script>
        </body></html>
        """

    static let htmlText = """
        インストール
        パッケージをaptでインストールします。改行のあとも続きます。
        一行目
        二行目
        注釈
        再起動は不要です。
        漢字の読み
        """

    static let inHouseXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manual><meta><author>社内著者</author></meta><heading>安全上の注意</heading>
        <body><para>作業前に<mark>手袋</mark>を着用してください。</para><para>工具は所定の
        場所に戻してください。</para><revision>r12</revision><sample>cfg set a=1</sample></body></manual>
        """

    static let inHouseSettings = """
        {"text": ["para"], "skip": ["meta", "revision"], "title": "heading", "code": ["sample"]}
        """

    /// Undeclared Shift_JIS, EUC-JP and ISO-2022-JP, a declared Shift_JIS and an undeclared Shift_JIS HTML page
    /// (made with Python's codecs).
    static let shiftJIS = base64("PD94bWwgdmVyc2lvbj0iMS4wIj8+CjxhcnRpY2xlPjx0aXRsZT6O5oi1kOCWvo+RPC90aXRsZT48cGFyYT6TZIy5g3uDXoOTgvCSt4mfgrWCtYLEgq2CvoKzgqKBQjwvcGFyYT48L2FydGljbGU+Cg==")
    static let shiftJISText = "取扱説明書\n電源ボタンを長押ししてください。"
    static let eucJP = base64("PD94bWwgdmVyc2lvbj0iMS4wIj8+CjxhcnRpY2xlPjx0aXRsZT6wwsG0pM6kv6ThpMs8L3RpdGxlPjxwYXJhPsvcwL3JyqTPsrDG4sDszdGkx6S5oaM8L3BhcmE+PC9hcnRpY2xlPgo=")
    static let eucJPText = "安全のために\n本製品は屋内専用です。"
    static let iso2022JP = base64("PD94bWwgdmVyc2lvbj0iMS4wIj8+CjxhcnRpY2xlPjx0aXRsZT4bJEIlYSE8JWsbKEI8L3RpdGxlPjxwYXJhPhskQiVhITwlayRHQXc/LiQ1JGwkP0o4PXEkRyQ5ISMbKEI8L3BhcmE+PC9hcnRpY2xlPgo=")
    static let iso2022JPText = "メール\nメールで送信された文書です。"
    static let declaredShiftJIS = base64("PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iU2hpZnRfSklTIj8+CjxhcnRpY2xlPjx0aXRsZT6Q6Yy+gqCC6DwvdGl0bGU+PHBhcmE+lYSNhom7gqqQ6Yy+grOC6oLEgqKC3IK3gUI8L3BhcmE+PC9hcnRpY2xlPgo=")
    static let declaredShiftJISText = "宣言あり\n符号化が宣言されています。"
    static let htmlShiftJIS = base64("PGh0bWw+PGJvZHk+PGgxPoKokm2C54K5PC9oMT48cD6DeYFbg1eCzJZ7lbaCxYK3gUI8L3A+PC9ib2R5PjwvaHRtbD4K")
    static let htmlShiftJISText = "お知らせ\nページの本文です。"

    static func utf16LE(_ text: String, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? [0xFF, 0xFE] : []
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        return bytes
    }

    private static func base64(_ text: String) -> [UInt8] { Array(Data(base64Encoded: text)!) }
}
