import XCTest
@testable import SeirenTokenizer

/// The encoders' double array must answer exactly as the `PieceTrie` it is laid out from: the same prefixes in
/// the same order (shortest first decides Viterbi ties), the first id of equal strings, and exact look-ups that can
/// resume where another walk ended (the BPE encoder's pairs).
final class DoubleArrayTrieTests: XCTestCase {
    /// Keys over a small alphabet with multi-byte characters, so nodes are wide and deep and many keys share
    /// prefixes; some strings repeat with another id.
    static func keys(count: Int, seed: UInt64) -> [(bytes: [UInt8], id: Int32)] {
        var generator = seed
        func next(_ bound: Int) -> Int {
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return Int((generator >> 33) % UInt64(bound))
        }
        let alphabet = ["a", "b", "c", "▁", "の", "日", "本", "語", "😀", "\u{0}"].map { Array($0.utf8) }
        return (0..<count).map { id in
            let bytes = (0..<(1 + next(6))).flatMap { _ in alphabet[next(alphabet.count)] }
            return (bytes, Int32(id))
        }
    }

    func testPrefixesAndLookupsEqualThePieceTrie() {
        let keys = Self.keys(count: 3000, seed: 7)
        let pieceTrie = PieceTrie(pieces: keys)
        let dropped: Set<Int32> = [5, 17, 400]
        let trie = DoubleArrayTrie(pieceTrie, keeping: { !dropped.contains($0) })
        var firstId: [[UInt8]: Int32] = [:]
        for key in keys where firstId[key.bytes] == nil { firstId[key.bytes] = key.id }

        let texts = Self.keys(count: 400, seed: 11).map(\.bytes) + keys.prefix(200).map { $0.bytes + [0x61, 0x62] }
        for text in texts {
            text.withUnsafeBufferPointer { text in
                for start in 0..<text.count {
                    var expected: [(Int, Int32)] = []
                    pieceTrie.forEachPrefix(text, from: start) { length, id in
                        if !dropped.contains(id) { expected.append((length, id)) }
                    }
                    var found: [(Int, Int32)] = []
                    trie.forEachPrefix(text, from: start) { found.append(($0, $1)) }
                    XCTAssertEqual(found.map(\.0), expected.map(\.0))
                    XCTAssertEqual(found.map(\.1), expected.map(\.1))
                    // Exact look-up of each prefix, directly and by resuming after its first byte.
                    for end in (start + 1)...text.count {
                        let bytes = Array(text[start..<end])
                        let id = firstId[bytes].map { dropped.contains($0) ? -1 : $0 } ?? -1
                        XCTAssertEqual(trie.id(of: text, start..<end), id)
                        let first = trie.walk(from: DoubleArrayTrie.root, text, start..<start + 1)
                        let resumed = first < 0 ? -1 : trie.walk(from: first, text, start + 1..<end)
                        XCTAssertEqual(resumed < 0 ? -1 : trie.pieceId(at: resumed), id)
                    }
                }
            }
        }
    }

    /// The seed lattices' walks from several starts at once must find, lane by lane, what one walk from each start
    /// finds, in the same order: any number of lanes, starts in any order, repeated, or at the end of the text.
    func testWalksInLockstepFindWhatSingleWalksFind() {
        let pieceTrie = PieceTrie(pieces: Self.keys(count: 3000, seed: 7))
        let trie = DoubleArrayTrie(pieceTrie)
        XCTAssertEqual(trie.depth, pieceTrie.depth)  // the lanes' finds are held in `depth` entries each
        var generator: UInt64 = 3
        func next(_ bound: Int) -> Int {
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return Int((generator >> 33) % UInt64(bound))
        }
        for text in Self.keys(count: 300, seed: 13).map({ $0.bytes + $0.bytes }) {
            text.withUnsafeBufferPointer { text in
                for _ in 0..<8 {
                    let count = 1 + next(DoubleArrayTrie.lanes)
                    var starts = InlineArray<4, Int>(repeating: 0)
                    for lane in 0..<count { starts[lane] = next(text.count + 1) }
                    var found = [[(Int, Int32)]](repeating: [], count: DoubleArrayTrie.lanes)
                    trie.forEachPrefix(text, fromEach: starts, count: count) { found[$0].append(($1, $2)) }
                    for lane in 0..<DoubleArrayTrie.lanes {
                        var expected: [(Int, Int32)] = []
                        if lane < count { trie.forEachPrefix(text, from: starts[lane]) { expected.append(($0, $1)) } }
                        XCTAssertEqual(found[lane].map(\.0), expected.map(\.0))
                        XCTAssertEqual(found[lane].map(\.1), expected.map(\.1))
                    }
                }
            }
        }
    }

    func testEmptyTrieMatchesNothing() {
        let trie = DoubleArrayTrie(PieceTrie(pieces: []))
        let text: [UInt8] = Array("abc".utf8)
        text.withUnsafeBufferPointer { text in
            var calls = 0
            trie.forEachPrefix(text, from: 0) { _, _ in calls += 1 }
            XCTAssertEqual(calls, 0)
            XCTAssertEqual(trie.id(of: text, 0..<2), -1)
        }
    }
}
