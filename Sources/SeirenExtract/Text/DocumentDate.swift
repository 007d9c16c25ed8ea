import SeirenCore
import SeirenXML

/// Finds the date a manual gives itself in its metadata, for Dolma's `created`: the date of the text as published.
/// Read from the same events as the text, per format:
/// - DocBook: `<pubdate>`, else a `<date>` of the info block (`info`, `bookinfo`, `articleinfo`, ...), else the latest
///   `<revhistory>` revision `<date>`;
/// - DITA: `<critdates><created date="..."/>`;
/// - XHTML/HTML: `<meta name="date|dcterms.created|dc.date|dcterms.date|dcterms.issued|created" content="...">`, or
///   an element of class `pubdate` (how DocBook's XSL prints `<pubdate>`);
/// - Mallard: the latest `<info><revision date="..."/>`.
/// Dates that do not read as a calendar date (see `DocumentDate.parse`) are passed over.
struct DocumentDateReader {
    let format: InputFormat
    private var names: [String] = []
    /// The text of the date element being read, and its kind.
    private var capture: (depth: Int, kind: Kind, text: String)?
    private var found: [Kind: String] = [:]

    private enum Kind: Int, Comparable {
        case published, infoDate, revision
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    static let htmlDateNames: Set<String> = ["date", "dcterms.created", "dc.date", "dcterms.date", "dcterms.issued",
                                             "created", "dc.date.created"]

    init(format: InputFormat) { self.format = format }

    mutating func handle(_ event: XMLEvent) {
        switch event {
        case let .startElement(qualifiedName, attributes, depth):
            let name = qualifiedName.split(separator: ":").last.map { $0.lowercased() } ?? ""
            let attribute = { (wanted: String) in attributes.first { $0.name.lowercased() == wanted }?.value }
            switch (format, name) {
            case (.dita, "created") where names.last == "critdates":
                keep(attribute("date"), as: .published)
            case (.html, _) where attribute("class")?.split(separator: " ").contains("pubdate") ?? false:
                // DocBook's XSL prints <pubdate> as <p class="pubdate">.
                capture = (depth, .published, "")
            case (.html, "meta"):
                if let key = attribute("name") ?? attribute("property"), Self.htmlDateNames.contains(key.lowercased()) {
                    keep(attribute("content"), as: .published)
                }
            case (.mallard, "revision") where names.last == "info":
                keep(attribute("date"), as: .revision)
            case (.docbook, "pubdate"):
                capture = (depth, .published, "")
            case (.docbook, "date") where names.contains("revhistory"):
                capture = (depth, .revision, "")
            case (.docbook, "date") where names.last.map { $0 == "info" || $0.hasSuffix("info") } ?? false:
                capture = (depth, .infoDate, "")
            default:
                break
            }
            names.append(name)
        case let .endElement(_, depth):
            if !names.isEmpty { names.removeLast() }
            if let (captureDepth, kind, text) = capture, captureDepth == depth {
                keep(text, as: kind)
                capture = nil
            }
        case let .text(text):
            addToCapture(text)
        case let .entityReference(_, text):
            if let text { addToCapture(text) }
        }
    }

    /// Adds to the date element's text, up to what `DocumentDate.parse` reads.
    private mutating func addToCapture(_ text: String) {
        guard var current = capture, current.text.count < DocumentDate.longestText else { return }
        current.text += text.prefix(DocumentDate.longestText - current.text.count)
        capture = current
    }

    /// Keeps a date of `kind`: the first of each kind, but the latest revision.
    private mutating func keep(_ text: String?, as kind: Kind) {
        guard let text, let date = DocumentDate.parse(text) else { return }
        if let earlier = found[kind], kind != .revision || earlier >= date { return }
        found[kind] = date
    }

    /// The date found, as ISO 8601 UTC (`2024-03-01T00:00:00Z`), or nil when the document gives none.
    var date: String? { found.min { $0.key < $1.key }?.value }
}

/// Calendar dates as manuals write them, read into ISO 8601 UTC.
enum DocumentDate {
    /// How much of a date element or attribute is read: a date is near its start, and a hostile manual's 200 MB
    /// `<pubdate>` must cost no more than a short one.
    static let longestText = 256

