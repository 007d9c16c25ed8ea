import SeirenMeCab

/// A MeCab dictionary chosen by name or folder. Never the system default: `/etc/mecabrc` follows a Debian
/// alternatives link that moves when another dictionary package is installed.
public struct SegmenterDictionary: Equatable, Sendable {
    /// `ipadic`, `unidic`, or the folder as given.
    public let name: String
    public let path: String

    public static let ipadic = SegmenterDictionary(name: "ipadic", path: "/var/lib/mecab/dic/ipadic-utf8")
    public static let unidic = SegmenterDictionary(name: "unidic", path: "/var/lib/mecab/dic/unidic")

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// `ipadic`, `unidic`, or a folder holding a compiled dictionary (sys.dic).
    public static func named(_ nameOrPath: String) -> SegmenterDictionary {
        switch nameOrPath {
        case "ipadic": return .ipadic
        case "unidic": return .unidic
        default: return SegmenterDictionary(name: nameOrPath, path: nameOrPath)
        }
    }
}

/// Where a dictionary keeps part of speech, base form and reading in its feature CSV.
public struct FeatureLayout: Equatable, Sendable {
    public var posFields: Int
    public var baseForm: Int
    public var reading: Int

    /// IPAdic: POS,POS1,POS2,POS3,conjugation type,conjugation form,base form,reading,pronunciation.
    public static let ipadic = FeatureLayout(posFields: 4, baseForm: 6, reading: 7)
    /// UniDic (2.x, as packaged by Debian): pos1-4,cType,cForm,lForm,lemma,orth,pron,orthBase,...,kana (f[20]).
    public static let unidic = FeatureLayout(posFields: 4, baseForm: 10, reading: 20)
}

/// A loaded dictionary shared by every worker, with the layout of its features.
public final class SegmenterModel: @unchecked Sendable {
    public let dictionary: SegmenterDictionary
    public let mecab: MeCabModel
    public let layout: FeatureLayout

    /// Loads the dictionary and recognizes its feature layout from a probe word (UniDic entries have over 20
    /// fields, IPAdic's 9).
    public init(dictionary: SegmenterDictionary) throws {
        self.dictionary = dictionary
        mecab = try MeCabModel(dictionary: dictionary.path)
        let probe = try MeCabTagger(model: mecab).parse("東京")
        let fields = probe.first.map { FeatureFields.split($0.feature).count } ?? 0
        layout = fields > 20 ? .unidic : .ipadic
    }
}
