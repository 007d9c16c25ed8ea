import Foundation
import SeirenCore
import SeirenDedup
import SeirenExtract
import SeirenFilter
import SeirenNormalize
import SeirenTokenizer
import Yams

/// One named source of documents.
public struct SourceSpec: Sendable {
    public var name: String
    public var paths: [String]
    public var format: InputFormat
    public var license: String?
    public var contributor: String?
    public var xmlSettings: XMLSettings?
    /// The source as written, for fingerprints and reports.
    public var json: JSONValue
}

/// A pipeline manifest (`corpora-manifests/*.yaml`), read strictly: every key is checked against
/// `ManifestSchema`, every value against its type and range.
public struct PipelineManifest: Sendable {
    public var file: String
    public var name: String
    public var output: String
    public var workers: Int?
    public var added: String?
    public var sources: [SourceSpec]

    public var codeMode: CodeMode = .keep
    public var maxFileBytes: Int = 64 << 20
    /// Input bytes per part of the extract stage (the unit of work every later stage keeps).
    public var partBytes: Int = 64 << 20
    public var extractJSON: JSONValue = .object([])
    public var normalize: NormalizationSettings?
    public var filter: RuleSet?
    public var dedup: DedupSettings?
    public var maxShardBytes: Int = 256 << 20
    public var zstdLevel: Int32 = 3
    public var shardJSON: JSONValue = .object([])
    /// Token ids of the output: the tokenizer (nil: the trained vocabulary) and end-of-document id.
    public var encode: (tokenizer: String?, eodId: Int32?, json: JSONValue)?
    /// Tokenizers to measure on the output (besides the trained vocabulary).
    public var measure: (tokenizers: [String], json: JSONValue)?
    /// The vocabulary to train, with its name, when the manifest asks for one.
    public var train: (name: String, settings: TrainingSettings, json: JSONValue)?
    /// How each job is asked of Slurm (`--executor slurm`).
    public var slurm = SlurmSettings()

    public static func read(_ file: String) throws -> PipelineManifest {
        let bytes = try FileReader.readAll(file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ManifestError(file: file, line: nil, key: "", reason: "not UTF-8 text")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> PipelineManifest {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ManifestError(file: file, line: nil, key: "", reason: "empty manifest")
            }
            root = node
        } catch let error as ManifestError {
            throw error
        } catch {
            let message = "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "^" }.joined(separator: " ")
            throw ManifestError(file: file, line: nil, key: "", reason: "not valid YAML: \(message)")
        }
        guard ManifestNode.expandedSize(of: root, limit: ManifestNode.maxExpandedNodes) <= ManifestNode.maxExpandedNodes else {
            throw ManifestError(file: file, line: nil, key: "",
                                reason: "aliases expand to more than \(ManifestNode.maxExpandedNodes) YAML nodes (an alias bomb?)")
        }
        let top = try ManifestNode(node: root, path: "", file: file).mapping(ManifestSchema.top)

        let folder = (file as NSString).deletingLastPathComponent
        var manifest = PipelineManifest(file: file, name: try top["name"]!.string(),
                                        output: resolve(try top["output"]!.string(), from: folder),
                                        workers: try top["workers"]?.integer(in: 1...1024),
                                        added: try top["added"]?.string(), sources: [])
        if let added = manifest.added, !AddedTime.isValid(added) {
            throw top["added"]!.error("'\(added)' is not an ISO 8601 time such as 2024-01-01T00:00:00Z")
        }

        var names = Set<String>()
        for node in try top["sources"]!.list() {
            let keys = try node.mapping(ManifestSchema.source)
            let name = try keys["name"]!.string()
            guard names.insert(name).inserted else { throw keys["name"]!.error("source name '\(name)' is used twice") }
            let format = try keys["format"]?.choice(InputFormat.self) ?? .auto
            let paths = try keys["paths"]!.strings().map { resolve($0, from: folder) }
            guard !paths.isEmpty else { throw keys["paths"]!.error("needs at least one path") }
            var xmlSettings: XMLSettings?
            if let settings = keys["xml_settings"] {
                do { xmlSettings = try XMLSettings(json: try settings.json()) } catch { throw settings.error("\(error)") }
            }
            manifest.sources.append(SourceSpec(name: name, paths: paths, format: format,
                                               license: try keys["license"]?.string(),
                                               contributor: try keys["contributor"]?.string(),
                                               xmlSettings: xmlSettings, json: try node.json()))
        }
        guard !manifest.sources.isEmpty else { throw top["sources"]!.error("needs at least one source") }

        let stages = try top["stages"]!.mapping(ManifestSection(path: "stages", help: "",
            keys: ManifestSchema.stageSections.map { ManifestKey(String($0.path.dropFirst("stages.".count)), "mapping", $0.help) }))
        try manifest.readExtract(stages["extract"])
        try manifest.readNormalize(stages["normalize"])
        try manifest.readFilter(stages["filter"])
        try manifest.readDedup(stages["dedup"])
        try manifest.readShard(stages["shard"])
        try manifest.readTrain(stages["train"])
        try manifest.readEncodeAndMeasure(encode: stages["encode"], measure: stages["measure"])
        if let node = top["slurm"] { manifest.slurm = try SlurmSettings(node) }
        return manifest
    }

