/// UTF-8 output built one scalar at a time in a buffer sized for the worst case (no growth checks on the hot path).
/// The rules sometimes take back the character they just wrote (a space before Japanese, a kana that a sound mark
/// joins), so the start of the last scalar is remembered.
struct ScalarBuffer {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0
    private var start = 0
    private var lastStart = -1

    /// Room for `inputBytes` of input: a rule turns one scalar into one scalar, at most three times longer in UTF-8
    /// (ASCII `~` → 〜).
    init(inputBytes: Int) {
        capacity = inputBytes * 3 + 4
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    var isEmpty: Bool { count == start }

    @inline(__always)
    mutating func append(_ scalar: UInt32) {
        lastStart = count
        switch scalar {
        case 0..<0x80:
            base[count] = UInt8(truncatingIfNeeded: scalar)
            count += 1
        case 0x80..<0x800:
            base[count] = UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6))
            base[count + 1] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 2
        case 0x800..<0x10000:
            base[count] = UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12))
            base[count + 1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            base[count + 2] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 3
        default:
            base[count] = UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18))
            base[count + 1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F))
            base[count + 2] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            base[count + 3] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 4
        }
    }

    /// Removes the scalar written last. Only one step back is ever needed (callers never undo twice in a row).
    @inline(__always)
    mutating func removeLast() {
        guard lastStart >= start else { return }
        count = lastStart
        lastStart = -1
    }

    /// True when the last byte is an ASCII space (UTF-8 continuation bytes are never 0x20).
    var endsWithSpace: Bool { count > start && base[count - 1] == 0x20 }

    mutating func removeLastByte() { if count > start { count -= 1 } }

    /// True when the output begins with these bytes.
    func starts(with prefix: [UInt8]) -> Bool {
        guard count - start >= prefix.count else { return false }
        return prefix.indices.allSatisfy { base[start + $0] == prefix[$0] }
    }

    mutating func dropFirst(_ n: Int) { start = min(count, start + n) }

    var string: String { String(decoding: UnsafeBufferPointer(start: base + start, count: count - start), as: UTF8.self) }
}

/// Decodes Unicode scalars straight from UTF-8 that is known to be valid (a Swift String's).
struct UTF8Cursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always)
    mutating func next() -> UInt32? {
        guard i < bytes.count else { return nil }
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 {
            i += 1
            return b0
        } else if b0 < 0xE0 {
            defer { i += 2 }
            return (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        } else if b0 < 0xF0 {
            defer { i += 3 }
            return (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        } else {
            defer { i += 4 }
            return (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
    }
}
