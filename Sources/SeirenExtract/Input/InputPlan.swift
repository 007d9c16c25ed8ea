import SeirenCore

/// One file to extract, with the names it is known by in the output.
struct InputFile: Sendable {
    /// The path to open.
    var path: String
    /// The path relative to the input root it was found under: the document id and `metadata.path`.
    var relativePath: String
    /// The `source` of its documents.
    var source: String
}

/// The DITA map that orders a topic file, for its documents' metadata.
struct MapMembership: Sendable {
    var mapPath: String
    var title: String?
}

/// A file in the order it will be extracted.
struct WorkItem: Sendable {
    var file: InputFile
    var map: MapMembership?
}

/// The files of a run: the given paths expanded (directories recursively, bytewise sorted), DITA maps read and their
/// topics put first in map order. Maps themselves yield no document; they are counted apart.
struct InputPlan {
    var items: [WorkItem] = []
    var maps: [InputFile] = []
    /// Maps that could not be read, with why (they become rejects).
    var badMaps: [(InputFile, InputProblem)] = []
    var totalBytes = 0

    init(paths: [String], source: String?, readsMaps: Bool, currentDirectoryName: String) throws {
        var files: [InputFile] = []
        for path in paths {
            if FileSystem.isDirectory(path) {
                let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                let name = source ?? FileSystem.lastComponent(root == "." ? currentDirectoryName : root)
                for file in try FileSystem.files(under: root) {
                    files.append(InputFile(path: file, relativePath: String(file.dropFirst(root.count + 1)), source: name))
                }
            } else {
                let slash = path.lastIndex(of: "/")
                let parent = slash.map { String(path[..<$0]) } ?? "."
                let parentName = parent == "." || parent.isEmpty ? currentDirectoryName : FileSystem.lastComponent(parent)
                files.append(InputFile(path: path, relativePath: FileSystem.lastComponent(path), source: source ?? parentName))
            }
        }
        totalBytes = files.reduce(0) { $0 + (FileSystem.fileSize($1.path) ?? 0) }

        let isMap = { (file: InputFile) in readsMaps && file.path.lowercased().hasSuffix(".ditamap") }
        var byPath: [String: Int] = [:]
        for (index, file) in files.enumerated() { byPath[PathNormalizer.normalize(file.path)] = index }
        var placed = Set<Int>()
        for file in files where isMap(file) {
            do {
                let map = try DITAMap.read(path: file.path)
                maps.append(file)
                let directory = file.path.lastIndex(of: "/").map { String(file.path[..<$0]) } ?? "."
                for href in map.topicReferences {
                    guard let index = byPath[PathNormalizer.normalize(directory + "/" + href)],
                          !placed.contains(index), !isMap(files[index]) else { continue }
                    placed.insert(index)
                    items.append(WorkItem(file: files[index], map: MapMembership(mapPath: file.relativePath, title: map.title)))
                }
            } catch let problem as InputProblem {
                badMaps.append((file, problem))
            }
        }
        for (index, file) in files.enumerated() where !placed.contains(index) && !isMap(file) {
            items.append(WorkItem(file: file, map: nil))
        }
    }
}

/// Lexical path cleanup (`a/./b/../c` → `a/c`), so a map's `href` finds the file the directory listing found.
enum PathNormalizer {
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
