import Foundation
import SeirenExtract
import SeirenNormalize
import SeirenTokenizer

/// The keys a pipeline manifest may hold, section by section. The parser accepts exactly these keys (anything else
/// is an error naming the key and what is allowed) and `docs/manifest.md` is generated from this table, so the
/// reference cannot drift from the code.
public struct ManifestKey: Sendable {
    public var name: String
    public var type: String
    public var required: Bool
    public var defaultValue: String?
    public var help: String

    init(_ name: String, _ type: String, required: Bool = false, default defaultValue: String? = nil, _ help: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.help = help
    }
}

public struct ManifestSection: Sendable {
    public var path: String
    public var help: String
    public var keys: [ManifestKey]

    public var allowed: [String] { keys.map(\.name) }
}

public enum ManifestSchema {
    /// An enum's values as the table writes a choice (`auto|docbook|...`): a new case is documented with no edit here.
    static func choices<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) -> String where Choice.RawValue == String {
        Choice.allCases.map(\.rawValue).joined(separator: "|")
    }

    public static let top = ManifestSection(path: "", help: "The manifest itself.", keys: [
        ManifestKey("name", "string", required: true, "Name of the corpus; shard files are named after it."),
        ManifestKey("output", "path", required: true, "Output directory (a relative path is taken from the manifest's folder)."),
        ManifestKey("workers", "integer", default: "all cores", "Worker threads. Output is the same for any number."),
        ManifestKey("added", "ISO 8601 time", default: "the time of the first start",
                    "`added` of every document. Fixed at the first start of a run, so a resumed run keeps it."),
        ManifestKey("sources", "list of sources", required: true, "Where the documents come from (see sources[])."),
        ManifestKey("stages", "mapping", required: true,
                    "Settings per stage. A stage that is absent does not run (extract always runs)."),
        ManifestKey("slurm", "mapping", "How `seiren run --executor slurm` asks Slurm for each task (see slurm). Outputs do not depend on it."),
    ])

    public static let source = ManifestSection(path: "sources[]", help: "One named source of documents.", keys: [
        ManifestKey("name", "string", required: true, "Source name, written into each document's `source`."),
        ManifestKey("paths", "list of paths", required: true,
                    "Files, directories (read recursively) or globs (`*`, `?`, `**`), relative to the manifest's folder."),
        ManifestKey("format", choices(InputFormat.self), default: "auto",
                    "How to read the files: XML/HTML formats go through extraction; jsonl reads Dolma JSON Lines (.jsonl, .jsonl.zst)."),
        ManifestKey("license", "string", "License of the documents, recorded in their metadata."),
        ManifestKey("contributor", "string", "Who contributed them, recorded in their metadata."),
        ManifestKey("xml_settings", "mapping", "For format xml: `text`, `skip`, `code` (lists of element names) and `title` (an element name)."),
    ])

    public static let extract = ManifestSection(path: "stages.extract", help: "Text from XML and HTML manuals.", keys: [
        ManifestKey("code", choices(CodeMode.self), default: "keep", "Code, screen and pre blocks: kept, fenced with ``` lines, or dropped."),
        ManifestKey("max_file_bytes", "integer", default: "67108864", "Larger files are rejected unread."),
        ManifestKey("part_bytes", "integer", default: "67108864", "Input bytes per part, the unit of work and of resume: each JSON Lines file is a part, XML sources are cut into parts of about this size. Outputs do not depend on it."),
    ])

    public static let normalize = ManifestSection(path: "stages.normalize", help: "ICU normalization and Japanese rules.", keys: [
        ManifestKey("preset", choices(NormalizationPreset.self), default: "default", "Starting set of rules (docs/normalize.md)."),
        ManifestKey("form", "NFKC|NFC|NFKC_Casefold|none", default: "the preset's", "Unicode normalization form."),
        ManifestKey("rules", "mapping of rule: on|off", "Switch single rules on or off (names: see docs/normalize.md)."),
    ])

    public static let filter = ManifestSection(path: "stages.filter", help: "Quality filters.", keys: [
        ManifestKey("preset", "swallow|manuals", "A documented preset (docs/filter.md)."),
        ManifestKey("rules", "list of {rule, params}", "Rules in the format of a rules file (docs/filter.md); instead of a preset."),
    ])

    public static let dedup = ManifestSection(path: "stages.dedup", help: "Exact, line-level and MinHash deduplication.", keys: [
        ManifestKey("exact", "boolean", default: "true", "Drop documents whose canonical text was seen before."),
        ManifestKey("lines", "boolean", default: "false", "Remove boilerplate lines that appear in many documents."),
        ManifestKey("line_threshold", "integer", default: "10", "A line in more than this many documents is boilerplate."),
        ManifestKey("minhash", "boolean", default: "true", "Drop near duplicates (MinHash LSH over character n-grams)."),
        ManifestKey("ngram", "integer", default: "5", "Character n-gram size."),
        ManifestKey("hashes", "integer", default: "128", "MinHash permutations."),
        ManifestKey("bands", "integer", default: "16", "LSH bands."),
        ManifestKey("rows", "integer", default: "8", "Rows per band (bands × rows ≤ hashes)."),
        ManifestKey("threshold", "number", default: "0.7", "Minimum estimated Jaccard for a candidate pair to join a cluster."),
    ])

    public static let shard = ManifestSection(path: "stages.shard", help: "The final shards in OUT/documents.", keys: [
        ManifestKey("max_shard_bytes", "integer", default: "268435456", "Cap of uncompressed JSON Lines per shard."),
        ManifestKey("zstd_level", "integer", default: "3", "zstd level (1-19)."),
    ])

    public static let train = ManifestSection(path: "stages.train", help: "A subword vocabulary trained on OUT/documents, written to OUT/vocab/NAME/ (docs/tokenizer.md).", keys: [
        ManifestKey("name", "string", default: "the manifest's name", "Vocabulary name: OUT/vocab/NAME/NAME.model, tokenizer.json, NAME.vocab, report.json and the Hugging Face files."),
        ManifestKey("model", choices(TrainingSettings.ModelKind.self), default: "unigram", "Model type."),
        ManifestKey("vocab_size", "integer", required: true, "Vocabulary size, special and byte pieces included."),
        ManifestKey("character_coverage", "number", default: "0.9995", "Share of characters that must be pieces; the rest use byte fallback."),
        ManifestKey("byte_fallback", "boolean", default: "true", "Add the 256 byte pieces."),
        ManifestKey("max_piece_length", "integer", default: "16", "Maximum piece length in characters (8 is common for Japanese)."),
        ManifestKey("split_digits", "boolean", default: "false", "Digits are always single pieces."),
        ManifestKey("user_defined_symbols", "list of strings", "Symbols that are always one piece (e.g. \\n)."),
        ManifestKey("pre_tokenizer", choices(TrainingSettings.PreTokenizer.self), default: "whitespace", "How text is cut into units; with mecab no piece crosses a morpheme boundary."),
        ManifestKey("normalization", choices(TrainingSettings.Normalization.self), default: "identity", "Normalization written into the model."),
        ManifestKey("held_out_every", "integer", default: "100", "Every n-th line is held out to measure tokens per character."),
        ManifestKey("max_sentences", "integer", default: "2000000", "At most this many distinct sentences are trained on, chosen by hash (deterministic, exact counts); 0: all. Bounds the trainer's memory whatever the corpus size."),
        ManifestKey("remove_extra_whitespaces", "boolean", default: "false", "Remove leading, trailing and repeated spaces (sentencepiece's default; off: documents round-trip)."),
        ManifestKey("add_bos", "boolean", default: "false", "Hugging Face tokenizers (transformers, tokenizers) add <s> before each text."),
        ManifestKey("add_eos", "boolean", default: "false", "Hugging Face tokenizers add </s> after each text."),
        ManifestKey("pad_token", "string", default: "</s>", "Control piece transformers pads a batch with."),
    ])

    public static let encode = ManifestSection(path: "stages.encode", help: "OUT/documents as token ids: a Megatron-LM indexed dataset in OUT/tokens/ (docs/encode.md).", keys: [
        ManifestKey("tokenizer", "path or `trained`", default: "trained", "A SentencePiece .model or vocabulary folder (relative to the manifest's folder); `trained`: the vocabulary of stages.train."),
        ManifestKey("eod_id", "integer", default: "the model's </s>", "End-of-document id appended to each document."),
    ])

    public static let measure = ManifestSection(path: "stages.measure", help: "Tokens per character of tokenizers on OUT/documents, per source, into the report (docs/measure.md).", keys: [
        ManifestKey("tokenizers", "list of paths", default: "none", "SentencePiece .model files or vocabulary folders to compare (relative to the manifest's folder); the trained vocabulary is always measured."),
    ])

    public static let slurm = ManifestSection(path: "slurm", help: "Job settings for `seiren run --executor slurm` (docs/scale-out.md): every task's job and the final publishing job get them.", keys: [
        ManifestKey("partition", "string", default: "the cluster's default", "`sbatch --partition`."),
        ManifestKey("cpus_per_task", "integer", default: "1", "`sbatch --cpus-per-task`; each task runs with this many worker threads."),
        ManifestKey("mem", "size such as 4G", default: "the cluster's default", "`sbatch --mem` per task (a number with an optional K, M, G or T)."),
        ManifestKey("time", "Slurm time such as 2:00:00", default: "the partition's limit", "`sbatch --time` per task."),
        ManifestKey("account", "string", "`sbatch --account`."),
        ManifestKey("qos", "string", "`sbatch --qos`."),
        ManifestKey("max_running", "integer", default: "no cap", "At most this many tasks of a stage run at once (the `%K` of `--array`)."),
        ManifestKey("sbatch", "list of strings", "More sbatch options, one per item (e.g. `--constraint=ssd`), written as `#SBATCH` lines."),
    ])

    public static let stageSections = [extract, normalize, filter, dedup, shard, train, encode, measure]
    public static let all = [top, source] + stageSections + [slurm]

    /// The manifest reference (docs/manifest.md), generated from this table.
    public static func markdown() -> String {
        var out = """
            # Manifest reference

            Generated from the code (`seiren run --manifest-reference`); a test checks that this page matches it.
            A manifest is YAML. Unknown keys and bad values are errors that name the key and what is allowed.

            Relative paths in a manifest (`output`, `sources[].paths`, `stages.encode.tokenizer`,
            `stages.measure.tokenizers`, and the word lists of `stages.filter.rules`) are taken from the folder the
            manifest is in, not from the current directory: a manifest copied with its corpus runs the same from
            anywhere. Absolute paths stay as they are.

            """
        for section in all {
            out += "\n## `\(section.path.isEmpty ? "(top level)" : section.path)`\n\n\(section.help)\n\n"
            out += "| key | type | default | meaning |\n| --- | --- | --- | --- |\n"
            for key in section.keys {
                let defaultText = key.required ? "required" : key.defaultValue.map { "`\($0)`" } ?? "none"
                out += "| `\(key.name)` | \(key.type.replacingOccurrences(of: "|", with: "\\|")) | \(defaultText) | \(key.help) |\n"
            }
        }
        return out
    }
}
