import Foundation
import XCTest

/// `seiren run --executor slurm` on a real Slurm cluster (scripts/slurm/start-local-cluster): the same bytes as one
/// process, a task cancelled with `scancel` rerun alone, `--status`, and the faults that must refuse cleanly.
/// Needs a running cluster: with SEIREN_SLURM_TESTS=1 (as .ci/run sets after starting one) a missing cluster is a
/// failure; without it these tests skip.
final class SlurmExecutorTests: XCTestCase {
    private func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    /// Throws a skip, or fails, unless `sinfo` answers with a node that can take jobs.
    private func requireCluster() throws {
        let required = ProcessInfo.processInfo.environment["SEIREN_SLURM_TESTS"] == "1"
        // Without a config, Slurm's tools look for one in DNS: ask only when a config is there.
        let config = ProcessInfo.processInfo.environment["SLURM_CONF"] ?? "/etc/slurm/slurm.conf"
        let sinfo = FileManager.default.fileExists(atPath: config) ? try? CLI.run("sinfo", ["-h", "-o", "%t"]) : nil
        let states = sinfo?.stdout.split(separator: "\n").map(String.init) ?? []
        guard sinfo?.status == 0, states.contains(where: { ["idle", "mix", "alloc"].contains($0) }) else {
            let why = "no Slurm cluster answers (sinfo: \(sinfo.map { $0.stdout + $0.stderr } ?? "no \(config) or not on PATH")); "
                + "start one with scripts/slurm/start-local-cluster"
            guard required else { throw XCTSkip(why + " and set SEIREN_SLURM_TESTS=1") }
            XCTFail("SEIREN_SLURM_TESTS=1 but " + why)
            throw XCTSkip("the cluster is missing (failed above)")
        }
    }

    private func record(_ output: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/slurm/submission.json"))) as! [String: Any]
    }

    /// The queue's lines of this user's jobs (`squeue -r`): "ARRAYJOB|INDEX|STATE".
    private func queue() throws -> [String] {
        try CLI.run("squeue", ["--me", "-h", "-r", "-o", "%F|%K|%T"]).stdout.split(separator: "\n").map(String.init)
    }

    private func waitUntilGone(_ jobs: [String]) throws {
        while try queue().contains(where: { line in jobs.contains { line.hasPrefix($0 + "|") } }) { usleep(200_000) }
    }

