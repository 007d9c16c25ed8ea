/// The JSON files Seiren writes (reports, manifests, run state, task markers, tokenizer files) all have one form:
/// pretty-printed with two spaces a level, keys in the order given, a final newline; written aside and renamed into
/// place, so a reader never meets half a file.
public enum JSONFile {
    /// The bytes of `value` as such a file.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var bytes = JSONWriter.serialize(value, pretty: true)
        bytes.append(0x0A)
        return bytes
    }

    public static func write(_ value: JSONValue, to path: String) throws {
        try AtomicFileWriter.write(bytes(value), to: path)
    }
}
