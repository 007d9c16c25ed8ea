import SeirenCore

/// Seed pieces for Unigram training, as sentencepiece's `MakeSeedSentencePieces`: every character, then frequent
/// substrings ranked by frequency × length. sentencepiece finds repeated substrings with an enhanced suffix array
/// (esaxx); here the suffixes are sorted on their first `maxPieceLength + 1` characters and the LCP intervals of
/// that order give the same repeated substrings up to the maximum piece length, with frequencies weighted by unit
/// counts.
///
/// An interval of two or more characters never spans two different first two characters, so the suffixes are split
/// by their first two characters into `bucketCount` independent buckets (by the first character alone, `▁` would
/// fill one bucket with a tenth of the text), each sorted (multikey quicksort), scanned and ranked on its own
/// thread; the ranked lists are then merged. The result does not depend on the number of threads.
enum SeedPieces {
    /// A repeated substring: its text is `length` characters from `start`; `key` packs its first three characters
    /// (21 bits each), so most ties in score are ordered without reading the text.
    typealias Candidate = (score: Int, frequency: Int, start: Int32, length: Int32, key: UInt64)

    static let bucketCount = 64

    static func make(units: TrainingUnits, validity: PieceValidity, limit: Int,
                     threads: Int = 1) throws -> [(piece: [UInt32], frequency: Int)] {
        // Concatenate units with a 0 boundary; remember each position's unit count.
        // A unit seen more than once is laid down twice (the copy weighing nothing), so its substrings are repeats
        // as they are in the full corpus sentencepiece indexes: the repeated substrings (suffix-tree internal nodes)
        // are then the same as over the whole corpus, and frequencies stay exact.
        var length = 0
        for (unit, count) in zip(units.units, units.counts) { length += (unit.count + 1) * (count > 1 ? 2 : 1) }
        var text = [UInt32](repeating: 0, count: length)
        var weight = [Int32](repeating: 0, count: length)
        var position = 0
        for (unit, count) in zip(units.units, units.counts) {
            for copy in 0..<(count > 1 ? 2 : 1) {
                let w = copy == 0 ? Int32(clamping: count) : 0
                for c in unit {
                    text[position] = c
                    weight[position] = w
                    position += 1
                }
                position += 1  // the boundary, already 0
            }
        }
        // Suffix positions grouped by bucket of their first two characters (boundaries and unknown characters
        // start no piece), each group in text order.
        var bucketStarts = [Int](repeating: 0, count: bucketCount + 1)
        @inline(__always) func bucket(_ i: Int) -> Int {
            let pair = UInt64(text[i]) << 32 | UInt64(text[i + 1])  // every unit ends with a 0: i + 1 exists
            return Int((pair &* 0x9E37_79B9_7F4A_7C15) >> 58)
        }
        @inline(__always) func startsPiece(_ c: UInt32) -> Bool { c != 0 && c != TrainingCorpus.unknownCharacter }
        for (i, c) in text.enumerated() where startsPiece(c) { bucketStarts[bucket(i) + 1] += 1 }
        for b in 0..<bucketCount { bucketStarts[b + 1] += bucketStarts[b] }
        var suffixes = [Int32](repeating: 0, count: bucketStarts[bucketCount])
        do {
            var next = bucketStarts
            for (i, c) in text.enumerated() where startsPiece(c) {
                let b = bucket(i)
                suffixes[next[b]] = Int32(i)
                next[b] += 1
            }
        }

        // Sorted and compared one character beyond the maximum piece length, so an interval of that length is a
        // true branching node (longer ones are not valid pieces anyway).
        let depth = validity.maxLength + 1
        // A character's suffixes are spread over several buckets: its frequency is the sum of theirs.
        var characters: [UInt32: Int] = [:]
        var ranked: [[Candidate]] = []
        try text.withUnsafeBufferPointer { text in
            try weight.withUnsafeBufferPointer { weight in
                try suffixes.withUnsafeMutableBufferPointer { suffixes in
                    let suffixes = suffixes.baseAddress!
                    try orderedParallelChunks(count: bucketCount, chunks: bucketCount, workers: threads, transform: {
                        // Each bucket owns its slice of `suffixes`: the threads write disjoint memory.
                        let b = $0.lowerBound
                        let slice = UnsafeMutableBufferPointer(start: suffixes + bucketStarts[b],
                                                               count: bucketStarts[b + 1] - bucketStarts[b])
                        return scan(slice, text: text, weight: weight, depth: depth, validity: validity)
                    }, consume: { found in
                        for (c, frequency) in found.characters { characters[c, default: 0] += frequency }
                        ranked.append(found.candidates)
                    })
                }
            }
        }
        var seeds: [(piece: [UInt32], frequency: Int)] = characters
            .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { ([$0.key], $0.value) }
        text.withUnsafeBufferPointer { text in
            merge(ranked, text: text, count: max(0, limit - seeds.count)) { candidate in
                // Like sentencepiece, a substring's initial weight is frequency × length.
                let start = Int(candidate.start)
                seeds.append((Array(text[start..<start + Int(candidate.length)]), candidate.score))
            }
        }
        return seeds
    }

