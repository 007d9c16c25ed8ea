import Foundation
import XCTest

/// The shared real tokenizers (LLM-jp) live next to the repository: ../shared/tokenizers/llm-jp/ from the main
/// checkout. Tests look in the usual places and skip when the files are absent.
func sharedTokenizerFile(_ name: String) throws -> String {
    var candidates: [String] = []
    if let dir = ProcessInfo.processInfo.environment["SEIREN_SHARED_TOKENIZERS"] { candidates.append(dir) }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 {
        url.deleteLastPathComponent()
        candidates.append(url.deletingLastPathComponent().appendingPathComponent("shared/tokenizers/llm-jp").path)
    }
    for dir in candidates {
        let path = dir + "/" + name
        if FileManager.default.fileExists(atPath: path) { return path }
    }
    throw XCTSkip("\(name) not found (looked in ../shared/tokenizers/llm-jp/ and $SEIREN_SHARED_TOKENIZERS)")
}

/// The reference venv's python (set by scripts/test), or a skip.
func referencePython() throws -> String {
    guard let python = ProcessInfo.processInfo.environment["SEIREN_PYTHON"], !python.isEmpty else {
        throw XCTSkip("SEIREN_PYTHON is not set: run through scripts/test or set it to the venv made by scripts/venv")
    }
    return python
}

/// Runs a python script with arguments; returns stdout. Throws with stderr on a non-zero exit.
func runPython(_ python: String, script: String, arguments: [String] = []) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let errReader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while errReader.isExecuting { usleep(1000) }
    let errData = errBox.data
    if process.terminationStatus != 0 {
        throw NSError(domain: "python", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: String(decoding: errData, as: UTF8.self)])
    }
    return data
}

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "seiren-tokenizer-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
