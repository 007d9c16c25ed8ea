import SeirenCore

/// Everything that decides what `seiren extract` writes (recorded in the output's manifests).
public struct ExtractSettings: Sendable {
    public var format: InputFormat = .auto
    public var codeMode: CodeMode = .keep
    /// The `source` of every document; nil: the name of the input directory each file was found under.
    public var source: String?
    public var contributor: String?
    public var license: String?
    /// How to read generic XML; nil: every element is a line.
    public var xmlSettings: XMLSettings?
    /// `added` of every document (ISO 8601).
    public var added: String
    /// Files larger than this are rejected unread, which bounds memory per worker.
    public var maxFileBytes: Int = 64 << 20
    /// Elements nested deeper than this make a file a reject.
    public var maxDepth: Int = 256

    public init(added: String) { self.added = added }

    /// File sizes `maxFileBytes` may be: libxml2 takes a document's length as a C int.
    public static let maxFileBytesRange = 1...Int(Int32.max)

    /// The ranges, one set for the command line and the manifest.
    public func validate() throws {
        try SettingError.check("max_file_bytes", maxFileBytes, in: Self.maxFileBytesRange)
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("stage", .string("extract")), ("format", .string(format.rawValue)), ("code", .string(codeMode.rawValue)),
        ]
        if let source { pairs.append(("source", .string(source))) }
        if let contributor { pairs.append(("contributor", .string(contributor))) }
        if let license { pairs.append(("license", .string(license))) }
        if let xmlSettings { pairs.append(("xml_settings", xmlSettings.json)) }
        pairs.append(("max_file_bytes", .int(maxFileBytes)))
        pairs.append(("max_depth", .int(maxDepth)))
        pairs.append(("added", .string(added)))
        return .object(pairs)
    }
}
