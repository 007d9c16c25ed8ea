import SeirenXML

/// The text of one document found in a file (a whole file, or one DITA topic).
struct ExtractedUnit: Equatable {
    var text: String
    var title: String?
    var lang: String?
    /// The `id` attribute of the element that made this unit (DITA topics).
    var elementID: String?
}

/// Turns the events of a parse into documents' text, following the roles a vocabulary gives to elements. One walker
/// reads one file.
struct StructuredTextWalker {
    let vocabulary: Vocabulary
    let codeMode: CodeMode
    /// Whether `.unit` elements make documents of their own (DITA); otherwise the whole file is one document.
    let splitsUnits: Bool

    private struct Frame {
        var name: String
        var role: ElementRole
        var lang: String?
        var childCount = 0
    }

    private struct UnitState {
        var builder = TextBuilder()
        var footnotes = TextBuilder()
        var title: String?
        /// While the unit's first title is open: the frame index of the title element and where its lines start.
        var titleCapture: (frame: Int, firstLine: Int)?
        var lang: String?
        var elementID: String?
        /// Index of the frame that started the unit (nil for the whole-file unit).
        var frame: Int?
    }

    private var frames: [Frame] = []
    private var ancestorNames: [String] = []
    private var skipDepth: Int?
    private var metadataLevels = 0
    private var titleLevels = 0
    private var textBlocks = 0
    private var footnoteLevels = 0
    private var preformattedLevels = 0
    private var fallbackTitle: TextBuilder?
    private var fallbackTitleFrame: Int?
    private var fallbackTitleText: String?
    private var unit: UnitState?
    private(set) var units: [ExtractedUnit] = []
    /// The first language attribute seen in the file.
    private(set) var firstLang: String?
    /// Entities the parser left unexpanded (declared in an internal subset, or unknown), by name.
    private(set) var unexpandedEntities: [String] = []

    init(vocabulary: Vocabulary, codeMode: CodeMode, splitsUnits: Bool) {
        self.vocabulary = vocabulary
        self.codeMode = codeMode
        self.splitsUnits = splitsUnits
        if !splitsUnits { unit = UnitState() }
    }

    mutating func handle(_ event: XMLEvent) {
        switch event {
        case let .startElement(name, attributes, depth): start(name, attributes, depth)
        case let .endElement(_, depth): end(depth)
        case let .text(text): self.text(text)
        case let .entityReference(name):
            if skipDepth == nil && !unexpandedEntities.contains(name) && unexpandedEntities.count < 20 {
                unexpandedEntities.append(name)
            }
        }
    }

    /// Finishes the walk and returns the documents found.
    mutating func finish() -> [ExtractedUnit] {
        if unit != nil && unit?.frame == nil { finishUnit() }
        return units
    }

    // MARK: Events

    private mutating func start(_ name: String, _ attributes: [(name: String, value: String)], _ depth: Int) {
        if skipDepth != nil { return }
        let element = ElementInfo(qualifiedName: name, attributes: attributes)
        var role = vocabulary.role(of: element, ancestors: ancestorNames)

        if let parent = frames.indices.last {
            switch frames[parent].role {
            case .joined(let separator):
                if frames[parent].childCount > 0 { withTarget { $0.appendLiteral(separator) } }
            case .firstChildOnly:
                if frames[parent].childCount > 0 { role = .skip }
            default: break
            }
            frames[parent].childCount += 1
        }
        if metadataLevels > 0 && role != .title && role != .fallbackTitle { role = .skip }
        if role == .skip {
            skipDepth = depth
            return
        }
        if role == .codeIfBlock {
            switch frames.last?.role {
            case .block?, .note?, .unit?, .firstChildOnly?, nil: role = .preformatted
            default: role = .inline
            }
        }
        let lang = element.attribute("xml:lang") ?? element.attribute("lang")
        if let lang, !lang.isEmpty, firstLang == nil { firstLang = lang }
        if role == .unit {
            if splitsUnits && unit == nil {
                unit = UnitState(lang: lang ?? currentLang, elementID: element.attribute("id"), frame: frames.count)
            } else {
                role = .block
            }
        }
        frames.append(Frame(name: element.name, role: role, lang: lang))
        ancestorNames.append(element.name)

        switch role {
        case .block, .paragraph, .unit:
            withTarget { $0.breakLine() }
            textBlocks += 1
        case .title:
            withTarget { $0.breakLine() }
            textBlocks += 1
            titleLevels += 1
            if footnoteLevels == 0, unit != nil, unit!.title == nil, unit!.titleCapture == nil {
                unit!.titleCapture = (frames.count - 1, unit!.builder.lines.count)
            }
        case .fallbackTitle:
            if fallbackTitleText == nil && fallbackTitle == nil {
                fallbackTitle = TextBuilder()
                fallbackTitleFrame = frames.count - 1
            }
        case .metadata:
            metadataLevels += 1
        case .note(let kind):
            textBlocks += 1
            let english = (currentLang ?? "").lowercased().hasPrefix("en")
            withTarget {
                $0.breakLine()
                $0.setPrefix(kind.map { $0.label(english: english) + ": " })
            }
        case .preformatted:
            textBlocks += 1
            preformattedLevels += 1
            if preformattedLevels == 1 { withTarget { $0.beginPreformatted() } }
        case .lineBreak:
            withTarget { $0.isInPreformatted ? $0.append("\n") : $0.breakLine() }
        case .footnote:
            footnoteLevels += 1
            unit?.footnotes.breakLine()
        case .inline, .joined, .firstChildOnly, .skip, .codeIfBlock:
            break
        }
    }