    /// Sorts one bucket's suffixes and returns its characters with their frequencies and its valid repeated
    /// substrings (LCP intervals of two or more characters), best first.
    static func scan(_ suffixes: UnsafeMutableBufferPointer<Int32>, text: UnsafeBufferPointer<UInt32>,
                     weight: UnsafeBufferPointer<Int32>, depth: Int,
                     validity: PieceValidity) -> (characters: [(UInt32, Int)], candidates: [Candidate]) {
        let n = suffixes.count
        guard n > 0 else { return ([], []) }
        sort(suffixes, text: text, depth: depth)
        // LCP of neighbours, capped and stopped at unit boundaries; running sums of the suffixes' weights.
        var lcp = [Int32](repeating: 0, count: n + 1)
        var prefixWeight = [Int](repeating: 0, count: n + 1)
        var characters: [(UInt32, Int)] = []
        var characterStart = 0
        for i in 0..<n {
            prefixWeight[i + 1] = prefixWeight[i] + Int(weight[Int(suffixes[i])])
            if i > 0 {
                let a = Int(suffixes[i - 1]), b = Int(suffixes[i])
                var k = 0
                while k < depth, text[a + k] != 0, text[a + k] == text[b + k] { k += 1 }
                lcp[i] = Int32(k)
                if k == 0 {
                    characters.append((text[a], prefixWeight[i] - prefixWeight[characterStart]))
                    characterStart = i
                }
            }
        }
        characters.append((text[Int(suffixes[n - 1])], prefixWeight[n] - prefixWeight[characterStart]))

        // Bottom-up traversal of the LCP intervals: each is a substring shared by all suffixes in it.
        var candidates: [Candidate] = []
        var stack: [(lcp: Int32, lb: Int)] = [(0, 0)]
        for i in 1...n {
            let current = i < n ? lcp[i] : 0
            var lb = i - 1
            while current < stack[stack.count - 1].lcp {
                let top = stack.removeLast()
                lb = top.lb
                let length = Int(top.lcp)
                if length >= 2 {
                    let start = Int(suffixes[top.lb])
                    let frequency = prefixWeight[i] - prefixWeight[top.lb]
                    if validity.isValid(text[start..<start + length]) {
                        // length >= 2, and the text after a unit ends with 0: three characters can be read.
                        let key = UInt64(text[start]) << 42 | UInt64(text[start + 1]) << 21
                            | (length >= 3 ? UInt64(text[start + 2]) : 0)
                        candidates.append((frequency * length, frequency, Int32(start), Int32(length), key))
                    }
                }
            }
            if current > stack[stack.count - 1].lcp { stack.append((current, lb)) }
        }
        candidates.sort { ranksBefore($0, $1, text) }
        return (characters, candidates)
    }

