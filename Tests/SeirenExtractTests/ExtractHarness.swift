import Foundation
import SeirenCore
import SeirenZstd
@testable import SeirenExtract

/// Writes fixture files into a fresh temporary directory, runs the extractor over it and reads back what it wrote.
final class ExtractHarness {
    let root: String
    let input: String
    private var runs = 0

    init() throws {
        root = NSTemporaryDirectory() + "seiren-extract-\(UUID().uuidString)"
        input = root + "/manuals"
        try FileSystem.createDirectory(input)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relativePath: String, _ text: String) throws { try write(relativePath, Array(text.utf8)) }

    func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        let path = input + "/" + relativePath
        if let slash = path.lastIndex(of: "/") { try FileSystem.createDirectory(String(path[..<slash])) }
        try AtomicFileWriter.write(bytes, to: path)
    }

    struct Result {
        var documents: [Document]
        var rejects: [Document]
        var summary: ExtractSummary
        var output: String

        /// By id, or by path under the input folder (ids are SOURCE/PATH, the source being the folder's name).
        func document(_ id: String) -> Document? { documents.first { $0.id == id || $0.id == "manuals/" + id } }
        func reject(_ id: String) -> Document? { rejects.first { $0.id == id || $0.id == "manuals/" + id } }

        /// Every byte the run wrote, decompressed, as text (to prove something never reaches any output).
        func allOutputText() throws -> String {
            var text = ""
            for file in try FileSystem.files(under: output) {
                let bytes = try FileReader.readAll(file)
                let plain = file.hasSuffix(".zst") ? try Zstd.decompress(bytes) : bytes
                text += String(decoding: plain, as: UTF8.self)
            }
            return text
        }
    }

    func run(_ configure: (inout ExtractSettings) -> Void = { _ in }, paths: [String]? = nil, workers: Int = 1) throws -> Result {
        var settings = ExtractSettings(added: "2024-01-01T00:00:00Z")
        configure(&settings)
        runs += 1
        let output = root + "/run\(runs)/out"
        let stage = try StageOutput(directory: output, settings: settings.json)
        let summary = try Extractor(settings: settings).run(paths: paths ?? [input], output: stage, workers: workers,
                                                            showsProgress: false)
        try stage.finish()
        return Result(documents: try Self.read(output + "/documents"), rejects: try Self.read(output + "/rejects"),
                      summary: summary, output: output)
    }

    static func read(_ directory: String) throws -> [Document] {
        var documents: [Document] = []
        for file in try DatasetLocator.files(for: directory) {
            let reader = try DocumentReader(path: file, added: "")
            while let record = try reader.next() {
                if case .document(let document, _) = record { documents.append(document) }
            }
        }
        return documents
    }
}

extension Document {
    func meta(_ key: String) -> String? { metadata[key]?.stringValue }
}
