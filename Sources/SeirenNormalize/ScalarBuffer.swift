import SeirenCore

/// UTF-8 output built one scalar at a time in a buffer sized for the worst case (no growth checks on the hot path).
/// The rules sometimes take back the character they just wrote (a space before Japanese, a kana that a sound mark
/// joins), so the start of the last scalar is remembered. Not copyable: it owns its memory and frees it at the end
/// of its scope.
struct ScalarBuffer: ~Copyable {
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

    deinit { base.deallocate() }

    var isEmpty: Bool { count == start }

    @inline(__always)
    mutating func append(_ scalar: UInt32) {
        lastStart = count
        count += UTF8Scalars.write(scalar, to: base + count)
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

/// The scalars of UTF-8 that is known to be valid (a Swift String's), one at a time.
struct UTF8Cursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always)
    mutating func next() -> UInt32? { i < bytes.count ? UTF8Scalars.next(bytes, &i) : nil }
}
