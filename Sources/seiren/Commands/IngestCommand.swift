import ArgumentParser
import Foundation
import SeirenCore
import SeirenExtract
import SeirenIngest
import SeirenNormalize

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Make a redacted, signed and encrypted contribution bundle from a member's documents, and check or open one.",
        discussion: "See docs/ingest.md. Runs offline: it opens no network connection.",
        subcommands: [IngestRunCommand.self, IngestKeygenCommand.self, IngestVerifyCommand.self, IngestOpenCommand.self],
        defaultSubcommand: IngestRunCommand.self
    )
}

extension Visibility: ExpressibleByArgument {}

struct IngestRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Read INPUT files, redact personal and secret data, and write a contribution bundle (the default subcommand)."
    )

    @Option(help: "Your organisation's contributor ID, recorded in the bundle.")
    var contributor: String

    @Option(help: "The license the documents are contributed under.")
    var license: String

    @Option(help: "Who may see the documents: private, consortium or public. private and consortium bundles are always encrypted.")
    var visibility: Visibility

    @Argument(help: "Input files or directories (JSON Lines documents or datasets); - for JSON Lines documents on stdin.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The bundle to write; - for stdout (made whole aside first).")
    var output: String?

    @Option(help: "The consortium's public key (KEY.pub from `seiren ingest keygen`) to encrypt to.")
    var recipient: String?

    @Option(help: "Your private key file (KEY.key); its contributor-ed25519 key signs the bundle.")
    var signingKey: String?

    @Flag(help: "Show what would be included and redacted (counts and positions); write nothing.")
    var dryRun = false

    @Option(help: "Also keep the unencrypted dataset directory that goes into the bundle here, to inspect it (`verify --dataset` checks the bundle against it).")
    var keepDataset: String?

    @Option(help: "Comma-separated kinds to redact (default: all but person): \(RedactionKind.allCases.map(\.rawValue).joined(separator: ",")).")
    var redact: String?

    @Flag(help: "Also redact person names found with MeCab/ipadic (see docs/ingest.md for its limits).")
    var personNames = false

    @Option(help: "MeCab dictionary for --person-names.")
    var mecabDictionary = Redactor.Options().dictionary

    @Option(help: "Value of `added` for documents that have none (ISO 8601). Defaults to SOURCE_DATE_EPOCH or now.")
    var added: String?

    @Option(help: "Start a new shard before one passes this many bytes of uncompressed JSON Lines.")
    var maxShardBytes: Int = 256 << 20

    @Option(help: "zstd compression level (1-19).")
    var zstdLevel: Int32 = 3

    @Option(help: "Normalization of manuals' text after extraction: default, neologdn or none (docs/normalize.md).")
    var normalize: String = "default"

    @OptionGroup var workers: WorkerOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        try validateOutputSettings(maxShardBytes: maxShardBytes, zstdLevel: zstdLevel, added: added)
    }

    func run() throws {
        try reportingErrors {
            guard !inputs.isEmpty else { throw UserError("give at least one INPUT file or directory") }
            try StandardStream.withRereadableInputs(inputs) { try ingest($0) }
        }
    }

    private func ingest(_ inputs: [String]) throws {
        var kinds = RedactionKind.defaults
        if let redact {
            do { kinds = try RedactionKind.kinds(inList: redact) } catch { throw UserError("--redact: \(error)") }
        }
        if personNames { kinds.insert(.person) }
        let settings = IngestSettings(
            contributor: contributor, license: license, visibility: visibility,
            redaction: Redactor.Options(kinds: kinds, dictionary: mecabDictionary),
            added: added ?? AddedTime.default(), maxShardBytes: maxShardBytes, zstdLevel: zstdLevel,
            workers: workers.count)
        // Manuals go through the extract and normalize stages; JSON Lines documents are taken as they are.
        var extract = ExtractSettings(added: settings.added)
        extract.contributor = contributor
        extract.license = license
        let normalization = normalize == "none" ? nil : try NormalizationPreset.named(normalize).settings
        let run = IngestRun(settings: settings,
                            readers: [ManualInputReader(extract: extract, normalize: normalization), JSONLinesInputReader()],
                            progress: report.progress("ingest"))

        if dryRun {
            if report.json {
                let result = try run.run(inputs: inputs, dataset: nil) { _, _, _ in }
                report.summary([], command: "ingest", json: [("dry_run", true)] + summaryFields(result))
                return
            }
            print("seiren ingest --dry-run: nothing is written")
            var current = ""
            let result = try run.run(inputs: inputs, dataset: nil) { id, file, redactions in
                guard !redactions.isEmpty else { return }
                if file != current {
                    print("redactions in \(file):")
                    current = file
                }
                print("  \(id): \(IngestText.spans(redactions))")
            }
            IngestText.inputs(result.inputs).forEach { print($0) }
            print("would include: " + IngestText.summary(result))
            return
        }

        guard let output else { throw UserError("give the bundle to write with -o BUNDLE (or use --dry-run)") }
        guard let signingKey else { throw UserError("give your private key with --signing-key KEY.key (make one with `seiren ingest keygen`)") }
        let keys = try KeyFiles.readPrivate(signingKey)
        let recipientKeys = try recipient.map { try KeyFiles.readPublic($0) }
        if output == StandardStream.dash && report.json {
            throw UserError("--json and -o - both write to stdout; write the bundle to a file")
        }
        let (result, header) = try StandardStream.withOutputFile(output) { bundle in
            try Contribution(run: run, inputs: inputs, bundle: bundle, recipient: recipientKeys,
                             signingKey: keys.signing, keepDataset: keepDataset).make()
        }
        let protection = header.protection == .hpke ? "encrypted to \(header.recipientKeyID ?? "?")" : "not encrypted (public)"
        report.summary(
            (report.showsProgress ? IngestText.inputs(result.inputs) : [])
                + ["seiren ingest: " + IngestText.summary(result),
                   "wrote \(output == StandardStream.dash ? "stdout" : output): \(protection), signed by \(header.signingKeyID)"],
            on: .stderr, command: "ingest",
            json: [("output", .string(output)), ("encrypted", .bool(header.protection == .hpke)),
                   ("signing_key", .string(header.signingKeyID))] + summaryFields(result))
    }

    /// The counts of an ingest run for --json: documents, the input files and the redactions.
    private func summaryFields(_ result: IngestRun.Result) -> [(String, JSONValue)] {
        [("documents", .int(result.documents)), ("files", .int(result.inputs.count)),
         ("inputs", .array(result.inputs.map(\.json))), ("redactions", result.report.json)]
    }
}

