import Foundation
import XCTest

/// `seiren run --executor local --tasks N`: the same bytes as one process for any N, near duplicates found across
/// tasks, and a task killed with SIGKILL rerun alone.
final class TaskExecutorTests: XCTestCase {
    private func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    func testOneProcessAndThreeTasksGiveIdenticalOutputWithDuplicatesFoundAcrossTasks() throws {
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir)
        var outputs: [[String: Data]] = []
        for (name, arguments) in [("inprocess", ["--workers", "2"]), ("tasks3", ["--executor", "local", "--tasks", "3", "--workers", "2"]),
                                  ("tasks2", ["--executor", "local", "--tasks", "2", "--workers", "1"])] {
            try write(RunFixtures.manifest(files, output: "\(dir)/\(name)"), "\(dir)/\(name).yaml")
            let result = try CLI.seiren(["run", "\(dir)/\(name).yaml"] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            outputs.append(try RunFixtures.published("\(dir)/\(name)"))
            if name == "tasks3" {
                XCTAssertTrue(result.stderr.contains("normalize: 6 part(s) in 3 task(s)"), result.stderr)
                // Dedup's phases are stages of their own, each split into tasks: per part, per hash partition, per
                // band; only the union-find over the pairs is one task.
                for phase in ["dedup-lines: 6 part(s) in 3", "dedup-boilerplate: 6 part(s) in 3", "dedup-signatures: 6 part(s) in 3",
                              "dedup-exact: 6 part(s) in 3", "dedup-pairs: 16 part(s) in 3", "dedup-clusters: 1 part(s) in 1",
                              "dedup: 6 part(s) in 3"] {
                    XCTAssertTrue(result.stderr.contains(phase + " task(s)"), phase + "\n" + result.stderr)
                }
                for task in 0..<3 {
                    for stage in ["02-normalize", "06-dedup-signatures", "08-dedup-pairs", "10-dedup"] {
                        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/tasks3/logs/\(stage)/\(task)-of-3.log"), stage)
                    }
                    // Encoding ran as tasks too, after training.
                    XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/tasks3/logs/11-encode/\(task)-of-3.log"))
                }
                // The encode tasks' parts, merged, are exactly one encoder's ids over the published documents.
                let single = try CLI.seiren(["encode", "\(dir)/tasks3/documents", "--tokenizer", "\(dir)/tasks3/vocab/t",
                                             "-o", "\(dir)/single-encode", "--name", "t"])
                XCTAssertEqual(single.status, 0, single.stderr)
                for file in ["t.bin", "t.idx"] {
                    let merged = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/tasks3/tokens/\(file)"))
                    XCTAssertGreaterThan(merged.count, 100)
                    XCTAssertEqual(merged, try Data(contentsOf: URL(fileURLWithPath: "\(dir)/single-encode/\(file)")), file)
                }
                // Each stage reports the peak memory of the processes that ran its tasks (from their markers).
                let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/tasks3/report.json"))) as! [String: Any]
                for stage in report["stages"] as! [[String: Any]] {
                    XCTAssertGreaterThan(stage["task_peak_memory_bytes"] as? Int ?? 0, 1 << 20, "\(stage["stage"]!)")
                }
            }
        }
        RunFixtures.assertSame(outputs[0], outputs[1])
        RunFixtures.assertSame(outputs[0], outputs[2])

        // The near copies sit in the part after their originals' part, which another task reads: dedup still
        // removes them, keeping the original.
        let rejects = try CLI.run("zstd", ["-dcq"] + outputs[1].keys.filter { $0.hasPrefix("rejects/") && $0.hasSuffix(".zst") }
            .sorted().map { "\(dir)/tasks3/\($0)" })
        let near = rejects.stdout.split(separator: "\n").filter { $0.contains("\"near_duplicate\"") }
        XCTAssertGreaterThan(near.count, 5, rejects.stdout.prefix(2000).description)
        XCTAssertTrue(near.allSatisfy { $0.contains("\"id\":\"near-") }, "\(near.first ?? "")")
    }

    func testKilledTaskRerunsAloneToIdenticalOutput() throws {
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 1000)
        try write(RunFixtures.manifest(files, output: dir + "/straight", trains: false), dir + "/straight.yaml")
        XCTAssertEqual(try CLI.seiren(["run", dir + "/straight.yaml"]).status, 0)

        // Task 1 of 3 of normalize (stage index 1) owns parts 1 and 4: kill it with SIGKILL once part 1 is written
        // and part 4 is not.
        try write(RunFixtures.manifest(files, output: dir + "/killed", trains: false), dir + "/killed.yaml")
        let normalizeMessage = try killTaskOne(of: "02-normalize", stageIndex: 1, dir + "/killed", reads: "01-extract")
        XCTAssertTrue(normalizeMessage.contains("log: \(dir)/killed/logs/02-normalize/1-of-3.log"), normalizeMessage)
        let part = dir + "/killed/stages/02-normalize/parts/00001"
        let writtenBeforeTheKill = try inode(part)

