import SeirenCore
import XCTest
@testable import SeirenTokenizer

/// The seed search (per-bucket suffix sorting, LCP intervals, merged rankings) against a brute-force enumeration of
/// the same definition: every character, then every valid substring of 2 or more characters that two occurrences
/// share up to a point where they part (a different next character, or a unit end), by frequency × length.
final class SeedPiecesTests: XCTestCase {
    func testSeedsEqualBruteForceEnumeration() throws {
        var settings = TrainingSettings()
        settings.maxPieceLength = 4  // the depth cap matters: longer repeats exist
        let validity = PieceValidity(settings: settings)
        var random = SplitMix64(seed: 7)
        let alphabet = "▁ab東京都の設定ファイルをア1".unicodeScalars.map(\.value)
        var units: [[UInt32]] = []
        var counts: [Int] = []
        for _ in 0..<300 {
            let length = 1 + Int(random.next() % 9)
            units.append((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            counts.append(random.next() % 4 == 0 ? 2 + Int(random.next() % 5) : 1)
        }
        // Units repeat as whole units too (the corpus counts them), and one holds the unknown character.
        units.append(units[0] + [TrainingCorpus.unknownCharacter] + units[1])
        counts.append(3)
        let training = TrainingUnits(units: units, counts: counts, requiredCharacters: [])
        let expected = bruteForce(units, counts, validity)
        XCTAssertGreaterThan(expected.count, 200)
        for threads in [1, 3] {
            let seeds = try SeedPieces.make(units: training, validity: validity, limit: 1_000_000, threads: threads)
            XCTAssertEqual(seeds.map(\.piece), expected.map(\.piece), "threads \(threads)")
            XCTAssertEqual(seeds.map(\.frequency), expected.map(\.frequency), "threads \(threads)")
            let limited = try SeedPieces.make(units: training, validity: validity, limit: 100, threads: threads)
            XCTAssertEqual(limited.map(\.piece), Array(expected.prefix(100)).map(\.piece))
        }
    }

    private func bruteForce(_ units: [[UInt32]], _ counts: [Int],
                            _ validity: PieceValidity) -> [(piece: [UInt32], frequency: Int)] {
        // The text the search indexes: a unit seen more than once is laid down twice, the copy weighing nothing.
        var occurrences: [[UInt32]: (weight: Int, count: Int, next: Set<UInt32>)] = [:]
        var characters: [UInt32: Int] = [:]
        for (unit, count) in zip(units, counts) {
            for copy in 0..<(count > 1 ? 2 : 1) {
                let weight = copy == 0 ? count : 0
                for (i, c) in unit.enumerated() where c != TrainingCorpus.unknownCharacter {
                    characters[c, default: 0] += weight
                    for end in stride(from: i + 2, through: min(unit.count, i + validity.maxLength), by: 1) {
                        let piece = Array(unit[i..<end])
                        // A unit end parts from everything, another unit end included.
                        let next = end < unit.count ? unit[end] : 0x11_0000 + UInt32(occurrences[piece]?.count ?? 0)
                        var entry = occurrences[piece] ?? (0, 0, [])
                        entry.weight += weight
                        entry.count += 1
                        entry.next.insert(next)
                        occurrences[piece] = entry
                    }
                }
            }
        }
        let candidates = occurrences.filter { $0.value.count >= 2 && $0.value.next.count >= 2 && validity.isValid($0.key) }
            .map { (piece: $0.key, frequency: $0.value.weight * $0.key.count) }
            .sorted { $0.frequency > $1.frequency || ($0.frequency == $1.frequency && $0.piece.lexicographicallyPrecedes($1.piece)) }
        let single = characters.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { (piece: [$0.key], frequency: $0.value) }
        return single + candidates
    }
}
