import Foundation
import XCTest

/// Runs a Python snippet with the reference venv's interpreter (SEIREN_PYTHON): JSON in on stdin, JSON out on stdout.
/// Tests that need it skip with a message when the venv is not there.
enum ReferencePython {
    static func path() throws -> String {
        guard let python = ProcessInfo.processInfo.environment["SEIREN_PYTHON"], !python.isEmpty else {
            throw XCTSkip("SEIREN_PYTHON is not set: run through scripts/test (or SEIREN_PYTHON=$(scripts/venv | tail -1)) to compare with the reference tools")
        }
        return python
    }

    static func run(_ script: String, input: Any) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = ["-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let data = try JSONSerialization.data(withJSONObject: input)
        // Write on another thread so a large answer cannot block the writer.
        let writer = Thread {
            stdin.fileHandleForWriting.write(data)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "ReferencePython", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "python exited with \(process.terminationStatus)"])
        }
        return try JSONSerialization.jsonObject(with: output)
    }
}
