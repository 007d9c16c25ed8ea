/// Turns ids back into text as sentencepiece's `DecodeIds` does: `▁` becomes a space (the first one dropped when
/// the model adds a dummy prefix; with `remove_extra_whitespaces` every leading `▁` piece, since such a text cannot
/// start with spaces), control pieces vanish, runs of byte pieces are decoded as UTF-8 with U+FFFD for
/// each byte that does not form a character, and an unknown piece shows as the unknown surface (` ⁇ `).
public struct SentencePieceDecoder: Sendable {
    let pieces: [String]
    let types: [SentencePieceModelProto.PieceType]
    let byteValues: [Int16]
    let unkSurface: String
    let stripsLeadingSpace: Bool
    let stripsEveryLeadingSpace: Bool

    public init(proto: SentencePieceModelProto) {
        pieces = proto.pieces.map(\.piece)
        types = proto.pieces.map(\.type)
        byteValues = proto.pieces.map { $0.type == .byte ? Int16(UnigramModel.byteValue($0.piece) ?? 0) : -1 }
        unkSurface = proto.trainerSpec.unkSurface
        stripsLeadingSpace = proto.normalizerSpec.addDummyPrefix || proto.normalizerSpec.removeExtraWhitespaces
        stripsEveryLeadingSpace = proto.normalizerSpec.removeExtraWhitespaces
    }

    public func decode<S: Sequence>(_ ids: S) -> String where S.Element: BinaryInteger {
        var text: [UInt8] = []
        var pendingBytes: [UInt8] = []
        var atStart = true

        func flushBytes() {
            guard !pendingBytes.isEmpty else { return }
            pendingBytes.withUnsafeBufferPointer { buffer in
                var i = 0
                while i < buffer.count {
                    let length = UTF8Scalar.validLength(buffer, i)
                    if length == 0 {
                        text.append(contentsOf: UTF8Scalar.replacementCharacter)
                        i += 1
                    } else {
                        text.append(contentsOf: buffer[i..<i + length])
                        i += length
                    }
                }
            }
            pendingBytes.removeAll(keepingCapacity: true)
        }

        for rawId in ids {
            let id = Int(rawId)
            guard id >= 0, id < pieces.count else { continue }
            if types[id] == .byte {
                pendingBytes.append(UInt8(byteValues[id]))
                continue
            }
            flushBytes()
            if !text.isEmpty { atStart = false }
            switch types[id] {
            case .control: continue
            case .unknown:
                text.append(contentsOf: unkSurface.utf8)
            default:
                var piece = Substring(pieces[id])
                if atStart && stripsLeadingSpace && piece.hasPrefix("\u{2581}") { piece = piece.dropFirst() }
                if !stripsEveryLeadingSpace { atStart = false }
                for scalar in piece.unicodeScalars {
                    if scalar == "\u{2581}" { text.append(0x20) } else { text.append(contentsOf: String(scalar).utf8) }
                }
            }
        }
        flushBytes()
        return String(decoding: text, as: UTF8.self)
    }
}
