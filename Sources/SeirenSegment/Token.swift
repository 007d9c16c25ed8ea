/// One morpheme with the fields later stages need: POS filters, person-name redaction, tokenizer pre-segmentation.
public struct Token: Equatable, Sendable {
    public var surface: String
    /// The part-of-speech levels the dictionary fills, e.g. ["名詞", "固有名詞", "人名", "姓"].
    public var partOfSpeech: [String]
    /// Katakana reading, nil when the dictionary has none (unknown words).
    public var reading: String?
    /// Dictionary (base) form, nil when the dictionary has none.
    public var baseForm: String?
    public var isUnknown: Bool
    /// Offset of the surface in the segmented text, in Unicode scalars (what Python's `len` counts).
    public var offset: Int

    public init(surface: String, partOfSpeech: [String], reading: String?, baseForm: String?, isUnknown: Bool,
                offset: Int) {
        self.surface = surface
        self.partOfSpeech = partOfSpeech
        self.reading = reading
        self.baseForm = baseForm
        self.isUnknown = isUnknown
        self.offset = offset
    }

    /// The POS levels joined with `-`, e.g. `名詞-固有名詞-人名-姓`.
    public var pos: String { partOfSpeech.joined(separator: "-") }

    init(surface: String, feature: String, layout: FeatureLayout, isUnknown: Bool, offset: Int) {
        let fields = FeatureFields.split(feature)
        func field(_ i: Int) -> String? {
            guard i < fields.count else { return nil }
            let value = fields[i]
            return value.isEmpty || value == "*" ? nil : value
        }
        self.init(surface: surface, partOfSpeech: (0..<layout.posFields).compactMap(field),
                  reading: field(layout.reading), baseForm: field(layout.baseForm), isUnknown: isUnknown,
                  offset: offset)
    }
}

/// MeCab's feature strings are CSV: fields with commas are double-quoted (UniDic's `"動詞%F2@1,形容詞%F4@-2"`).
enum FeatureFields {
    static func split(_ feature: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = feature.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false } else { current.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
