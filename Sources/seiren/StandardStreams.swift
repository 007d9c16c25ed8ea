import ArgumentParser
import Foundation
import SeirenCore

/// `-` where a command takes a file, as shell tools have it: the standard input where a file is read, the standard
/// output where one stream is written. An output that is a folder (a dataset, a vocabulary) is no stream: `-o -`
/// there is refused with exit status 1 (bad arguments), never made into a folder named `-`.
enum StandardStream {
    /// The argument that names the standard input or output.
    static let dash = "-"

    /// What readers open for `-`: a stream with no name, so its compression is told by its first bytes, and what it
    /// holds is read as its command reads a file without a telling ending (JSON Lines documents where datasets are
    /// read).
    static let inputPath = InputCompression.standardInput

    /// The file to read for the input argument `argument`.
    static func input(_ argument: String) -> String { argument == dash ? inputPath : argument }

    /// The files to read for the input arguments `arguments`; `-` may be given once (stdin is read once).
    static func inputs(_ arguments: [String]) throws -> [String] {
        guard arguments.filter({ $0 == dash }).count <= 1 else {
            throw UserError("- (the standard input) is given more than once; it can be read only once")
        }
        return arguments.map(input)
    }

    /// Refuses `-` for an output that is not one stream: `option` names the option, `what` says what it writes
    /// (e.g. "a folder (documents/ and rejects/)").
    static func refuseStdout(_ output: String, option: String = "-o", what: String) throws {
        guard output == dash else { return }
        printError("seiren: \(option) -: the output is \(what), not one stream, so it cannot be written to stdout; give a name")
        // Bad arguments (1): exit status 2 says that part of the input could not be read.
        throw ExitCode(1)
    }

    /// The standard input copied into a temporary file, for a command that reads its input more than once (stdin
    /// can be read only once); `body` gets the files to read, the copy in place of `-`. The copy is removed after.
    /// It is `stdin/NAME` (`fileName` and the ending of the compression its first bytes show), so its documents'
    /// source and ids are the same whatever the temporary folder.
    static func withRereadableInputs<T>(_ arguments: [String], fileName: String = "stdin.jsonl",
                                        _ body: ([String]) throws -> T) throws -> T {
        guard arguments.contains(dash) else { return try body(arguments) }
        _ = try inputs(arguments)
        let folder = try temporaryFolder("seiren-stdin-")
        defer { try? FileSystem.removeTree(folder) }
        try FileSystem.createDirectory(folder + "/stdin")
        let stdin = FileHandle.standardInput
        var chunk = Data()
        while chunk.count < 16, let more = try stdin.read(upToCount: 1 << 20), !more.isEmpty { chunk += more }
        let compression = InputCompression.sniffed(ArraySlice(chunk.prefix(16))) ?? .none
        let copy = folder + "/stdin/" + fileName + (compression.suffix ?? "")
        FileManager.default.createFile(atPath: copy, contents: nil)
        guard let out = FileHandle(forWritingAtPath: copy) else { throw FileError(path: copy, reason: "cannot write") }
        while !chunk.isEmpty {
            try out.write(contentsOf: chunk)
            chunk = try stdin.read(upToCount: 1 << 20) ?? Data()
        }
        try out.close()
        return try body(arguments.map { $0 == dash ? copy : $0 })
    }
}

extension StandardStream {
    /// A new folder only this user can read, in the temporary directory (TMPDIR), for a copy of stdin or stdout.
    private static func temporaryFolder(_ prefix: String) throws -> String {
        try FileSystem.createExclusiveDirectory(prefix: FileManager.default.temporaryDirectory.path + "/" + prefix)
    }

    /// Runs `body` with the file to write for the output argument `argument`; for `-`, a temporary file whose content
    /// is copied to stdout once `body` has made it whole (an output is written aside and then put in place, and
    /// stdout is the place), then removed.
    static func withOutputFile<T>(_ argument: String, _ body: (String) throws -> T) throws -> T {
        guard argument == dash else { return try body(argument) }
        let folder = try temporaryFolder("seiren-stdout-")
        defer { try? FileSystem.removeTree(folder) }
        let file = folder + "/stdout"
        let result = try body(file)
        guard let input = FileHandle(forReadingAtPath: file) else { throw FileError(path: file, reason: "cannot read") }
        defer { try? input.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            FileHandle.standardOutput.write(chunk)
        }
        return result
    }
}
