#if canImport(Glibc)
import Glibc
#endif
import SeirenCore

/// One file to extract, with the names it is known by in the output.
struct InputFile: Sendable {
    /// The path to open.
    var path: String
    /// The path relative to the input root it was found under: `metadata.path`.
    var relativePath: String
    /// The `source` of its documents.
    var source: String
    /// The id of its document (`ID#topic` for each of several): `SOURCE/RELATIVE-PATH`, so two packages' `index.html`
    /// differ; `~2`, `~3`, ... appended in input order should two files of a run still share one.
    var id: String

    init(path: String, relativePath: String, source: String, id: String? = nil) {
        self.path = path
        self.relativePath = relativePath
        self.source = source
        self.id = id ?? source + "/" + relativePath
    }
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
    /// Names that are not read because they lead outside the input (links, a map's references), or are link loops
    /// or dangling links: each becomes a reject.
    var refused: [(InputFile, InputProblem)] = []
    var totalBytes = 0

    init(paths: [String], source: String?, readsMaps: Bool, currentDirectoryName: String) throws {
        var files: [InputFile] = []
        let roots = InputRoots(paths)
        for path in paths {
            // A path the user named that is not there is a mistake to report, not a reject to count.
            guard FileSystem.exists(path) else { throw FileError(path: path, reason: "no such file or directory") }
            if FileSystem.isDirectory(path) {
                let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                let name = source ?? FileSystem.lastComponent(root == "." ? currentDirectoryName : root)
                for listed in try InputTree.files(under: root, roots: roots) {
                    let file = InputFile(path: listed.path, relativePath: String(listed.path.dropFirst(root.count + 1)),
                                         source: name)
                    if let refusal = listed.refusal {
                        refused.append((file, InputProblem(reason: Self.refusalReason(refusal), detail: refusal)))
                    } else {
                        files.append(file)
                    }
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
        var referenced = Set<String>()
        for file in files where isMap(file) {
            do {
                let map = try DITAMap.read(path: file.path)
                maps.append(file)
                let directory = file.path.lastIndex(of: "/").map { String(file.path[..<$0]) } ?? "."
                let membership = MapMembership(mapPath: file.relativePath, title: map.title)
                for href in map.topicReferences {
                    let target = PathNormalizer.normalize(directory + "/" + href)
                    if let index = byPath[target] {
                        guard !placed.contains(index), !isMap(files[index]) else { continue }
                        placed.insert(index)
                        items.append(WorkItem(file: files[index], map: membership))
                        continue
                    }
                    // A topic the map names but the given paths did not list (the usual case when a map alone is
                    // given). Only files inside the map's own folder are taken, by real path: an untrusted map
                    // must not pull in other files of the machine, not even through a linked folder. Refused
                    // references are rejects; a missing topic is an "unreadable" reject, not a silent gap.
                    let mapFolder = file.relativePath.lastIndex(of: "/").map { String(file.relativePath[..<$0]) + "/" } ?? ""
                    let relative = PathNormalizer.normalize(mapFolder + href)
                    let reference = InputFile(path: PathNormalizer.normalize(directory + "/" + href),
                                              relativePath: relative, source: file.source)
                    guard let topic = Self.topicInsideMapFolder(href: href, mapDirectory: directory) else {
                        refused.append((reference, InputProblem(reason: "outside the input",
                                                                detail: "DITA map \(file.relativePath) references \(href), outside the map's folder; not read")))
                        continue
                    }
                    guard !referenced.contains(topic) else { continue }
                    referenced.insert(topic)
                    if FileSystem.exists(topic), !InputRoots([directory]).contains(topic) {
                        refused.append((reference, InputProblem(reason: "outside the input",
                                                                detail: "DITA map \(file.relativePath) references \(href), which leads outside the map's folder through a symbolic link; not read")))
                        continue
                    }
                    items.append(WorkItem(file: InputFile(path: topic, relativePath: relative, source: file.source), map: membership))
                    totalBytes += FileSystem.fileSize(topic) ?? 0
                }
            } catch let problem as InputProblem {
                badMaps.append((file, problem))
            }
        }
        for (index, file) in files.enumerated() where !placed.contains(index) && !isMap(file) {
            items.append(WorkItem(file: file, map: nil))
        }
        makeIdsUnique()
    }

    /// Suffixes `~2`, `~3`, ... to ids already taken (the same folder name given twice, or one `--source` for
    /// several folders holding the same relative path), in the order the files are written.
    private mutating func makeIdsUnique() {
        var seen: [String: Int] = [:]
        func unique(_ id: String) -> String {
            guard let count = seen[id] else { seen[id] = 1; return id }
            var n = count + 1
            while seen["\(id)~\(n)"] != nil { n += 1 }
            seen[id] = n
            seen["\(id)~\(n)"] = 1
            return "\(id)~\(n)"
        }
        for i in items.indices { items[i].file.id = unique(items[i].file.id) }
        for i in maps.indices { maps[i].id = unique(maps[i].id) }
        for i in badMaps.indices { badMaps[i].0.id = unique(badMaps[i].0.id) }
    }

    /// The reject reason for a name the input tree refuses.
    static func refusalReason(_ refusal: String) -> String {
        refusal.hasSuffix("outside the input") ? "outside the input" : "unreadable"
    }

    /// The path of a map's topic reference when it is a local file inside the map's folder; nil for URLs, absolute
    /// paths and references that climb out of the folder.
    static func topicInsideMapFolder(href: String, mapDirectory: String) -> String? {
        guard !href.isEmpty, !href.hasPrefix("/"), !href.contains("://") else { return nil }
        let inside = PathNormalizer.normalize(href)
        guard !inside.hasPrefix(".."), !inside.isEmpty else { return nil }
        return PathNormalizer.normalize(mapDirectory + "/" + inside)
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
