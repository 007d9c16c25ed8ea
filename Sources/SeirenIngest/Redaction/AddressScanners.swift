import Foundation

/// E-mail addresses: `local@domain.tld`, also in full-width letters. The local part takes the characters of
/// RFC 5321's common form (letters, digits, `.`, `_`, `%`, `+`, `-`); the domain needs a dot and a letter TLD.
struct EmailScanner {
    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        for at in 0..<text.count where text[at] == 0x40 {
            var start = at
            while start > 0 && isLocalCharacter(text, start - 1) { start -= 1 }
            while text.is(start, ".") && start < at { start += 1 }
            guard start < at, !text.is(at - 1, ".") else { continue }
            var end = at + 1
            while text.isAlphanumeric(end) || text.is(end, "-") || text.is(end, ".") { end += 1 }
            while end > at + 1 && (text.is(end - 1, ".") || text.is(end - 1, "-")) { end -= 1 }
            let labels = String(decoding: (at + 1..<end).map { UInt8(text[$0]) }, as: UTF8.self)
                .split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") }),
                  let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { continue }
            spans.append(RedactionSpan(kind: .email, start: start, end: end))
        }
    }

    private func isLocalCharacter(_ text: FoldedText, _ i: Int) -> Bool {
        text.isAlphanumeric(i) || [0x2E, 0x5F, 0x25, 0x2B, 0x2D].contains(text[i])
    }
}

/// The credentials in a URL, `scheme://user:password@host`: the `user:password` part is replaced and the rest of
/// the URL kept.
struct URLCredentialScanner {
    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        var i = 1
        while i + 2 < text.count {
            defer { i += 1 }
            guard text.matches("://", at: i), text.isLetter(i - 1) else { continue }
            let start = i + 3
            var end = start
            var colon = -1
            while end < text.count, text[end] > 0x20, text[end] < 0x7F,
                  ![0x40, 0x2F, 0x3F, 0x23, 0x3C, 0x3E, 0x22, 0x27].contains(text[end]) {
                if text[end] == 0x3A && colon < 0 { colon = end }
                end += 1
            }
            guard text.is(end, "@"), colon > start, colon < end - 1, text.isAlphanumeric(end + 1) else { continue }
            spans.append(RedactionSpan(kind: .urlCredentials, start: start, end: end))
            i = end
        }
    }
}

/// IPv4 (`192.168.0.1`, optionally `/24`) and IPv6 (`2001:db8::1`, `fe80::1%eth0` without the zone) addresses.
/// Octets with leading zeros (`01.02.03.04`) and numbers after "version"/"ver"/"バージョン" are taken for version
/// strings, not addresses.
struct IPAddressScanner {
    func scan(_ text: FoldedText, into spans: inout [RedactionSpan]) {
        var i = 0
        while i < text.count {
            if text.isHexDigit(i) || text.is(i, ":"), !text.isAlphanumeric(i - 1), !text.is(i - 1, ":"),
               !(text.is(i - 1, ".") && text.isAlphanumeric(i - 2)) {
                if text.isDigit(i), let end = ipv4(text, at: i), !followsVersionWord(text, at: i) {
                    spans.append(RedactionSpan(kind: .ipAddress, start: i, end: withPrefixLength(text, end, max: 32)))
                    i = end
                    continue
                }
                if let end = ipv6(text, at: i) {
                    spans.append(RedactionSpan(kind: .ipAddress, start: i, end: withPrefixLength(text, end, max: 128)))
                    i = end
                    continue
                }
            }
            i += 1
        }
    }

    /// Four decimal octets; returns the end.
    private func ipv4(_ text: FoldedText, at start: Int, allowTrailingDot: Bool = false) -> Int? {
        var i = start
        for octet in 0..<4 {
            if octet > 0 {
                guard text.is(i, ".") else { return nil }
                i += 1
            }
            var value = 0
            var length = 0
            let first = i
            while text.isDigit(i) && length < 4 {
                value = value * 10 + text.digit(i)
                length += 1
                i += 1
            }
            guard (1...3).contains(length), value <= 255, length == 1 || text.digit(first) != 0 else { return nil }
        }
        if text.isAlphanumeric(i) || (text.is(i, ".") && text.isDigit(i + 1)) { return nil }
        return i
    }

    private func ipv6(_ text: FoldedText, at start: Int) -> Int? {
        var end = start
        var colons = 0
        while text.isHexDigit(end) || text.is(end, ":") || text.is(end, ".") {
            if text.is(end, ":") { colons += 1 }
            end += 1
        }
        guard colons >= 2 else { return nil }
        while end > start && text.is(end - 1, ".") { end -= 1 }
        if text.is(end - 1, ":") && !text.is(end - 2, ":") { end -= 1 }
        guard !text.isAlphanumeric(end) else { return nil }
        let candidate = String(decoding: (start..<end).map { UInt8(text[$0]) }, as: UTF8.self)
        guard candidate.contains(where: \.isNumber), Self.isIPv6(candidate) else { return nil }
        return end
    }

    static func isIPv6(_ s: String) -> Bool {
        guard s.filter({ $0 == ":" }).count >= 2, !s.contains(":::") else { return false }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groupCount = 0
        for (h, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (p, part) in parts.enumerated() {
                if part.contains(".") {
                    // An embedded IPv4 address, only as the very last part.
                    guard h == halves.count - 1, p == parts.count - 1,
                          part.split(separator: ".").count == 4,
                          part.split(separator: ".").allSatisfy({ UInt8($0) != nil }) else { return false }
                    groupCount += 2
                } else {
                    guard (1...4).contains(part.count), part.allSatisfy({ $0.isHexDigit }) else { return false }
                    groupCount += 1
                }
            }
        }
        return halves.count == 2 ? groupCount < 8 : groupCount == 8
    }

    private func withPrefixLength(_ text: FoldedText, _ end: Int, max: Int) -> Int {
        guard text.is(end, "/"), text.isDigit(end + 1) else { return end }
        var i = end + 1
        var value = 0
        while text.isDigit(i) && i - end <= 3 {
            value = value * 10 + text.digit(i)
            i += 1
        }
        return value <= max && !text.isAlphanumeric(i) ? i : end
    }

    private func followsVersionWord(_ text: FoldedText, at i: Int) -> Bool {
        var j = i - 1
        while text.isSpace(j) || text.is(j, ":") || text.is(j, ".") { j -= 1 }
        for word in ["version", "ver", "バージョン", "版"] {
            let n = word.unicodeScalars.count
            if word.unicodeScalars.allSatisfy({ $0.isASCII }) {
                if text.matches(word, at: j - n + 1, caseInsensitive: true) { return true }
            } else if text.original(word, at: j - n + 1) {
                return true
            }
        }
        return false
    }
}
