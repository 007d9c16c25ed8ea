/// Finds the numbers that identify people: Japanese phone numbers, card numbers (Luhn-valid, known brand) and
/// My Number (valid check digit). A number counts only when it stands alone (not inside a part number such as
/// `ABC-1234-56`, a date such as `2024-03-15` or a version such as `1.2.3`), and only in the shapes people write
/// those numbers in, so torque values, page numbers and model numbers are left alone.
struct NumberScanner {
    var phone: Bool
    var cardNumber: Bool
    var myNumber: Bool

    private static let hyphen: UInt32 = 0x2D
    private static let space: UInt32 = 0x20
    private static let open: UInt32 = 0x28
    private static let close: UInt32 = 0x29

    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        var i = 0
        while i < text.count {
            let c = text[i]
            let candidate = text.isDigit(i) || c == 0x2B || c == Self.open
            if candidate, let span = match(text, at: i, strictStart: text.numberMayStart(at: i)) {
                spans.append(span)
                i = span.end
            } else {
                i += 1
            }
        }
    }

    /// `strictStart`: the number stands alone on its left. A phone number may also follow a letter or `_` glued to
    /// it (`TEL03-1234-5678`, `FAX0312345678`, `tel_0312345678`, a file name `連絡先_090-1234-5678`): its shape is
    /// strict enough, and a label glued to it is how people write it.
    private func match(_ text: FoldedText, at i: Int, strictStart: Bool) -> RedactionSpan? {
        if text.isDigit(i) && strictStart {
            if cardNumber, let end = card(text, at: i) { return RedactionSpan(kind: .cardNumber, start: i, end: end) }
            if myNumber, let end = myNumberEnd(text, at: i) { return RedactionSpan(kind: .myNumber, start: i, end: end) }
        }
        if phone, strictStart || text.phoneMayStartAfterLabel(at: i), let end = phoneEnd(text, at: i) {
            return RedactionSpan(kind: .phone, start: i, end: end)
        }
        return nil
    }

    // MARK: Cards and My Number

    /// 13 to 19 digits, written together or in groups separated by single spaces or hyphens.
    private func card(_ text: FoldedText, at i: Int) -> Int? {
        let runs = DigitGroups(text, from: i, maxGroups: 5, allowed: [Self.hyphen, Self.space], maxSeparator: 1)
        for k in stride(from: runs.groups.count, through: 1, by: -1) {
            let digits = runs.digits(upTo: k)
            guard (13...19).contains(digits.count), text.numberMayEnd(before: runs.ends[k - 1]) else { continue }
            if k > 1 && runs.lengths(upTo: k).contains(where: { $0 < 4 }) { continue }
            if CheckDigits.isKnownCardShape(digits) && CheckDigits.isLuhnValid(digits) { return runs.ends[k - 1] }
        }
        return nil
    }

    /// 12 digits together or as 4-4-4 (space or hyphen), with a valid check digit.
    private func myNumberEnd(_ text: FoldedText, at i: Int) -> Int? {
        let runs = DigitGroups(text, from: i, maxGroups: 3, allowed: [Self.hyphen, Self.space], maxSeparator: 1)
        for k in [3, 1] where k <= runs.groups.count {
            let lengths = runs.lengths(upTo: k)
            guard lengths == [12] || lengths == [4, 4, 4], text.numberMayEnd(before: runs.ends[k - 1]) else { continue }
            if CheckDigits.isValidMyNumber(runs.digits(upTo: k)) { return runs.ends[k - 1] }
        }
        return nil
    }

    // MARK: Phone numbers

    /// `03-1234-5678`, `0312345678`, `03(1234)5678`, `(03)1234-5678`, `090-1234-5678`, `0120-123-456`,
    /// `0800-123-4567`, `050-1234-5678`, `+81-3-1234-5678`, `+81 90 1234 5678`, `+81(0)3-1234-5678`.
    private func phoneEnd(_ text: FoldedText, at start: Int) -> Int? {
        var i = start
        var international = false
        if text[i] == 0x2B {
            guard text.matches("81", at: i + 1) else { return nil }
            international = true
            i += 1
        }
        var leadingParen = false
        if text[i] == Self.open {
            guard !international, text.isDigit(i + 1) else { return nil }
            leadingParen = true
            i += 1
        }
        let runs = DigitGroups(text, from: i, maxGroups: 6, maxGroupDigits: 13,
                               allowed: [Self.hyphen, Self.space, Self.open, Self.close], maxSeparator: 3)
        guard !runs.groups.isEmpty else { return nil }
        if leadingParen && runs.separators.first?.first != Self.close { return nil }
        for k in stride(from: runs.groups.count, through: 1, by: -1) {
            guard text.phoneMayEnd(before: runs.ends[k - 1]) else { continue }
            var groups = Array(runs.groups[0..<k])
            if international {
                // "+81" then the national number without its leading 0; "(0)" is sometimes kept.
                guard groups[0].starts(with: [8, 1]) else { return nil }
                groups[0].removeFirst(2)
                if groups[0].isEmpty { groups.removeFirst() }
                if groups.first == [0] { groups.removeFirst() }
                guard !groups.isEmpty else { continue }
                if groups[0].first != 0 { groups[0].insert(0, at: 0) }
            }
            if isJapanesePhoneNumber(groups) { return runs.ends[k - 1] }
        }
        return nil
    }

    /// Whether national digit groups (with the leading 0) have the length and grouping of a Japanese number.
    private func isJapanesePhoneNumber(_ groups: [[Int]]) -> Bool {
        let digits = groups.flatMap { $0 }
        let lengths = groups.map(\.count)
        guard digits.first == 0, groups.count == 1 || groups.count == 3 else { return false }
        func prefix(_ n: Int) -> [Int] { Array(digits.prefix(n)) }
        let grouped = groups.count == 3
        // Toll-free 0800-XXX-XXXX (080-0XXX-XXXX is a mobile number: the grouping tells them apart).
        if prefix(4) == [0, 8, 0, 0] && digits.count == 11 && (!grouped || lengths == [4, 3, 4]) { return true }
        // Mobile (070/080/090, and 060), IP phone (050): 0X0-XXXX-XXXX.
        if [[0, 7, 0], [0, 8, 0], [0, 9, 0], [0, 6, 0], [0, 5, 0]].contains(prefix(3)) {
            return digits.count == 11 && (!grouped || lengths == [3, 4, 4])
        }
        // Toll-free 0120, Navi Dial 0570, 0990: 0120-XXX-XXX (also written 0120-XX-XXXX).
        if [[0, 1, 2, 0], [0, 5, 7, 0], [0, 9, 9, 0]].contains(prefix(4)) {
            return digits.count == 10 && (!grouped || lengths == [4, 3, 3] || lengths == [4, 2, 4])
        }
        // Landline: 0 + area code + exchange + subscriber = 10 digits, area and exchange together 6.
        guard digits.count == 10, digits[1] != 0 else { return false }
        return !grouped || ((2...5).contains(lengths[0]) && lengths[0] + lengths[1] == 6 && lengths[2] == 4)
    }
}

