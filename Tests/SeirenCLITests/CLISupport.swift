import Foundation
import XCTest

/// The result of running a command.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `seiren` binary (or another program) as a user would, from the repository root unless told
/// another working directory.
enum CLI {
    /// The folder holding the built products (the `seiren` binary sits beside the test bundle).
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static var seiren: String { productsDirectory.appendingPathComponent("seiren").path }

    /// The repository root, found from this source file's location.
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    stdin: Data? = nil, workingDirectory: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory ?? repositoryRoot)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errData = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData.data, as: UTF8.self))
    }

    @discardableResult
    static func seiren(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                       workingDirectory: String? = nil) throws -> CommandResult {
        try run(seiren, arguments, environment: environment, stdin: stdin, workingDirectory: workingDirectory)
    }
}

func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("seiren-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
}

/// The reference venv's interpreter (SEIREN_PYTHON), or a skip saying what the test would have compared with it.
func referencePython(to purpose: String) throws -> String {
    guard let python = ProcessInfo.processInfo.environment["SEIREN_PYTHON"] else {
        throw XCTSkip("SEIREN_PYTHON is not set: run with SEIREN_PYTHON=$(scripts/venv | tail -1) to \(purpose)")
    }
    return python
}

/// A real LLM-jp tokenizer file from ../shared/tokenizers/llm-jp next to the repository, or a skip when absent.
func llmjpTokenizer(_ name: String) throws -> String {
    let path = CLI.repositoryRoot + "/../shared/tokenizers/llm-jp/" + name
    guard FileManager.default.fileExists(atPath: path) else {
        throw XCTSkip("the LLM-jp tokenizers are not in ../shared/tokenizers/llm-jp next to the repository")
    }
    return path
}

/// Each line of `output` as a JSON array of ids.
func idLines(_ output: String) throws -> [[Int]] {
    try output.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [Int] }
}

/// The documents of the Megatron-LM indexed dataset PREFIX.bin + PREFIX.idx, read back by the project's own Python
/// reader (scripts/read_indexed_dataset.py): one id sequence per document.
func readIndexedDataset(_ prefix: String, python: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[Int]] {
    let read = try CLI.run(python, [CLI.repositoryRoot + "/scripts/read_indexed_dataset.py", prefix])
    XCTAssertEqual(read.status, 0, read.stderr, file: file, line: line)
    return try idLines(read.stdout)
}

/// Tests that run stage commands on the sample documents (11 lines, one of them bad) and the shipped vocabulary,
/// each in a fresh folder, with a fixed `added` time.
class SampleCommandTestCase: XCTestCase {
    let sample = "corpora-manifests/samples/manuals-sample.jsonl"
    let vocabulary = "vocab/debian-manuals-ja-8k"
    let fixedTime = ["SOURCE_DATE_EPOCH": "1700000000"]
    var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }
}
