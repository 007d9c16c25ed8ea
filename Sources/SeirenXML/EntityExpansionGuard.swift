/// Refuses, before libxml2 sees it, a document whose internal entities would expand to too much text: billion
/// laughs (entities nested ten deep), quadratic blowup (one large entity referenced many times, which libxml2
/// expands in attribute values whatever the options say) and reference loops. It reads the internal subset's
/// `<!ENTITY>` declarations, computes each entity's expanded size and adds up the references of the document.
/// External entities count as empty: they are never loaded.
enum EntityExpansionGuard {
    /// Throws when the document's entities would expand past `limit` bytes; otherwise returns the replacement
    /// text of the internal general entities that are plain UTF-8 text (no markup, no references), by name.
    static func check(_ bytes: [UInt8], limit: Int) throws -> [String: String] {
        guard let subset = internalSubset(bytes) else { return [:] }
        let declarations = entityDeclarations(bytes[subset])
        guard !declarations.isEmpty else { return [:] }
        // A parameter entity holding markup or character references can declare entities this scan cannot see.
        for (name, value) in declarations where name.hasPrefix("%")
            && (value.contains(0x3C) || firstIndex(of: Array("&#".utf8), in: value, from: 0) != nil) {
            throw XMLReadError(kind: .entityExpansion, diagnostics: [],
                               reason: "entity expansion refused: parameter entity '\(name.dropFirst())' holds declarations")
        }
        var sizes: [String: Int] = [:]
        var visiting = Set<String>()

        func size(of name: String) throws -> Int {
            if let known = sizes[name] { return known }
            guard let value = declarations[name] else { return 0 }
            if visiting.contains(name) {
                throw XMLReadError(kind: .entityExpansion, diagnostics: [],
                                   reason: "entity expansion refused: entity '\(name)' refers to itself")
            }
            visiting.insert(name)
            var total = value.count
            for reference in references(in: value[...]) {
                total = total.addingReportingOverflow(try size(of: reference)).partialValue
                if total > limit || total < 0 { total = limit + 1; break }
            }
            visiting.remove(name)
            sizes[name] = total
            return total
        }

        var total = 0
        for reference in references(in: bytes[subset.upperBound...]) {
            total += try size(of: reference)
            if total > limit {
                throw XMLReadError(kind: .entityExpansion, diagnostics: [],
                                   reason: "entity expansion refused: internal entities would expand to more than \(limit) bytes")
            }
        }
        // Parameter entities are expanded inside the subset itself, and a declared bomb has no innocent use:
        // any entity that would expand past the limit refuses the document.
        for name in declarations.keys.sorted() where try size(of: name) > limit {
            throw XMLReadError(kind: .entityExpansion, diagnostics: [],
                               reason: "entity expansion refused: entity '\(name)' would expand to more than \(limit) bytes")
        }
        var plain: [String: String] = [:]
        for (name, value) in declarations where !name.hasPrefix("%") && !value.isEmpty
            && !value.contains(0x26) && !value.contains(0x3C) && !value.contains(0x25) {
            if let text = String(validating: value, as: UTF8.self) { plain[name] = text }
        }
        return plain
    }

    /// The byte range between `[` and `]` of `<!DOCTYPE name [ ... ]>`, if the document has one.
    static func internalSubset(_ bytes: [UInt8]) -> Range<Int>? {
        let doctype = Array("<!DOCTYPE".utf8)
        // Anywhere, not just near the start: comments and processing instructions may pad the prolog.
        guard let start = firstIndex(of: doctype, in: bytes, from: 0) else { return nil }
        // '>' before any '[': no internal subset.
        guard let bracket = firstUnquoted(in: bytes, from: start + doctype.count, where: { $0 == 0x3E || $0 == 0x5B }),
              bytes[bracket] == 0x5B else { return nil }
        let open = bracket + 1
        guard let close = firstUnquoted(in: bytes, from: open, where: { $0 == 0x5D }) else { return open..<bytes.count }
        return open..<close
    }

    /// The index of the first byte at or after `from` that `isStop` accepts outside a quoted ('...' or "...")
    /// string, or nil when there is none.
    private static func firstUnquoted(in bytes: [UInt8], from: Int, where isStop: (UInt8) -> Bool) -> Int? {
        var quote: UInt8?
        for index in from..<bytes.count {
            let byte = bytes[index]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if isStop(byte) {
                return index
            }
        }
        return nil
    }

    /// Internal general entities and their literal values (parameter entities are included under "%name").
    static func entityDeclarations(_ subset: ArraySlice<UInt8>) -> [String: [UInt8]] {
        let keyword = Array("<!ENTITY".utf8)
        var result: [String: [UInt8]] = [:]
        var index = subset.startIndex
        while let found = firstIndex(of: keyword, in: subset, from: index) {
            index = found + keyword.count
            func skipSpace() { while index < subset.endIndex && isSpace(subset[index]) { index += 1 } }
            skipSpace()
            var parameter = false
            if index < subset.endIndex && subset[index] == 0x25 { // '%'
                parameter = true
                index += 1
                skipSpace()
            }
            let nameStart = index
            while index < subset.endIndex && !isSpace(subset[index]) && subset[index] != 0x22 && subset[index] != 0x27 {
                index += 1
            }
            let name = (parameter ? "%" : "") + String(decoding: subset[nameStart..<index], as: UTF8.self)
            skipSpace()
            guard index < subset.endIndex else { break }
            let quote = subset[index]
            if quote == 0x22 || quote == 0x27 {
                let valueStart = index + 1
                var end = valueStart
                while end < subset.endIndex && subset[end] != quote { end += 1 }
                if result[name] == nil { result[name] = Array(subset[valueStart..<end]) }
                index = end
            } else if result[name] == nil {
                result[name] = [] // SYSTEM or PUBLIC: never loaded
            }
        }
        return result
    }

    /// Names of `&name;` and `%name;` references (character references and the five predefined entities excluded).
    static func references(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x26 || byte == 0x25 { // '&' or '%'
                var end = index + 1
                while end < bytes.endIndex && end - index < 128 && bytes[end] != 0x3B && !isSpace(bytes[end])
                    && bytes[end] != 0x26 && bytes[end] != 0x3C { end += 1 }
                if end < bytes.endIndex && bytes[end] == 0x3B && end > index + 1 && bytes[index + 1] != 0x23 {
                    let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    if byte == 0x25 {
                        names.append("%" + name)
                    } else if !["amp", "lt", "gt", "quot", "apos"].contains(name) {
                        names.append(name)
                    }
                    index = end
                }
            }
            index += 1
        }
        return names
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func firstIndex<C: RandomAccessCollection>(of needle: [UInt8], in haystack: C, from: C.Index)
        -> C.Index? where C.Element == UInt8, C.Index == Int {
        guard let first = needle.first else { return nil }
        var index = from
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