    private mutating func end(_ depth: Int) {
        if let skip = skipDepth {
            if depth == skip { skipDepth = nil }
            return
        }
        guard let frame = frames.popLast() else { return }
        ancestorNames.removeLast()
        let index = frames.count
        switch frame.role {
        case .block, .paragraph:
            withTarget { $0.breakLine() }
            textBlocks -= 1
        case .title:
            withTarget { $0.breakLine() }
            textBlocks -= 1
            titleLevels -= 1
            if let capture = unit?.titleCapture, capture.frame == index {
                let lines = unit!.builder.lines[capture.firstLine...]
                unit!.title = lines.isEmpty ? nil : lines.joined(separator: " ")
                unit!.titleCapture = nil
            }
        case .fallbackTitle:
            if fallbackTitleFrame == index, var builder = fallbackTitle {
                let text = builder.finish()
                fallbackTitleText = text.isEmpty ? nil : text.replacingOccurrences(of: "\n", with: " ")
                fallbackTitle = nil
                fallbackTitleFrame = nil
            }
        case .metadata:
            metadataLevels -= 1
        case .note:
            textBlocks -= 1
            withTarget {
                $0.breakLine()
                $0.setPrefix(nil)
            }
        case .preformatted:
            textBlocks -= 1
            preformattedLevels -= 1
            if preformattedLevels == 0 {
                let mode = codeMode
                withTarget { $0.endPreformatted(mode) }
            }
        case .footnote:
            footnoteLevels -= 1
            unit?.footnotes.breakLine()
        case .unit:
            textBlocks -= 1
            if unit?.frame == index { finishUnit() }
        case .inline, .joined, .firstChildOnly, .lineBreak, .skip, .codeIfBlock:
            break
        }
    }

    private mutating func text(_ text: String) {
        if skipDepth != nil { return }
        if fallbackTitle != nil {
            fallbackTitle!.append(text)
            return
        }
        guard unit != nil else { return }
        if metadataLevels > 0 && titleLevels == 0 { return }
        if vocabulary.textOnlyInsideBlocks && textBlocks == 0 { return }
        withTarget { $0.append(text) }
    }

    // MARK: Helpers

    private var currentLang: String? {
        frames.last(where: { $0.lang != nil && !$0.lang!.isEmpty })?.lang ?? firstLang
    }

    /// Runs `body` on the builder text currently goes to: the footnote list inside a footnote, else the body.
    private mutating func withTarget(_ body: (inout TextBuilder) -> Void) {
        guard unit != nil else { return }
        if footnoteLevels > 0 { body(&unit!.footnotes) } else { body(&unit!.builder) }
    }

    private mutating func finishUnit() {
        guard var state = unit else { return }
        unit = nil
        var text = state.builder.finish()
        let footnotes = state.footnotes.finish()
        if !footnotes.isEmpty { text += text.isEmpty ? footnotes : "\n" + footnotes }
        units.append(ExtractedUnit(text: text, title: state.title ?? fallbackTitleText,
                                   lang: state.lang ?? firstLang, elementID: state.elementID))
    }
}
