/// A run of digit groups such as `03-1234-5678`, `03(1234)5678` or `4111 1111 1111 1111`, read from the folded
/// text: the digits of each group and where each group ends, so a scanner can try the longest valid prefix.
struct DigitGroups {
    var groups: [[Int]] = []
    var ends: [Int] = []
    /// The separator text that came before each group after the first (folded scalars).
    var separators: [[UInt32]] = []

    /// Reads up to `maxGroups` groups starting at `start` (a digit). Between groups, `allowed` separator
    /// characters, at most `maxSeparator` of them.
    init(_ text: FoldedText, from start: Int, maxGroups: Int, maxGroupDigits: Int = 19,
         allowed: Set<UInt32>, maxSeparator: Int) {
        var i = start
        while groups.count < maxGroups && text.isDigit(i) {
            var digits: [Int] = []
            while text.isDigit(i) && digits.count <= maxGroupDigits {
                digits.append(text.digit(i))
                i += 1
            }
            groups.append(digits)
            ends.append(i)
            var j = i
            var separator: [UInt32] = []
            while separator.count < maxSeparator && allowed.contains(text[j]) {
                separator.append(text[j])
                j += 1
            }
            guard !separator.isEmpty, text.isDigit(j) else { break }
            separators.append(separator)
            i = j
        }
    }

    func digits(upTo count: Int) -> [Int] { groups[0..<count].flatMap { $0 } }
    func lengths(upTo count: Int) -> [Int] { groups[0..<count].map(\.count) }
}

enum CheckDigits {
    /// The check digit of a 個人番号 (My Number) from its first 11 digits, as the ordinance defines it
    /// (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条): with P(n) the n-th digit
    /// counted from the right of the 11 and Q(n) = n+1 for n ≤ 6, n−5 for n ≥ 7, the remainder r of ΣP(n)Q(n) by 11
    /// gives 0 when r ≤ 1, else 11 − r.
    static func myNumberCheckDigit(_ first11: [Int]) -> Int {
        var sum = 0
        for n in 1...11 {
            let p = first11[11 - n]
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let r = sum % 11
        return r <= 1 ? 0 : 11 - r
    }

    static func isValidMyNumber(_ digits: [Int]) -> Bool {
        digits.count == 12 && myNumberCheckDigit(Array(digits[0..<11])) == digits[11]
    }

    /// The Luhn (mod 10) check that card numbers carry in their last digit.
    static func isLuhnValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// Whether the number has the prefix and length of a known card brand (Visa, Mastercard, American Express,
    /// JCB, Diners Club, Discover, UnionPay).
    static func isKnownCardShape(_ digits: [Int]) -> Bool {
        func prefix(_ n: Int) -> Int { digits.prefix(n).reduce(0) { $0 * 10 + $1 } }
        let length = digits.count
        if digits.first == 4 { return [13, 16, 19].contains(length) }  // Visa
        if (51...55).contains(prefix(2)) || (2221...2720).contains(prefix(4)) { return length == 16 }  // Mastercard
        if prefix(2) == 34 || prefix(2) == 37 { return length == 15 }  // American Express
        if (3528...3589).contains(prefix(4)) { return (16...19).contains(length) }  // JCB
        if prefix(2) == 36 || (300...305).contains(prefix(3)) || prefix(2) == 38 || prefix(2) == 39 {
            return (14...19).contains(length)  // Diners Club
        }
        if prefix(4) == 6011 || prefix(2) == 65 || (644...649).contains(prefix(3)) { return (16...19).contains(length) }  // Discover
        if prefix(2) == 62 { return (16...19).contains(length) }  // UnionPay
        return false
    }
}
