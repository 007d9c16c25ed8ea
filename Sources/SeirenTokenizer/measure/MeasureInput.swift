import SeirenCore

/// The texts `seiren measure` reads: documents of datasets and JSON Lines files (grouped by their `source`), and
/// the lines of plain text files (grouped by the file's name). One text at a time, in input order.
public final class MeasureInput {
    public struct Text: Sendable {
        public var text: String
        public var source: String
    }

    private enum Item { case documents(String), lines(String) }
    private var items: [Item] = []
    private var documents: DocumentReader?
    private var lines: LineReader?
    private var linesSource = ""
    private let onBad: (String) -> Void
    public private(set) var bad = 0
    /// Input files that could not be read to the end; the texts before the damage were measured.
    public private(set) var unreadableFiles: [String] = []

    /// `onBad` hears of records and lines that are skipped (not documents, not UTF-8), named by file and line.
    public init(paths: [String], onBad: @escaping (String) -> Void = { _ in }) throws {
        self.onBad = onBad
        for path in paths {
            if !FileSystem.isDirectory(path) && Self.isPlainText(path) {
                guard FileSystem.exists(path) else { throw FileError(path: path, reason: "no such file or directory") }
                items.append(.lines(path))
            } else {
                items += try DatasetLocator.files(for: path).map { .documents($0) }
            }
        }
        items.reverse()
    }

    /// The standard input is read as JSON Lines documents, as everywhere a dataset is read.
    static func isPlainText(_ path: String) -> Bool {
        !DatasetLocator.isJSONLines(path) && !path.hasSuffix(".zst") && path != InputCompression.standardInput
    }

    public func next() throws -> Text? {
        while true {
            if let reader = documents {
                switch try reader.next() {
                case .document(let document, _)?: return Text(text: document.text, source: document.source)
                case .bad(let record)?:
                    bad += 1
                    if record.endsFile { unreadableFiles.append(record.location.path) }
                    onBad(record.description)
                    continue
                case nil: documents = nil
                }
            }
            if let reader = lines {
                if let (line, number) = try reader.next() {
                    if let text = String(validating: line, as: UTF8.self) { return Text(text: text, source: linesSource) }
                    bad += 1
                    onBad("\(reader.path):\(number): invalid UTF-8 (line skipped)")
                    continue
                }
                lines = nil
            }
            guard let item = items.popLast() else { return nil }
            switch item {
            case .documents(let path): documents = try DocumentReader(path: path, added: "")
            case .lines(let path):
                lines = try LineReader(path: path)
                linesSource = FileSystem.lastComponent(path)
            }
        }
    }
}
