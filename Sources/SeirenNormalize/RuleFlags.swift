/// The settings' rules as plain booleans, read once per text instead of set lookups per character.
struct RuleFlags: Sendable {
    var lineEndings: Bool
    var controlCharacters: Bool
    var fullwidthASCII: Bool
    var halfwidthKatakana: Bool
    var quotes: Bool
    var hyphens: Bool
    var longVowels: Bool
    var tildes: TildeHandling
    var ideographicSpace: Bool
    var spaces: Bool

    init(_ settings: NormalizationSettings) {
        lineEndings = settings.isEnabled(.lineEndings)
        controlCharacters = settings.isEnabled(.controlCharacters)
        fullwidthASCII = settings.isEnabled(.fullwidthASCII)
        halfwidthKatakana = settings.isEnabled(.halfwidthKatakana)
        quotes = settings.isEnabled(.quotes)
        hyphens = settings.isEnabled(.hyphens)
        longVowels = settings.isEnabled(.longVowels)
        tildes = settings.tildeHandling
        ideographicSpace = settings.isEnabled(.ideographicSpace)
        spaces = settings.isEnabled(.spaces)
    }
}

/// The first two rules, shared by both dialects: they decide which characters the others see at all.
struct InvisibleCharacterFilter {
    let flags: RuleFlags
    private var afterCR = false

    init(flags: RuleFlags) { self.flags = flags }

    /// The scalar to process in place of `c`, or nil to drop it.
    @inline(__always)
    mutating func filter(_ c: UInt32) -> UInt32? {
        if flags.lineEndings {
            let wasCR = afterCR
            afterCR = c == 0x0D
            switch c {
            case 0x0D, 0x85, 0x2028, 0x2029: return 0x0A
            case 0x0A where wasCR: return nil
            default: break
            }
        }
        if flags.controlCharacters && CharacterTables.isRemovableControl(c) { return nil }
        return c
    }
}