/// Postal codes after 〒 or 郵便番号: `〒123-4567`, `〒 1234567`, `郵便番号：123-4567`. Without the mark a
/// seven-digit number is too often something else, so it is left alone. The mark itself stays in the text.
struct PostalCodeScanner {
    private static let marks = ["〒", "〶", "郵便番号"]
    private static let firstScalars = marks.map { $0.unicodeScalars.first!.value }

    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        var i = 0
        while i < text.count {
            guard Self.firstScalars.contains(text[i]), let mark = Self.marks.first(where: { text.original($0, at: i) }) else {
                i += 1
                continue
            }
            var j = i + mark.unicodeScalars.count
            while text.isSpace(j) || text[j] == 0x3A { j += 1 }  // spaces and ":" (full-width folded)
            let start = j
            let runs = DigitGroups(text, from: j, maxGroups: 2, allowed: [0x2D], maxSeparator: 1)
            let lengths = runs.groups.map(\.count)
            if lengths.starts(with: [3, 4]), text.numberMayEnd(before: runs.ends[1]) {
                spans.append(RedactionSpan(kind: .postalCode, start: start, end: runs.ends[1]))
                i = runs.ends[1]
            } else if lengths.first == 7, text.numberMayEnd(before: runs.ends[0]) {
                spans.append(RedactionSpan(kind: .postalCode, start: start, end: runs.ends[0]))
                i = runs.ends[0]
            } else {
                i = j
            }
        }
    }
}
