import Foundation

/// The manifest's `slurm:` section: what every job of `seiren run --executor slurm` asks the cluster for. None of it
/// changes what a task writes, so it is not part of any fingerprint.
public struct SlurmSettings: Sendable {
    public var partition: String?
    public var cpusPerTask = 1
    public var memory: String?
    public var time: String?
    public var account: String?
    public var qos: String?
    /// The `%K` of `--array`: tasks of one stage running at once.
    public var maxRunning: Int?
    /// More sbatch options, each written as an `#SBATCH` line.
    public var extra: [String] = []

    public init() {}

    init(_ node: ManifestNode) throws {
        let keys = try node.mapping(ManifestSchema.slurm)
        func word(_ key: String, matching pattern: String, _ example: String) throws -> String? {
            guard let value = keys[key] else { return nil }
            let text = try value.string()
            guard text.range(of: pattern, options: .regularExpression) != nil else {
                throw value.error("'\(text)' is not \(example)")
            }
            return text
        }
        partition = try word("partition", matching: #"^[A-Za-z0-9_.,-]+$"#, "a partition name")
        account = try word("account", matching: #"^[A-Za-z0-9_.-]+$"#, "an account name")
        qos = try word("qos", matching: #"^[A-Za-z0-9_.-]+$"#, "a QOS name")
        memory = try word("mem", matching: #"^[0-9]+[KMGTkmgt]?$"#, "a size such as 4G or 4000M")
        time = try word("time", matching: #"^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$"#, "a Slurm time such as 2:00:00 or 1-12:00:00")
        if let v = keys["cpus_per_task"] { cpusPerTask = try v.integer(in: 1...4096) }
        if let v = keys["max_running"] { maxRunning = try v.integer(in: 1...1_000_000) }
        if let v = keys["sbatch"] {
            extra = try v.strings()
            for option in extra where !option.hasPrefix("-") || option.contains("\n") {
                throw v.error("'\(option)' is not an sbatch option (one option per item, starting with -)")
            }
        }
    }

    /// The `#SBATCH` lines every job of a run gets.
    var directives: [String] {
        var options = ["--cpus-per-task=\(cpusPerTask)"]
        if let partition { options.append("--partition=\(partition)") }
        if let memory { options.append("--mem=\(memory)") }
        if let time { options.append("--time=\(time)") }
        if let account { options.append("--account=\(account)") }
        if let qos { options.append("--qos=\(qos)") }
        return (options + extra).map { "#SBATCH " + $0 }
    }
}