    func testSamplesAndGeneratedCorpusGiveTheBytesOfOneProcess() throws {
        try requireCluster()
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir)
        for (name, text) in [("samples", { (output: String) in try! RunFixtures.samplesManifest(output: output + "\nadded: \"2024-01-01T00:00:00Z\"") }),
                             ("generated", { (output: String) in RunFixtures.manifest(files, output: output, slurm: "{max_running: 2, mem: 1G}") })] {
            try write(text("\(dir)/\(name)-inprocess"), "\(dir)/\(name)-inprocess.yaml")
            try write(text("\(dir)/\(name)-slurm"), "\(dir)/\(name)-slurm.yaml")
            let straight = try CLI.seiren(["run", "\(dir)/\(name)-inprocess.yaml", "--workers", "2"])
            XCTAssertEqual(straight.status, 0, straight.stderr)
            // The generated corpus has six parts: six tasks, more than the local cluster's MaxArraySize (5), so each
            // stage is two arrays, tasks 0-4 and task 5.
            let tasks = name == "generated" ? 6 : 3
            let slurm = try CLI.seiren(["run", "\(dir)/\(name)-slurm.yaml", "--executor", "slurm", "--tasks", String(tasks), "--wait"])
            XCTAssertEqual(slurm.status, 0, slurm.stderr + slurm.stdout)
            XCTAssertTrue(slurm.stderr.contains("normalize: \(tasks) of \(tasks) task(s) submitted as job"), slurm.stderr)
            if name == "generated" {
                XCTAssertTrue(slurm.stderr.contains("(arrays of at most 5)"), slurm.stderr)
                // Dedup's phases are job arrays of their own; only the union-find over the pairs is one task.
                XCTAssertTrue(slurm.stderr.contains("dedup-pairs: 6 of 6 task(s) submitted as job"), slurm.stderr)
                XCTAssertTrue(slurm.stderr.contains("dedup-clusters: 1 of 1 task(s) submitted as job"), slurm.stderr)
                let stages = try record("\(dir)/generated-slurm")["stages"] as! [[String: Any]]
                XCTAssertEqual((stages[1]["arrays"] as! [[String: Any]]).map { $0["offset"] as! Int }, [0, 5])
            }
            XCTAssertTrue(slurm.stdout.contains("publish: done"), slurm.stdout)
            RunFixtures.assertSame(try RunFixtures.published("\(dir)/\(name)-inprocess"), try RunFixtures.published("\(dir)/\(name)-slurm"))
            // One log per task, named by task, and the batch script carries the manifest's settings.
            for task in 0..<tasks {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/\(name)-slurm/logs/02-normalize/\(task)-of-\(tasks).log"))
            }
            if name == "generated" {
                let script = try String(contentsOfFile: "\(dir)/generated-slurm/slurm/02-normalize.sh", encoding: .utf8)
                XCTAssertTrue(script.contains("#SBATCH --mem=1G\n"), script)
            }
            // Everything is done: a second submission submits only the publishing job.
            guard name == "generated" else { continue }
            let again = try CLI.seiren(["run", "\(dir)/\(name)-slurm.yaml", "--executor", "slurm", "--tasks", "6", "--wait"])
            XCTAssertEqual(again.status, 0, again.stderr)
            XCTAssertFalse(again.stderr.contains("submitted as job"), again.stderr)
            XCTAssertTrue(again.stderr.contains("normalize: already done, kept"), again.stderr)
        }
    }

    func testCancelledTaskRerunsAloneToIdenticalBytes() throws {
        try requireCluster()
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 1000)
        try write(RunFixtures.manifest(files, output: dir + "/straight", trains: false), dir + "/straight.yaml")
        XCTAssertEqual(try CLI.seiren(["run", dir + "/straight.yaml"]).status, 0)

        let manifest = dir + "/cancelled.yaml"
        try write(RunFixtures.manifest(files, output: dir + "/cancelled", trains: false, slurm: "{max_running: 2}"), manifest)
        let submitted = try CLI.seiren(["run", manifest, "--executor", "slurm", "--tasks", "3"])
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        let stages = try record(dir + "/cancelled")["stages"] as! [[String: Any]]
        let normalize = ((stages[1]["arrays"] as! [[String: Any]])[0]["job"] as! String)
        let jobs = stages.flatMap { ($0["arrays"] as! [[String: Any]]).map { $0["job"] as! String } }
            + [try record(dir + "/cancelled")["publish"] as! String]

        // While its jobs are queued, no other run may write the folder.
        let second = try CLI.seiren(["run", manifest])
        XCTAssertNotEqual(second.status, 0)
        XCTAssertTrue(second.stderr.contains("Slurm jobs of the last submission into this folder are still queued"), second.stderr)

        // Cancel normalize's task 1 (parts 1 and 4) once it has started and before it has finished.
        let log = dir + "/cancelled/logs/02-normalize/1-of-3.log"
        let marker = dir + "/cancelled/stages/02-normalize/tasks/1-of-3.json"
        var polls = 0
        while !FileManager.default.fileExists(atPath: log) && !FileManager.default.fileExists(atPath: marker) {
            polls += 1
            // Now and then: the jobs must still be queued, or the task will never start.
            if polls % 500 == 0 { XCTAssertTrue(try queue().contains { $0.hasPrefix(normalize + "|") }, "normalize left the queue unstarted") }
            usleep(2000)
        }
        XCTAssertEqual(try CLI.run("scancel", [normalize + "_1"]).status, 0)
        try waitUntilGone(jobs)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "task 1 finished before it was cancelled; make the corpus larger")

        let status = try CLI.seiren(["run", manifest, "--status", "--tasks", "3"])
        XCTAssertEqual(status.status, 2, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains("[2/10] normalize: 3 task(s): 2 done, 1 failed"), status.stdout)
        XCTAssertTrue(status.stdout.contains("failed: stage normalize, task 1 of 3 stopped before its parts were written (parts 1, 4; "
                                             + "inputs: \(dir)/cancelled/stages/01-extract/parts/00001/documents/"), status.stdout)
        XCTAssertTrue(status.stdout.contains("log: \(log)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("[3/10] filter: 3 task(s): 3 not run"), status.stdout)

        let resumed = try CLI.seiren(["run", manifest, "--executor", "slurm", "--tasks", "3", "--wait"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr + resumed.stdout)
        XCTAssertTrue(resumed.stderr.contains("extract: already done, kept"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("normalize: 1 of 3 task(s) submitted"), resumed.stderr)
        RunFixtures.assertSame(try RunFixtures.published(dir + "/straight"), try RunFixtures.published(dir + "/cancelled"))
    }

    func testRefusedJobExitsWithSlurmsMessageAndWritesNoRecord() throws {
        try requireCluster()
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 10)
        try write(RunFixtures.manifest(files, output: dir + "/out", trains: false, slurm: "{partition: no-such-partition}"), dir + "/m.yaml")
        let before = try queue()
        let result = try CLI.seiren(["run", dir + "/m.yaml", "--executor", "slurm"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("sbatch refused the job of stage extract:"), result.stderr)
        XCTAssertTrue(result.stderr.lowercased().contains("partition"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/slurm/submission.json"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/documents"))
        XCTAssertEqual(try queue(), before)
    }

    /// Needs no cluster: these refuse before anything reaches one.
    func testNoSbatchOnPathRefusesBeforeWritingAnything() throws {
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 10)
        try write(RunFixtures.manifest(files, output: dir + "/out", trains: false), dir + "/m.yaml")
        let result = try CLI.seiren(["run", dir + "/m.yaml", "--executor", "slurm"], environment: ["PATH": dir + "/empty"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no `sbatch` on PATH"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    func testSecondRunOfOneOutputFolderRefuses() throws {
        let dir = try temporaryDirectory(self)
        let files = try RunFixtures.makeCorpus(dir, documentsPerFile: 10)
        try write(RunFixtures.manifest(files, output: dir + "/out", trains: false), dir + "/m.yaml")
        // This test process holds the output's lock as a running coordinator would.
        let descriptor = open(dir + "/.out.lock", O_CREAT | O_RDWR, 0o644)
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        let refused = try CLI.seiren(["run", dir + "/m.yaml"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("another seiren process is writing this output"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/stages"))
        close(descriptor)
        XCTAssertEqual(try CLI.seiren(["run", dir + "/m.yaml"]).status, 0)
    }
}
