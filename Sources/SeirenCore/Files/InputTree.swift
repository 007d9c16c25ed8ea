#if canImport(Glibc)
import Glibc
#endif

/// The folders and files a user named as input, by real path: the only places a run may read from. A symbolic link
/// (to a file or through a linked folder) whose real path leaves them is not followed.
public struct InputRoots: Sendable {
    /// Real paths of the named inputs that exist.
    public let realPaths: [String]

    public init(_ paths: [String]) {
        realPaths = paths.compactMap { try? Posix.realPath($0) }
    }

    /// Whether `path`, with every link resolved, is one of the roots or inside one. False when it cannot be
    /// resolved (missing, dangling, a link loop).
    public func contains(_ path: String) -> Bool {
        guard let real = try? Posix.realPath(path) else { return false }
        return Self.isInside(real, anyOf: realPaths)
    }

    /// Whether real path `path` is `root` or below it, for some root.
    public static func isInside(_ path: String, anyOf roots: [String]) -> Bool {
        roots.contains { root in path == root || path.hasPrefix(root == "/" ? "/" : root + "/") }
    }

}

/// A file found under an input folder, or a name there that is not read, with why.
public struct ListedFile: Equatable, Sendable {
    public var path: String
    /// nil for a file to read; otherwise why it is not read ("symbolic link to a path outside the input",
    /// "symbolic link loop", "dangling symbolic link"; never the target, which may name the user's machine).
    /// Reported by the caller, never fatal.
    public var refusal: String?
}

public enum InputTree {
    /// The regular files under `directory`, bytewise sorted, dot-names skipped, without ever leaving `roots`.
    /// Symbolic links to files inside the roots are listed (the caller opens them); links to folders are not
    /// followed (a linked tree inside the input is read where it is, and a link loop cannot hang the walk); links
    /// whose target is outside the roots, loops and dangling links are listed with a refusal.
    public static func files(under directory: String, roots: InputRoots) throws -> [ListedFile] {
        var result: [ListedFile] = []
        for name in try FileSystem.contents(of: directory) where !name.hasPrefix(".") {
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let info: stat
            do throws(SystemCallError) { info = try Posix.linkStatus(full) } catch {
                result.append(ListedFile(path: full, refusal: "cannot be examined: \(error.reason)"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                result += try files(under: full, roots: roots)
            case S_IFLNK:
                if let refusal = linkRefusal(full, roots: roots) {
                    result.append(ListedFile(path: full, refusal: refusal))
                } else if !FileSystem.isDirectory(full) {
                    result.append(ListedFile(path: full, refusal: nil))
                }
            default:
                result.append(ListedFile(path: full, refusal: nil))
            }
        }
        return result
    }

    /// Why the symbolic link at `path` must not be followed, or nil when its target is inside the roots.
    public static func linkRefusal(_ path: String, roots: InputRoots) -> String? {
        let real: String
        do throws(SystemCallError) { real = try Posix.realPath(path) } catch {
            return error.code == ELOOP ? "symbolic link loop" : "dangling symbolic link"
        }
        guard InputRoots.isInside(real, anyOf: roots.realPaths) else {
            return "symbolic link to a path outside the input"
        }
        return nil
    }
}
