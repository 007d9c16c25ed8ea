/// Unicode scalar values of valid UTF-8 (a Swift String's bytes, ICU's output), decoded without the checks a
/// String iterator makes per scalar.
public enum UTF8Scalars {
    /// Decodes `bytes` into `scalars` (replacing its contents; no allocation once it has grown).
    @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into scalars: inout [UInt32]) {
        scalars.removeAll(keepingCapacity: true)
        // At most one scalar per byte: fill in place, then cut to the length written.
        scalars.append(contentsOf: repeatElement(0, count: bytes.count))
        let written = scalars.withUnsafeMutableBufferPointer { out -> Int in
            var count = 0
            var i = 0
            while i < bytes.count {
                out[count] = next(bytes, &i)
                count += 1
            }
            return count
        }
        scalars.removeLast(scalars.count - written)
    }

    /// The scalar starting at `i`, moving `i` past it.
    @inline(__always)
    static func next(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let lead = UInt32(bytes[i])
        if lead < 0x80 {
            i += 1
            return lead
        }
        if lead < 0xE0 {
            defer { i += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        }
        if lead < 0xF0 {
            defer { i += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        }
        defer { i += 4 }
        return (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
    }
}
