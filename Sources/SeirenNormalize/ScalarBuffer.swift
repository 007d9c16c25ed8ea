/// UTF-8 output built one scalar at a time. The rules sometimes take back the character they just wrote (a space
/// before Japanese, a kana that a sound mark joins), so the start of the last scalar is remembered.
struct ScalarBuffer {
    var bytes: [UInt8]
    private(set) var lastStart = -1

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { bytes.isEmpty }

    @inline(__always)
    mutating func append(_ scalar: UInt32) {
        lastStart = bytes.count
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (scalar >> 6)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (scalar >> 12)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Removes the scalar written last. Only one step back is ever needed (callers never undo twice in a row).
    @inline(__always)
    mutating func removeLast() {
        guard lastStart >= 0 else { return }
        bytes.removeSubrange(lastStart...)
        lastStart = -1
    }

    /// True when the last byte is an ASCII space (UTF-8 continuation bytes are never 0x20).
    var endsWithSpace: Bool { bytes.last == 0x20 }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Calls `body` with each Unicode scalar of `text`, decoded straight from its UTF-8 (which Swift guarantees valid).
@inline(__always)
func forEachScalar(in text: inout String, _ body: (UInt32) -> Void) {
    text.withUTF8 { utf8 in
        var i = 0
        let n = utf8.count
        while i < n {
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                body(b0)
                i += 1
            } else if b0 < 0xE0 {
                body((b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F))
                i += 2
            } else if b0 < 0xF0 {
                body((b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F))
                i += 3
            } else {
                body((b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                     | UInt32(utf8[i + 3] & 0x3F))
                i += 4
            }
        }
    }
}
