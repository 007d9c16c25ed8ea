/// Numbers as `tokenizers` reads them from `tokenizer.json`: serde_json's default float parser (without its
/// `float_roundtrip` feature), which is not always correctly rounded. It gathers up to 19 significant digits in a
/// u64, then multiplies or divides by a power of ten once, so a score with 17 significant digits can land one ulp
/// away from the nearest double. Unigram Viterbi compares sums of these scores, and near-ties are decided by that
/// last bit: to give the same ids, Seiren reads scores the same way.
enum SerdeJSONFloat {
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)")! }

    /// The value serde_json gives for the JSON number `literal`, or nil when it would refuse it.
    static func parse(_ literal: String) -> Double? {
        let bytes = Array(literal.utf8)
        var i = 0
        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
        func digit() -> UInt64? { peek().flatMap { (0x30...0x39).contains($0) ? UInt64($0 - 0x30) : nil } }
        func overflows(_ a: UInt64, _ b: UInt64) -> Bool { a >= UInt64.max / 10 && (a > UInt64.max / 10 || b > UInt64.max % 10) }

        var positive = true
        if peek() == UInt8(ascii: "-") { positive = false; i += 1 }
        guard let first = digit() else { return nil }
        i += 1
        var significand = first
        var exponent: Int32 = 0
        if first != 0 {
            while let d = digit() {
                if overflows(significand, d) {
                    // parse_long_integer: further integer digits only scale.
                    while digit() != nil { i += 1; exponent += 1 }
                    break
                }
                i += 1
                significand = significand * 10 + d
            }
        } else if digit() != nil {
            return nil
        }
        if peek() == UInt8(ascii: ".") {
            i += 1
            var after: Int32 = 0
            while let d = digit() {
                if overflows(significand, d) {
                    // parse_decimal_overflow: further digits are ignored.
                    while digit() != nil { i += 1 }
                    break
                }
                i += 1
                significand = significand * 10 + d
                after -= 1
            }
            guard after != 0 || i > 0 && bytes[i - 1] != UInt8(ascii: ".") else { return nil }
            exponent += after
        } else if peek() != UInt8(ascii: "e") && peek() != UInt8(ascii: "E") {
            guard i == bytes.count else { return nil }
            return positive ? Double(significand) : -Double(significand)
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            var positiveExponent = true
            if peek() == UInt8(ascii: "+") { i += 1 } else if peek() == UInt8(ascii: "-") { positiveExponent = false; i += 1 }
            guard let e0 = digit() else { return nil }
            i += 1
            var value = Int32(e0)
            while let d = digit() {
                i += 1
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int32(d))
                if o1 || o2 {
                    // parse_exponent_overflow: zero stays zero, a huge positive exponent is an error.
                    while digit() != nil { i += 1 }
                    if significand == 0 || !positiveExponent { return positive ? 0.0 : -0.0 }
                    return nil
                }
                value = s
            }
            exponent = positiveExponent ? exponent.addingSaturating(value) : exponent.subtractingSaturating(value)
        }
        guard i == bytes.count else { return nil }
        return fromParts(positive, significand, exponent)
    }

    private static func fromParts(_ positive: Bool, _ significand: UInt64, _ exponent: Int32) -> Double? {
        var f = Double(significand)
        var exponent = exponent
        while true {
            let magnitude = exponent == Int32.min ? Int.max : Int(abs(exponent))
            if magnitude < powersOfTen.count {
                if exponent >= 0 {
                    f *= powersOfTen[magnitude]
                    if f.isInfinite { return nil }
                } else {
                    f /= powersOfTen[magnitude]
                }
                break
            }
            if f == 0 { break }
            if exponent >= 0 { return nil }
            f /= 1e308
            exponent += 308
        }
        return positive ? f : -f
    }
}

private extension Int32 {
    func addingSaturating(_ other: Int32) -> Int32 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }
    func subtractingSaturating(_ other: Int32) -> Int32 {
        let (r, o) = subtractingReportingOverflow(other)
        return o ? (other > 0 ? .min : .max) : r
    }
}