        // The rerun is killed in its turn, in a dedup phase: task 1 of 3 of dedup-signatures (stage index 5).
        let phaseMessage = try killTaskOne(of: "06-dedup-signatures", stageIndex: 5, dir + "/killed", reads: "03-filter")
        XCTAssertTrue(phaseMessage.contains("normalize: 6 part(s) in 3 task(s), 2 already done"), phaseMessage)
        // The normalize task rerun wrote only its missing part: part 1 is the folder written before the kill.
        XCTAssertEqual(try inode(part), writtenBeforeTheKill)
        let unit = dir + "/killed/stages/06-dedup-signatures/parts/00001"
        let unitWrittenBeforeTheKill = try inode(unit)

        let resumed = try CLI.seiren(["run", dir + "/killed.yaml", "--executor", "local", "--tasks", "3", "--workers", "3"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("normalize: already done, kept"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("dedup-signatures: 6 part(s) in 3 task(s), 2 already done"), resumed.stderr)
        XCTAssertEqual(try inode(unit), unitWrittenBeforeTheKill)
        RunFixtures.assertSame(try RunFixtures.published(dir + "/straight"), try RunFixtures.published(dir + "/killed"))
    }

    /// Runs the manifest of `output` with 3 tasks per stage and kills task 1 of 3 of stage `stageIndex` (its folder
    /// `stage`) with SIGKILL once its part 1 is written and its part 4 is not; checks that the run fails naming the
    /// task, its parts and its inputs (parts of `reads`), and returns the run's stderr.
    private func killTaskOne(of stage: String, stageIndex: Int, _ output: String, reads: String) throws -> String {
        let parts = output + "/stages/" + stage + "/parts/"
        let name = String(stage.drop { $0 != "-" }.dropFirst())
        let (killed, status, message) = try Self.runSignallingTask(output + ".yaml", SIGKILL, task: "\(stageIndex):1:3") {
            FileManager.default.fileExists(atPath: parts + "00001") && !FileManager.default.fileExists(atPath: parts + "00004")
        }
        XCTAssertTrue(killed, "task 1 of \(name) ended before it could be killed; make the corpus larger")
        XCTAssertNotEqual(status, 0, message)
        XCTAssertTrue(message.contains("stage \(name), task 1 of 3 was killed by signal 9 (parts 1, 4;"), message)
        XCTAssertTrue(message.contains("inputs: \(output)/stages/\(reads)/parts/00001/documents/"), message)
        return message
    }

    private func inode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int }

    /// Preemption as Slurm does it (SIGTERM, or SIGUSR1 with `--signal`): the task ends at once with its part in
    /// progress left in its temporary folder (never taken for the part), the coordinator names it, and the rerun
    /// writes that part to the same bytes.
    func testPreemptedTaskLeavesItsPartialAndReruns() throws {
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 1000)
        try write(RunFixtures.manifest(files, output: dir + "/straight", trains: false), dir + "/straight.yaml")
        XCTAssertEqual(try CLI.seiren(["run", dir + "/straight.yaml"]).status, 0)

        try write(RunFixtures.manifest(files, output: dir + "/preempted", trains: false), dir + "/preempted.yaml")
        let parts = dir + "/preempted/stages/02-normalize/parts/"
        // The temporary folder a part is written in until it is renamed into place.
        func partInProgress() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: parts)) ?? []).contains { $0.hasPrefix(".00001.seiren-tmp-") }
        }
        let (signalled, status, message) = try Self.runSignallingTask(dir + "/preempted.yaml", SIGUSR1) {
            partInProgress() && !FileManager.default.fileExists(atPath: parts + "00001")
        }
        XCTAssertTrue(signalled, "task 1 of normalize ended before it could be signalled; make the corpus larger")
        XCTAssertNotEqual(status, 0, message)
        XCTAssertTrue(message.contains("stage normalize, task 1 of 3 was killed by signal \(SIGUSR1) (parts 1, 4;"), message)
        XCTAssertTrue(partInProgress())
        XCTAssertFalse(FileManager.default.fileExists(atPath: parts + "00001"))

        let resumed = try CLI.seiren(["run", dir + "/preempted.yaml", "--executor", "local", "--tasks", "3", "--workers", "3"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("normalize: 6 part(s) in 3 task(s), 2 already done"), resumed.stderr)
        XCTAssertFalse(partInProgress())
        RunFixtures.assertSame(try RunFixtures.published(dir + "/straight"), try RunFixtures.published(dir + "/preempted"))
    }

    /// Runs `manifest` with 3 worker processes per stage and sends `signal` to `task` (STAGE:TASK:COUNT; default task
    /// 1 of 3 of normalize) once `when` holds; returns whether it was sent, the run's exit status and its stderr.
    static func runSignallingTask(_ manifest: String, _ signal: Int32, task: String = "1:1:3", when: () -> Bool) throws
        -> (sent: Bool, status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.seiren)
        process.arguments = ["run", manifest, "--executor", "local", "--tasks", "3", "--workers", "3"]
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        var sent = false
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline && !sent {
            if when(), let pid = Self.process(withArguments: ["--task", task]) { sent = kill(pid, signal) == 0 }
            usleep(1000)
        }
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (sent, process.terminationStatus, message)
    }

    /// The pid of a running process whose command line holds `arguments` in a row.
    static func process(withArguments arguments: [String]) -> pid_t? {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name),
                  let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { continue }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if words.count >= arguments.count,
               (0...(words.count - arguments.count)).contains(where: { Array(words[$0..<($0 + arguments.count)]) == arguments }) {
                return pid
            }
        }
        return nil
    }
}
