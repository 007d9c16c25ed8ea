import CICU

/// An error reported by ICU, with the operation that failed and ICU's own name for the code.
public struct ICUError: Error, CustomStringConvertible, Equatable {
    public let operation: String
    public let code: Int32

    public var name: String { String(cString: seiren_icu_error_name(code)) }
    public var description: String { "ICU \(operation) failed: \(name)" }
}

/// Unicode normalization forms offered by ICU.
public enum UnicodeForm: String, CaseIterable, Sendable, Codable {
    case nfc = "NFC"
    case nfkc = "NFKC"
    case nfkcCasefold = "NFKC_Casefold"
    case nfd = "NFD"
    case nfkd = "NFKD"

    var code: Int32 {
        switch self {
        case .nfc: return Int32(SEIREN_NFC)
        case .nfkc: return Int32(SEIREN_NFKC)
        case .nfkcCasefold: return Int32(SEIREN_NFKC_CASEFOLD)
        case .nfd: return Int32(SEIREN_NFD)
        case .nfkd: return Int32(SEIREN_NFKD)
        }
    }
}

/// The system ICU (through the CICU shim). All functions are thread-safe: the normalizers are ICU's shared
/// singletons and detectors/converters are opened per call.
public enum ICU {
    /// Normalizes `text` to `form`. Already-normalized text is returned as is, without a copy.
    public static func normalize(_ text: String, to form: UnicodeForm) throws -> String {
        let original = text
        var text = text
        return try text.withUTF8 { src -> String in
            if src.isEmpty { return "" }
            var error: Int32 = 0
            let base = UnsafeRawPointer(src.baseAddress!).assumingMemoryBound(to: CChar.self)
            if seiren_icu_is_normalized(form.code, base, Int64(src.count), &error) == 1 { return original }
            var capacity = src.count + src.count / 2 + 16
            while true {
                var needed: Int64 = 0
                let result = String(unsafeUninitializedCapacity: capacity) { dst -> Int in
                    needed = dst.withMemoryRebound(to: CChar.self) { out in
                        seiren_icu_normalize(form.code, base, Int64(src.count), out.baseAddress, Int64(capacity), &error)
                    }
                    return needed >= 0 && needed <= Int64(capacity) ? Int(needed) : 0
                }
                if needed < 0 { throw ICUError(operation: "normalization to \(form.rawValue)", code: error) }
                if needed <= Int64(capacity) { return result }
                capacity = Int(needed)
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text` normalized to `form`, without making a String of them (which
    /// would validate the bytes again): for callers that only read the result. Already-normalized text is passed
    /// as is.
    public static func withNormalizedUTF8<R>(_ text: String, to form: UnicodeForm,
                                             _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var text = text
        return try text.withUTF8 { src -> R in
            if src.isEmpty { return try body(src) }
            var error: Int32 = 0
            let base = UnsafeRawPointer(src.baseAddress!).assumingMemoryBound(to: CChar.self)
            if seiren_icu_is_normalized(form.code, base, Int64(src.count), &error) == 1 { return try body(src) }
            var capacity = src.count + src.count / 2 + 16
            while true {
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
                defer { buffer.deallocate() }
                let needed = buffer.withMemoryRebound(to: CChar.self) { out in
                    seiren_icu_normalize(form.code, base, Int64(src.count), out.baseAddress, Int64(capacity), &error)
                }
                if needed < 0 { throw ICUError(operation: "normalization to \(form.rawValue)", code: error) }
                if needed <= Int64(capacity) { return try body(UnsafeBufferPointer(rebasing: buffer[0..<Int(needed)])) }
                capacity = Int(needed)
            }
        }
    }

    /// A charset guess from ICU's detector: its name (e.g. "Shift_JIS") and confidence (0-100).
    public struct CharsetGuess: Equatable, Sendable {
        public let name: String
        public let confidence: Int
    }

    /// Guesses the charset of raw bytes, or nil when ICU finds no candidate.
    public static func detectCharset(_ bytes: some Collection<UInt8>) -> CharsetGuess? {
        let array = Array(bytes.prefix(Int(Int32.max)))
        var name = [CChar](repeating: 0, count: 64)
        var confidence: Int32 = 0
        var error: Int32 = 0
        let status = array.withUnsafeBufferPointer { src in
            src.withMemoryRebound(to: CChar.self) { s in
                seiren_icu_detect_charset(s.baseAddress, Int32(s.count), &name, Int32(name.count), &confidence, &error)
            }
        }
        guard status == 0 else { return nil }
        let nameBytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return CharsetGuess(name: String(decoding: nameBytes, as: UTF8.self), confidence: Int(confidence))
    }

    /// Converts bytes in `charset` (any name ICU knows: "Shift_JIS", "EUC-JP", "ISO-2022-JP", "UTF-16LE", ...) to a
    /// String. With `strict`, an illegal or unmappable sequence throws instead of becoming U+FFFD.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String, strict: Bool = true) throws -> String {
        let array = Array(bytes)
        if array.isEmpty { return "" }
        var capacity = array.count * 2 + 16
        while true {
            var error: Int32 = 0
            var needed: Int64 = 0
            let result = array.withUnsafeBufferPointer { src in
                src.withMemoryRebound(to: CChar.self) { s in
                    String(unsafeUninitializedCapacity: capacity) { dst -> Int in
                        needed = dst.withMemoryRebound(to: CChar.self) { out in
                            seiren_icu_convert_to_utf8(charset, s.baseAddress, Int64(s.count), out.baseAddress,
                                                       Int64(capacity), strict ? 1 : 0, &error)
                        }
                        return needed >= 0 && needed <= Int64(capacity) ? Int(needed) : 0
                    }
                }
            }
            if needed < 0 { throw ICUError(operation: "conversion from \(charset)", code: error) }
            if needed <= Int64(capacity) { return result }
            capacity = Int(needed)
        }
    }
}
