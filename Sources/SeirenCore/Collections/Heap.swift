/// A binary heap in one array: `top` is the element that ranks first. The order is given to each call
/// (`ranksAbove(a, b)`: a comes out before b) rather than stored, so it may read tables the caller owns — the BPE
/// trainer ranks pair ids by their symbols, the sentence sample and the line-run merge rank slot indices by their
/// hashes — without the heap holding a closure or a copy of them. Comparable elements have `push`/`pop` that take
/// the greatest first.
///
/// Elements move into a hole instead of being swapped, in the array's own buffer, and nothing is allocated once the
/// array has its capacity: the BPE encoders and trainer, the sentence sample and the line-run merge spend their
/// inner loops here. Inlinable, so each caller gets a copy specialized to its element and order.
public struct Heap<Element> {
    @usableFromInline var items: [Element]

    @inlinable public init(capacity: Int = 0) {
        items = []
        items.reserveCapacity(capacity)
    }

    /// The heap of `elements` (Floyd's bottom-up construction, linear time).
    @inlinable public init(_ elements: [Element], by ranksAbove: (Element, Element) -> Bool) {
        items = elements
        var i = items.count / 2 - 1
        while i >= 0 {
            siftDown(from: i, by: ranksAbove)
            i -= 1
        }
    }

    @inlinable public var top: Element? { items.first }
    @inlinable public var count: Int { items.count }
    @inlinable public var isEmpty: Bool { items.isEmpty }

    @inlinable public mutating func push(_ item: Element, by ranksAbove: (Element, Element) -> Bool) {
        items.append(item)
        items.withUnsafeMutableBufferPointer { items in
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard ranksAbove(item, items[parent]) else { break }
                items[child] = items[parent]
                child = parent
            }
            items[child] = item
        }
    }

    /// Removes and returns the top element.
    @inlinable public mutating func pop(by ranksAbove: (Element, Element) -> Bool) -> Element? {
        guard let last = items.popLast() else { return nil }
        guard let top = items.first else { return last }
        items[0] = last
        siftDown(from: 0, by: ranksAbove)
        return top
    }

    /// Puts `item` in the top's place and restores the order: a pop and a push in one pass down.
    @inlinable public mutating func replaceTop(with item: Element, by ranksAbove: (Element, Element) -> Bool) {
        precondition(!items.isEmpty, "replaceTop on an empty heap")
        items[0] = item
        siftDown(from: 0, by: ranksAbove)
    }

    /// Moves the element at `start` down until no child ranks above it.
    @inlinable mutating func siftDown(from start: Int, by ranksAbove: (Element, Element) -> Bool) {
        items.withUnsafeMutableBufferPointer { items in
            let count = items.count
            let item = items[start]
            var parent = start
            while true {
                var child = 2 * parent + 1
                if child >= count { break }
                if child + 1 < count && ranksAbove(items[child + 1], items[child]) { child += 1 }
                guard ranksAbove(items[child], item) else { break }
                items[parent] = items[child]
                parent = child
            }
            items[parent] = item
        }
    }
}

extension Heap where Element: Comparable {
    /// Greatest first.
    @inlinable public mutating func push(_ item: Element) { push(item, by: >) }
    @inlinable public mutating func pop() -> Element? { pop(by: >) }
}
