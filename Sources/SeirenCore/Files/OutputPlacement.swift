#if canImport(Glibc)
import Glibc
#endif

/// Where an output may go relative to its inputs. An output inside an input folder would be read back as input by
/// the next run over that folder; an input inside the output would be removed by `--overwrite`. Both are refused,
/// comparing real paths (symlinks resolved), so a link cannot hide the overlap.
public enum OutputPlacement {
    public static func check(output: String, inputs: [String]) throws {
        let out = resolved(output)
        for input in inputs {
            guard let real = try? Posix.realPath(input) else { continue }  // A missing input is reported by its reader.
            if out == real || out.hasPrefix(real == "/" ? "/" : real + "/") {
                throw FileError(path: output, reason: "the output is inside the input \(input); a later run over that input would read it back as input: choose an output outside it")
            }
            if real.hasPrefix(out == "/" ? "/" : out + "/") {
                throw FileError(path: output, reason: "the input \(input) is inside the output; writing the output would replace it: choose another output")
            }
        }
    }

    /// The real path of `path`, which need not exist yet: its longest existing ancestor resolved, the rest appended.
    static func resolved(_ path: String) -> String {
        var missing: [Substring] = []
        var head = path
        while true {
            if let real = try? Posix.realPath(head.isEmpty ? "." : head) {
                return missing.reversed().reduce(real) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            guard let slash = head.lastIndex(of: "/") else {
                missing.append(Substring(head))
                head = ""
                continue
            }
            let component = head[head.index(after: slash)...]
            if !component.isEmpty && component != "." { missing.append(component) }
            head = String(head[..<slash])
            if head.isEmpty { head = "/" }
        }
    }
}