    /// Higher score first; equal scores by their text (no two candidates have the same text): by the first three
    /// characters in `key` (a shorter text's missing third character counts as 0, below every character, which is
    /// the lexicographic order), then the rest.
    @inline(__always)
    static func ranksBefore(_ x: Candidate, _ y: Candidate, _ text: UnsafeBufferPointer<UInt32>) -> Bool {
        if x.score != y.score { return x.score > y.score }
        if x.key != y.key { return x.key < y.key }
        return text[Int(x.start)..<Int(x.start + x.length)].lexicographicallyPrecedes(text[Int(y.start)..<Int(y.start + y.length)])
    }

    /// Hands the first `count` candidates of the ranked lists, merged, to `body` in rank order.
    private static func merge(_ lists: [[Candidate]], text: UnsafeBufferPointer<UInt32>, count: Int,
                              _ body: (Candidate) -> Void) {
        // A heap of the lists' heads: (list, position in it, the candidate there).
        typealias Head = (list: Int, at: Int, head: Candidate)
        @inline(__always) func before(_ a: Head, _ b: Head) -> Bool { ranksBefore(a.head, b.head, text) }
        var heads: [Head] = []
        for (l, list) in lists.enumerated() where !list.isEmpty { heads.append((l, 0, list[0])) }
        var heap = Heap(heads, by: before)
        var emitted = 0
        while emitted < count, let top = heap.top {
            body(top.head)
            emitted += 1
            let list = lists[top.list]
            if top.at + 1 < list.count {
                heap.replaceTop(with: (top.list, top.at + 1, list[top.at + 1]), by: before)
            } else {
                _ = heap.pop(by: before)
            }
        }
    }

    /// Sorts suffixes by their first `depth` characters (multikey quicksort). Suffixes equal up to a unit boundary
    /// or up to `depth` stay in any order: they fall into the same LCP intervals whatever their order.
    static func sort(_ suffixes: UnsafeMutableBufferPointer<Int32>, text: UnsafeBufferPointer<UInt32>, depth: Int) {
        guard let base = suffixes.baseAddress else { return }
        // Ranges still to sort, each sharing its first `offset` characters; a stack, not recursion, so no input
        // can exhaust a thread's stack.
        var work: [(start: Int, count: Int, offset: Int)] = [(0, suffixes.count, 0)]
        @inline(__always) func character(_ i: Int, _ offset: Int) -> UInt32 { text[Int(base[i]) + offset] }
        while let (start, count, offset) = work.popLast() {
            if count < 2 || offset >= depth { continue }
            if count < 12 {
                insertionSort(base + start, count, offset, text, depth)
                continue
            }
            let a = character(start, offset), b = character(start + count / 2, offset)
            let c = character(start + count - 1, offset)
            let pivot = max(min(a, b), min(max(a, b), c))
            // Three-way partition: [start, lt) below the pivot, [lt, gt] equal, (gt, end) above.
            var lt = start, i = start, gt = start + count - 1
            while i <= gt {
                let x = character(i, offset)
                if x < pivot {
                    base.swapAt(lt, i)
                    lt += 1
                    i += 1
                } else if x > pivot {
                    base.swapAt(i, gt)
                    gt -= 1
                } else {
                    i += 1
                }
            }
            work.append((start, lt - start, offset))
            work.append((gt + 1, start + count - gt - 1, offset))
            // Past a boundary there is nothing left to compare.
            if pivot != 0 { work.append((lt, gt - lt + 1, offset + 1)) }
        }
    }

    private static func insertionSort(_ a: UnsafeMutablePointer<Int32>, _ count: Int, _ offset: Int,
                                      _ text: UnsafeBufferPointer<UInt32>, _ depth: Int) {
        @inline(__always) func less(_ p: Int32, _ q: Int32) -> Bool {
            var k = offset
            while k < depth {
                let x = text[Int(p) + k], y = text[Int(q) + k]
                if x != y { return x < y }
                if x == 0 { return false }
                k += 1
            }
            return false
        }
        for i in 1..<count {
            let item = a[i]
            var j = i
            while j > 0 && less(item, a[j - 1]) {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = item
        }
    }
}

private extension UnsafeMutablePointer {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