    /// `2024-03-01`, `2024/03/01`, `2024.03.01`, `2024年3月1日`, `2024-03`, `2024`, each optionally followed by a time
    /// `T12:30[:45][.fff]` and a zone (`Z`, `+09:00`, `+0900`); the first such date in `text` (a CVS keyword such as
    /// `$Date: 2009/05/10 12:00:00 $` holds one), within the first `longestText` characters. A time without a zone
    /// is taken as UTC. A year alone gives way to an
    /// English month and year (`January 2021`, `5 March 2019`, `Mar. 5, 2019`), as DocBook's HTML output prints
    /// `<pubdate>`. Nil when there is none or it is not a real date.
    static func parse(_ text: String) -> String? {
        let text = String(text.prefix(longestText))
        let s = Array(text.unicodeScalars)
        var yearOnly: String?
        for i in s.indices {
            guard let (date, hasMonth) = date(s, at: i) else { continue }
            if hasMonth { return date }
            yearOnly = yearOnly ?? date
        }
        return monthNameDate(text) ?? yearOnly
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Month [D,] YYYY` or `D Month YYYY` with an English month name (full or abbreviated).
    private static func monthNameDate(_ text: String) -> String? {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        for (index, word) in words.enumerated() {
            guard word.count >= 3, let month = monthNames.firstIndex(where: { word.hasPrefix($0) }),
                  word.allSatisfy({ $0.isASCII && $0.isLetter }) else { continue }
            let after = words.dropFirst(index + 1).prefix(2).compactMap { Int($0) }
            let before = index > 0 ? Int(words[index - 1]) : nil
            guard let year = after.first(where: { (1900...2999).contains($0) }) else { continue }
            let day = after.first.flatMap { (1...31).contains($0) ? $0 : nil } ?? before.flatMap { (1...31).contains($0) ? $0 : nil } ?? 1
            guard day <= daysIn(month: month + 1, year: year) else { return nil }
            return AddedTime.text(seconds: Double(daysFromCivil(year: year, month: month + 1, day: day) * 86_400))
        }
        return nil
    }

    /// The date at `start`, and whether it names a month (not a year alone).
    private static func date(_ s: [Unicode.Scalar], at start: Int) -> (String, Bool)? {
        // A year of four digits, not inside a longer number.
        guard start == 0 || !isDigit(s[start - 1]) else { return nil }
        var i = start
        guard let year = number(s, &i, digits: 4), i == start + 4, (1900...2999).contains(year),
              i == s.count || !isDigit(s[i]) else { return nil }
        var month = 1, day = 1, seconds = 0, hasMonth = false
        let kanji = i < s.count && s[i] == "年"
        if i < s.count, ["-", "/", ".", "年"].contains(s[i]) {
            let separator = s[i]
            var j = i + 1
            if let m = number(s, &j, digits: 2) {
                guard (1...12).contains(m) else { return nil }
                month = m
                hasMonth = true
                i = j
                // The day: after the same separator (after 月 for 年).
                if i < s.count, s[i] == (kanji ? "月" : separator) {
                    j = i + 1
                    if let d = number(s, &j, digits: 2) {
                        guard (1...daysIn(month: month, year: year)).contains(d) else { return nil }
                        day = d
                        i = j
                        if kanji && i < s.count && s[i] == "日" { i += 1 }
                        seconds = time(s, at: i) ?? 0
                    }
                }
            }
        }
        return (AddedTime.text(seconds: Double(daysFromCivil(year: year, month: month, day: day) * 86_400 + seconds)), hasMonth)
    }

    /// A time of day after the date at `i` (`T` or one space, `HH:MM[:SS][.fff]`, then a zone or none): seconds
    /// since midnight UTC, nil when there is none.
    private static func time(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        guard start + 1 < s.count, s[start] == "T" || s[start] == " " else { return nil }
        var i = start + 1
        guard let hour = number(s, &i, digits: 2), hour < 24, i < s.count, s[i] == ":" else { return nil }
        i += 1
        guard let minute = number(s, &i, digits: 2), minute < 60 else { return nil }
        var second = 0
        if i + 1 < s.count, s[i] == ":" {
            i += 1
            second = min(59, number(s, &i, digits: 2) ?? 0)
        }
        if i < s.count, s[i] == "." || s[i] == "," {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if i < s.count, s[i] == " " { i += 1 }
        var offset = 0
        if i < s.count, s[i] == "+" || s[i] == "-" {
            let sign = s[i] == "-" ? -1 : 1
            i += 1
            if let zoneHours = number(s, &i, digits: 2), zoneHours <= 14 {
                if i < s.count, s[i] == ":" { i += 1 }
                let zoneMinutes = number(s, &i, digits: 2) ?? 0
                if zoneMinutes < 60 { offset = sign * (zoneHours * 3600 + zoneMinutes * 60) }
            }
        }
        return hour * 3600 + minute * 60 + second - offset
    }

    /// Up to `digits` decimal digits at `i` (at least one), advancing `i`.
    private static func number(_ s: [Unicode.Scalar], _ i: inout Int, digits: Int) -> Int? {
        var value = 0, count = 0
        while i < s.count, count < digits, isDigit(s[i]) {
            value = value * 10 + Int(s[i].value - 48)
            i += 1
            count += 1
        }
        return count > 0 ? value : nil
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
