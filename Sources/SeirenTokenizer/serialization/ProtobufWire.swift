/// The protobuf wire format, written by hand: a SentencePiece `.model` is a small proto2 message, and reading it
/// needs neither a code generator nor a runtime dependency.

/// A malformed or truncated protobuf message.
public struct ProtobufError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "protobuf: \(message)" }
}

/// One field as it appears on the wire. Values stay in their wire form so a message read and written again comes
/// out byte for byte as it went in, unknown fields included.
public enum ProtoValue: Equatable, Sendable {
    case varint(UInt64)
    case fixed64(UInt64)
    case bytes([UInt8])
    case fixed32(UInt32)

    var wireType: UInt64 {
        switch self {
        case .varint: return 0
        case .fixed64: return 1
        case .bytes: return 2
        case .fixed32: return 5
        }
    }
}

/// The fields of one message in wire order, with typed accessors. Setting a field replaces its last occurrence or
/// inserts it in field-number order (the order protobuf serializers use), so new messages are canonical too.
public struct ProtoFields: Equatable, Sendable {
    public var entries: [(number: Int, value: ProtoValue)] = []

    public init() {}

    public static func == (a: ProtoFields, b: ProtoFields) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.number == $1.number && $0.value == $1.value }
    }

    public func last(_ number: Int) -> ProtoValue? { entries.last { $0.number == number }?.value }
    public func all(_ number: Int) -> [ProtoValue] { entries.filter { $0.number == number }.map(\.value) }
    public func has(_ number: Int) -> Bool { entries.contains { $0.number == number } }

    public mutating func set(_ number: Int, _ value: ProtoValue?) {
        guard let value else {
            entries.removeAll { $0.number == number }
            return
        }
        if let index = entries.lastIndex(where: { $0.number == number }) {
            entries[index].value = value
        } else {
            let index = entries.firstIndex { $0.number > number } ?? entries.count
            entries.insert((number, value), at: index)
        }
    }

    /// Replaces all occurrences of a repeated field.
    public mutating func setRepeated(_ number: Int, _ values: [ProtoValue]) {
        entries.removeAll { $0.number == number }
        let index = entries.firstIndex { $0.number > number } ?? entries.count
        entries.insert(contentsOf: values.map { (number, $0) }, at: index)
    }

    // Typed views. proto2 int32 is a varint holding the two's complement (negative values take ten bytes).
    public func int32(_ number: Int) -> Int32? {
        if case .varint(let v)? = last(number) { return Int32(truncatingIfNeeded: v) }
        return nil
    }
    public func uint64(_ number: Int) -> UInt64? {
        if case .varint(let v)? = last(number) { return v }
        return nil
    }
    public func bool(_ number: Int) -> Bool? {
        if case .varint(let v)? = last(number) { return v != 0 }
        return nil
    }
    public func float(_ number: Int) -> Float? {
        if case .fixed32(let v)? = last(number) { return Float(bitPattern: v) }
        return nil
    }
    public func bytes(_ number: Int) -> [UInt8]? {
        if case .bytes(let v)? = last(number) { return v }
        return nil
    }
    public func string(_ number: Int) -> String? { bytes(number).map { String(decoding: $0, as: UTF8.self) } }
    public func strings(_ number: Int) -> [String] {
        all(number).compactMap { if case .bytes(let v) = $0 { return String(decoding: v, as: UTF8.self) } else { return nil } }
    }

    public mutating func setInt32(_ number: Int, _ value: Int32?) {
        set(number, value.map { .varint(UInt64(bitPattern: Int64($0))) })
    }
    public mutating func setUInt64(_ number: Int, _ value: UInt64?) { set(number, value.map { .varint($0) }) }
    public mutating func setBool(_ number: Int, _ value: Bool?) { set(number, value.map { .varint($0 ? 1 : 0) }) }
    public mutating func setFloat(_ number: Int, _ value: Float?) { set(number, value.map { .fixed32($0.bitPattern) }) }
    public mutating func setBytes(_ number: Int, _ value: [UInt8]?) { set(number, value.map { .bytes($0) }) }
    public mutating func setString(_ number: Int, _ value: String?) { set(number, value.map { .bytes(Array($0.utf8)) }) }
    public mutating func setStrings(_ number: Int, _ values: [String]) {
        setRepeated(number, values.map { .bytes(Array($0.utf8)) })
    }
}

/// Reads fields from a serialized message.
public struct ProtoReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        position = 0
        end = bytes.count
    }


    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufError("truncated varint at byte \(position)") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw ProtobufError("varint longer than 10 bytes at byte \(position)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func readFixed(_ count: Int) throws -> UInt64 {
        guard end - position >= count else { throw ProtobufError("truncated fixed\(count * 8) at byte \(position)") }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += count
        return value
    }

    /// The next field, or nil at the end.
    public mutating func next() throws -> (number: Int, value: ProtoValue)? {
        guard position < end else { return nil }
        let key = try readVarint()
        let number = Int(key >> 3)
        guard number > 0, number < (1 << 29) else { throw ProtobufError("invalid field number \(number)") }
        switch key & 7 {
        case 0: return (number, .varint(try readVarint()))
        case 1: return (number, .fixed64(try readFixed(8)))
        case 2:
            let length = try readVarint()
            guard length <= UInt64(end - position) else {
                throw ProtobufError("field \(number) claims \(length) bytes but only \(end - position) remain")
            }
            let value = Array(bytes[position..<position + Int(length)])
            position += Int(length)
            return (number, .bytes(value))
        case 5: return (number, .fixed32(UInt32(try readFixed(4))))
        default: throw ProtobufError("unsupported wire type \(key & 7) for field \(number)")
        }
    }

    /// All fields of a message.
    public static func fields(_ bytes: [UInt8]) throws -> ProtoFields {
        var reader = ProtoReader(bytes)
        var fields = ProtoFields()
        while let field = try reader.next() { fields.entries.append(field) }
        return fields
    }
}

/// Writes fields of a message.
public struct ProtoWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func write(_ number: Int, _ value: ProtoValue) {
        writeVarint(UInt64(number) << 3 | value.wireType)
        switch value {
        case .varint(let v): writeVarint(v)
        case .fixed64(let v): for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
        case .fixed32(let v): for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
        case .bytes(let v):
            writeVarint(UInt64(v.count))
            bytes.append(contentsOf: v)
        }
    }

    public mutating func write(_ fields: ProtoFields) {
        for entry in fields.entries { write(entry.number, entry.value) }
    }

    public static func serialize(_ fields: ProtoFields) -> [UInt8] {
        var writer = ProtoWriter()
        writer.write(fields)
        return writer.bytes
    }
}
