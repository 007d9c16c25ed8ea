import Foundation
import SeirenCore

/// Expands a source's paths: files and directories as given, globs (`*`, `?`, `**`) against the files under the
/// glob's fixed leading directory, sorted bytewise so every machine sees the same order.
enum SourceFiles {
    static func expand(_ patterns: [String], source: String) throws -> [String] {
        var result: [String] = []
        for pattern in patterns {
            guard pattern.contains(where: { "*?[".contains($0) }) else {
                guard FileSystem.exists(pattern) else {
                    throw FileError(path: pattern, reason: "no such file or directory (source '\(source)')")
                }
                result.append(pattern)
                continue
            }
            let components = pattern.split(separator: "/", omittingEmptySubsequences: false)
            let fixed = components.prefix { !$0.contains(where: { "*?[".contains($0) }) }
            let base = fixed.isEmpty ? "." : fixed.joined(separator: "/")
            let regex = try NSRegularExpression(pattern: "^" + globRegex(pattern) + "$")
            let candidates = FileSystem.isDirectory(base) ? try FileSystem.files(under: base) : []
            let matches = candidates.filter { path in
                let candidate = fixed.isEmpty && path.hasPrefix("./") ? String(path.dropFirst(2)) : path
                return regex.firstMatch(in: candidate, range: NSRange(candidate.startIndex..., in: candidate)) != nil
            }
            guard !matches.isEmpty else {
                throw FileError(path: pattern, reason: "matches no file (source '\(source)')")
            }
            result += matches
        }
        return result
    }

    static func globRegex(_ glob: String) -> String {
        var out = ""
        var chars = Array(glob)[...]
        while let c = chars.popFirst() {
            switch c {
            case "*":
                if chars.first == "*" {
                    chars.removeFirst()
                    if chars.first == "/" { chars.removeFirst(); out += "(?:.*/)?" } else { out += ".*" }
                } else {
                    out += "[^/]*"
                }
            case "?": out += "[^/]"
            default: out += NSRegularExpression.escapedPattern(for: String(c))
            }
        }
        return out
    }

    /// A cheap fingerprint of the inputs — each file's path, size and modification time, enough to notice that a
    /// resumed run's inputs changed without reading them — and their total size, for the report.
    static func inventory(_ paths: [String]) throws -> (fingerprint: String, bytes: Int) {
        var lines: [String] = []
        var bytes = 0
        for path in paths {
            let files = FileSystem.isDirectory(path) ? try FileSystem.files(under: path) : [path]
            for file in files {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                lines.append("\(file)\t\(size)\t\(modified)")
                bytes += size
            }
        }
        return (Hex.sha256(lines.joined(separator: "\n")), bytes)
    }
}
