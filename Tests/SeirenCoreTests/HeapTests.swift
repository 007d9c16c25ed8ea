import SeirenCore
import XCTest

/// The heap the BPE encoders and trainer, the Unigram seed merge, the sentence sample and the line-run merge share:
/// whatever the order of pushes, pops come out in the given order.
final class HeapTests: XCTestCase {
    /// A fixed pseudo-random sequence with repeats, so ties are exercised.
    private func values(_ count: Int) -> [Int] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 54)  // 0..<1024
        }
    }

    func testComparableElementsPopGreatestFirst() {
        let input = values(2000)
        var heap = Heap<Int>(capacity: 16)
        for value in input { heap.push(value) }
        XCTAssertEqual(heap.count, input.count)
        var popped: [Int] = []
        while let value = heap.pop() { popped.append(value) }
        XCTAssertEqual(popped, input.sorted(by: >))
        XCTAssertTrue(heap.isEmpty)
        XCTAssertNil(heap.top)
    }

    func testGivenOrderWithBuildAndReplaceTop() {
        // A min-heap of indices ranked by a table the caller owns, as the line-run merge keeps its runs.
        let table = values(500)
        let before = { (a: Int, b: Int) in table[a] != table[b] ? table[a] < table[b] : a < b }
        var heap = Heap(Array(table.indices.reversed()), by: before)
        var popped: [Int] = []
        // Replacing the top with itself after it was read is a no-op; replacing it with a later-ranking index must
        // sink it.
        heap.replaceTop(with: heap.top!, by: before)
        while let top = heap.pop(by: before) { popped.append(top) }
        XCTAssertEqual(popped, table.indices.sorted(by: before))

        // Bottom-k as the sentence sample keeps it: the top is the largest kept; a smaller newcomer replaces it.
        let order = { (a: Int, b: Int) in before(b, a) }
        var bounded = Heap(Array(0..<10), by: order)
        for candidate in 10..<table.count where order(bounded.top!, candidate) {
            bounded.replaceTop(with: candidate, by: order)
        }
        var kept: [Int] = []
        while let top = bounded.pop(by: order) { kept.append(top) }
        XCTAssertEqual(kept.reversed(), Array(table.indices.sorted(by: before).prefix(10)))
    }
}