struct IngestKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a key pair: NAME.key (private, mode 0600) and NAME.pub (public), each with a recipient (X25519) and a contributor signing (Ed25519) key."
    )

    @Option(help: "Path and name of the key files, without extension.")
    var out: String

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(out, option: "--out", what: "two files (NAME.key and NAME.pub)")
            let keys = try KeyFiles.generate(name: out)
            print("wrote \(out).key (private: keep it secret) and \(out).pub (public)")
            print("  recipient key:   \(keys.publicKeys.recipientID)")
            print("  contributor key: \(keys.publicKeys.signingID)")
        }
    }
}

struct IngestVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle's structure and signature (no private key needed); list a public bundle's files."
    )

    @OptionGroup var source: BundleSource

    @Option(help: "A dataset directory (from --keep-dataset): check the bundle holds exactly it.")
    var dataset: String?

    func run() throws {
        try reportingErrors { try source.withBundle(verify) }
    }

    private func verify(_ bundle: String) throws {
        let contributor = try source.contributorKeys()?.signing
        let verification = try BundleReader(path: bundle).verify(contributor: contributor)
        let matches = try dataset.map { try ArchiveWriter.digest(directory: $0) == verification.header.payloadSHA256 }
        IngestText.verification(verification, path: source.name, checkedContributor: contributor != nil,
                                datasetMatches: matches).forEach { print($0) }
        if matches == false { throw UserError("\(source.name): does not hold the dataset directory \(dataset!)") }
    }
}

struct IngestOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Verify, decrypt and unpack a bundle into a new directory (refusing paths that would leave it)."
    )

    @OptionGroup var source: BundleSource

    @Option(help: "The recipient's private key (NAME.key); not needed for public bundles.")
    var key: String?

    @Option(name: .shortAndLong, help: "Directory to unpack into (must not exist, or be empty).")
    var output: String

    func run() throws {
        try reportingErrors {
            try StandardStream.refuseStdout(output, what: "a folder (the bundle's files)")
            try source.withBundle { try open($0) }
        }
    }

    private func open(_ bundle: String) throws {
        let keys = try key.map { try KeyFiles.readPrivate($0) }
        let contributor = try source.contributorKeys()?.signing
        let reader = try BundleReader(path: bundle)
        let entries = try reader.open(keys: keys, contributor: contributor, into: output)
        print("opened \(source.name) from \(reader.header.contributor) (\(reader.header.signingKeyID)"
              + (contributor == nil ? ", identity not checked" : "") + ") into \(output): \(entries.count) files")
    }
}

/// The bundle that `verify` and `open` read, and the contributor key it must be signed by (if given).
struct BundleSource: ParsableArguments {
    @Argument(help: "The bundle; - for stdin.")
    var bundle: String

    /// The bundle as messages name it.
    var name: String { bundle == StandardStream.dash ? "stdin" : bundle }

    /// Runs `body` with the bundle's path; a bundle on stdin is copied aside first (a bundle is read more than once).
    func withBundle<T>(_ body: (String) throws -> T) throws -> T {
        try StandardStream.withRereadableInputs([bundle], fileName: "stdin.bundle") { try body($0[0]) }
    }

    @Option(help: "The contributor's public key (NAME.pub): the bundle must be signed by it.")
    var contributorKey: String?

    /// The keys of --contributor-key (their `signing` key checks the signature), or nil when not given.
    func contributorKeys() throws -> PublicKeys? {
        try contributorKey.map { try KeyFiles.readPublic($0) }
    }
}
