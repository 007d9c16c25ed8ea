import Foundation
import SeirenCore
import Yams

/// A mistake in a manifest: file, line, the key's path, and what would be allowed.
public struct ManifestError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var reason: String

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(reason)" : "\(place): \(key): \(reason)"
    }
}

/// A YAML node with the path that leads to it, for strict reading with errors that point at the key.
struct ManifestNode {
    /// A manifest is a page of settings; far more nodes than this can only come from aliases of aliases.
    static let maxExpandedNodes = 100_000

    /// The number of nodes of the tree with every alias expanded, counted until it passes `limit`. Yams shares an
    /// anchored node among its aliases, so nine anchors each listing the previous one ten times compose in
    /// microseconds but expand to a billion nodes when walked: this count stops early instead.
    static func expandedSize(of node: Node, limit: Int) -> Int {
        var count = 0
        var pending = [node]
        while let next = pending.popLast(), count <= limit {
            count += 1
            switch next {
            case .scalar: break
            case .sequence(let items): pending.append(contentsOf: items)
            case .mapping(let pairs): for (key, value) in pairs { pending.append(key); pending.append(value) }
            }
        }
        return count
    }

    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark.map { $0.line } }

    func error(_ reason: String) -> ManifestError { ManifestError(file: file, line: line, key: path, reason: reason) }

    func child(_ key: String, _ node: Node) -> ManifestNode {
        ManifestNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// The mapping's entries, refusing keys that `section` does not allow and requiring the ones it needs.
    func mapping(_ section: ManifestSection) throws -> [String: ManifestNode] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping with keys \(section.allowed.joined(separator: ", "))") }
        var result: [String: ManifestNode] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error("a key is not a string") }
            let entry = child(key, value)
            guard section.allowed.contains(key) else {
                let suggestion = section.allowed.min { editDistance($0, key) < editDistance($1, key) }
                    .flatMap { editDistance($0, key) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
                throw entry.error("unknown key\(suggestion); allowed here: \(section.allowed.joined(separator: ", "))")
            }
            guard result[key] == nil else { throw entry.error("appears twice") }
            result[key] = entry
        }
        for key in section.keys where key.required && result[key.name] == nil {
            throw error("missing required key '\(key.name)' (\(key.help))")
        }
        return result
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string") }
        return scalar.string
    }

    func choice(_ allowed: [String]) throws -> String {
        let value = try string()
        guard allowed.contains(value) else { throw error("'\(value)' is not one of: \(allowed.joined(separator: ", "))") }
        return value
    }

    /// The scalar as a decimal integer (`_` allowed between digits), read by Swift rather than by Yams: Yams
    /// follows YAML 1.1, reads `1:2:3` as base 60 and traps when that overflows (found by fuzzing).
    var decimalInteger: Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return nil }
        let text = scalar.string
        guard !text.hasPrefix("_"), !text.hasSuffix("_") else { return nil }
        return Int(text.replacingOccurrences(of: "_", with: ""))
    }

    /// The value of an enum named by its raw value.
    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) throws -> Choice where Choice.RawValue == String {
        Choice(rawValue: try choice(Choice.allCases.map(\.rawValue)))!
    }

    /// Runs a settings type's own `validate()` (`keys`: this section's entries), pointing a refused setting at its
    /// key's line, so a manifest and the command line refuse the same values for the same reason.
    func validate(_ keys: [String: ManifestNode], _ check: () throws -> Void) throws {
        do { try check() } catch let refused as SettingError {
            if let key = keys[refused.setting] { throw key.error(refused.reason(naming: { $0 })) }
            throw error(refused.description)
        }
    }

    /// An integer whose range the settings type checks.
    func integer() throws -> Int { try integer(in: Int.min...Int.max) }

    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard let value = decimalInteger else { throw error("expected an integer") }
        guard range.contains(value) else { throw error("\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    func number(in range: ClosedRange<Double>) throws -> Double {
        guard case .scalar = node, let value = node.float, value.isFinite else { throw error("expected a number") }
        guard range.contains(value) else { throw error("\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// A number whose range the settings type checks.
    func number() throws -> Double { try number(in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) }

    func bool() throws -> Bool {
        guard case .scalar(let scalar) = node, let value = Bool.yaml(scalar.string) else { throw error("expected true or false") }
        return value
    }

    func list() throws -> [ManifestNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { ManifestNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    func strings() throws -> [String] {
        if case .scalar = node { return [try string()] }
        return try list().map { try $0.string() }
    }

    /// The node as JSON, for settings handed on to a stage's own reader (e.g. filter rules).
    func json() throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let value = Bool.yaml(scalar.string) { return .bool(value) }
                if let value = decimalInteger { return .int(value) }
                if let value = node.float, value.isFinite { return .double(value) }
                if scalar.string == "null" || scalar.string == "~" { return .null }
            }
            return .string(scalar.string)
        case .sequence:
            return .array(try list().map { try $0.json() })
        case .mapping(let mapping):
            return .object(try mapping.map { key, value in
                guard let name = key.string else { throw error("a key is not a string") }
                return (name, try child(name, value).json())
            })
        }
    }
}

extension Bool {
    /// YAML's booleans, strictly: true/false (any case), plus yes/no and on/off as YAML 1.1 readers accept them.
    static func yaml(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