    private mutating func readExtract(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.extract)
        if let code = keys["code"] { codeMode = try code.choice(CodeMode.self) }
        if let max = keys["max_file_bytes"] { maxFileBytes = try max.integer(in: ExtractSettings.maxFileBytesRange) }
        if let bytes = keys["part_bytes"] { partBytes = try bytes.integer(in: 1...(1 << 40)) }
        extractJSON = try node.json()
    }

    private mutating func readNormalize(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.normalize)
        var settings = (try keys["preset"]?.choice(NormalizationPreset.self) ?? .default).settings
        if let form = keys["form"] {
            do { settings.form = try NormalizationSettings.parseForm(try form.string()) } catch { throw form.error("\(error)") }
        }
        if let rules = keys["rules"] {
            guard case .mapping(let mapping) = rules.node else { throw rules.error("expected a mapping of rule: on|off") }
            for (key, value) in mapping {
                let name = key.string ?? ""
                let entry = rules.child(name, value)
                let text: String
                if let flag = Bool.yaml(value.string ?? "") { text = flag ? "on" : "off" } else { text = try entry.string() }
                do { try settings.apply(override: "\(name)=\(text)") } catch { throw entry.error("\(error)") }
            }
        }
        normalize = settings
    }

    private mutating func readFilter(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.filter)
        switch (keys["preset"], keys["rules"]) {
        case (let preset?, nil):
            do { filter = try RuleSet.preset(try preset.string()) } catch { throw preset.error("\(error)") }
        case (nil, let rules?):
            let base = (file as NSString).deletingLastPathComponent
            do { filter = try RuleSet(json: try rules.json(), source: "\(file): stages.filter.rules", baseDirectory: base.isEmpty ? "." : base) }
            catch { throw rules.error("\(error)") }
        case (.some, .some):
            throw node.error("give either 'preset' or 'rules', not both")
        case (nil, nil):
            throw node.error("needs 'preset' or 'rules'")
        }
    }

    private mutating func readDedup(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.dedup)
        var settings = DedupSettings()
        if let v = keys["exact"] { settings.exact = try v.bool() }
        if let v = keys["lines"] { settings.lines = try v.bool() }
        if let v = keys["line_threshold"] { settings.lineThreshold = try v.integer() }
        if let v = keys["minhash"] { settings.minhash = try v.bool() }
        if let v = keys["ngram"] { settings.ngram = try v.integer() }
        if let v = keys["hashes"] { settings.hashes = try v.integer() }
        if let v = keys["bands"] { settings.bands = try v.integer() }
        if let v = keys["rows"] { settings.rows = try v.integer() }
        if let v = keys["threshold"] { settings.threshold = try v.number() }
        try node.validate(keys, settings.validate)
        dedup = settings
    }

    private mutating func readTrain(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.train)
        var settings = TrainingSettings()
        let vocabularyName = try keys["name"]?.string() ?? name
        guard !vocabularyName.isEmpty, !vocabularyName.contains("/"), vocabularyName != ".", vocabularyName != ".." else {
            throw (keys["name"] ?? node).error("'\(vocabularyName)' is not a usable folder name")
        }
        if let v = keys["model"] { settings.model = try v.choice(TrainingSettings.ModelKind.self) }
        settings.vocabularySize = try keys["vocab_size"]!.integer()
        if let v = keys["character_coverage"] { settings.characterCoverage = try v.number() }
        if let v = keys["byte_fallback"] { settings.byteFallback = try v.bool() }
        if let v = keys["max_piece_length"] { settings.maxPieceLength = try v.integer() }
        if let v = keys["split_digits"] { settings.splitDigits = try v.bool() }
        if let v = keys["user_defined_symbols"] {
            settings.userDefinedSymbols = try v.strings().map(TrainingSettings.symbol(written:))
        }
        if let v = keys["pre_tokenizer"] { settings.preTokenizer = try v.choice(TrainingSettings.PreTokenizer.self) }
        if let v = keys["normalization"] { settings.normalization = try v.choice(TrainingSettings.Normalization.self) }
        if let v = keys["held_out_every"] { settings.heldOutEvery = try v.integer() }
        if let v = keys["max_sentences"] { settings.maxSentences = try v.integer() }
        if let v = keys["remove_extra_whitespaces"] { settings.removeExtraWhitespaces = try v.bool() }
        if let v = keys["add_bos"] { settings.specialTokens.addBos = try v.bool() }
        if let v = keys["add_eos"] { settings.specialTokens.addEos = try v.bool() }
        if let v = keys["pad_token"] { settings.specialTokens.padPiece = try v.string() }
        try node.validate(keys, settings.validate)
        train = (vocabularyName, settings, try node.json())
    }

    private mutating func readEncodeAndMeasure(encode node: ManifestNode?, measure: ManifestNode?) throws {
        let folder = (file as NSString).deletingLastPathComponent
        if let node {
            let keys = try node.mapping(ManifestSchema.encode)
            let name = try keys["tokenizer"]?.string() ?? "trained"
            if name == "trained" && train == nil {
                throw (keys["tokenizer"] ?? node).error("`trained` needs a stages.train section (or give a tokenizer path)")
            }
            encode = (name == "trained" ? nil : Self.resolve(name, from: folder), try keys["eod_id"].map { Int32(try $0.integer(in: CorpusEncoder.eodIds)) },
                      try node.json())
        }
        if let measure {
            let keys = try measure.mapping(ManifestSchema.measure)
            let tokenizers = try keys["tokenizers"]?.strings().map { Self.resolve($0, from: folder) } ?? []
            if tokenizers.isEmpty && train == nil {
                throw measure.error("nothing to measure: list tokenizers, or add a stages.train section")
            }
            self.measure = (tokenizers, try measure.json())
        }
    }

    /// A path written in the manifest at `folder`: relative paths are taken from the manifest's folder, not the
    /// current directory, so a manifest can be copied with its corpus and run from anywhere; absolute paths stay.
    /// `.` and `..` are folded away as written (links are not followed), so messages show the path a user expects.
    static func resolve(_ path: String, from folder: String) -> String {
        guard !path.hasPrefix("/"), !folder.isEmpty, folder != "." else { return path }
        var parts: [Substring] = []
        for part in (folder + "/" + path).split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == ".." && folder.hasPrefix("/") && parts.isEmpty {
                continue  // `/..` is `/`.
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return folder.hasPrefix("/") ? "/" + joined : joined.isEmpty ? "." : joined
    }

    private mutating func readShard(_ node: ManifestNode?) throws {
        guard let node else { return }
        let keys = try node.mapping(ManifestSchema.shard)
        if let v = keys["max_shard_bytes"] { maxShardBytes = try v.integer(in: 1...Int.max) }
        if let v = keys["zstd_level"] { zstdLevel = Int32(try v.integer(in: ShardWriter.zstdLevels)) }
        shardJSON = try node.json()
    }
}
