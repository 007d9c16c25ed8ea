/// A binary max-heap: `pop` returns the greatest element. The BPE encoders order their candidate merges through
/// `Comparable` (the one to apply first is the greatest). Elements move into a hole instead of being swapped, in
/// the array's own buffer: the merge loops spend most of their time here.
struct Heap<Element: Comparable> {
    private var items: [Element] = []

    init(capacity: Int = 0) { items.reserveCapacity(capacity) }

    mutating func push(_ item: Element) {
        items.append(item)
        items.withUnsafeMutableBufferPointer { items in
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard items[parent] < item else { break }
                items[child] = items[parent]
                child = parent
            }
            items[child] = item
        }
    }

    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        if items.isEmpty { return last }
        return items.withUnsafeMutableBufferPointer { items in
            let top = items[0]
            let count = items.count
            var parent = 0
            while true {
                var child = 2 * parent + 1
                if child >= count { break }
                if child + 1 < count && items[child] < items[child + 1] { child += 1 }
                guard last < items[child] else { break }
                items[parent] = items[child]
                parent = child
            }
            items[parent] = last
            return top
        }
    }
}
