/// Seed pieces for Unigram training, as sentencepiece's `MakeSeedSentencePieces`: every character, then frequent
/// substrings ranked by frequency × length. sentencepiece finds repeated substrings with an enhanced suffix array
/// (esaxx); here a suffix array sorted on the first `maxPieceLength` characters (prefix doubling with radix sorts)
/// and its LCP intervals give the same repeated substrings up to the maximum piece length, with frequencies
/// weighted by unit counts.
enum SeedPieces {
    static func make(units: TrainingUnits, validity: PieceValidity, limit: Int) -> [(piece: [UInt32], frequency: Int)] {
        // Concatenate units with a 0 boundary; remember each position's unit count.
        var text: [UInt32] = []
        var weight: [Int32] = []
        var characterCounts: [UInt32: Int] = [:]
        // A unit seen more than once is laid down twice (the copy weighing nothing), so its substrings are repeats
        // as they are in the full corpus sentencepiece indexes: the repeated substrings (suffix-tree internal nodes)
        // are then the same as over the whole corpus, and frequencies stay exact.
        for (unit, count) in zip(units.units, units.counts) {
            for copy in 0..<(count > 1 ? 2 : 1) {
                for c in unit {
                    text.append(c)
                    weight.append(copy == 0 ? Int32(clamping: count) : 0)
                    if copy == 0 && c != TrainingCorpus.unknownCharacter { characterCounts[c, default: 0] += count }
                }
                text.append(0)
                weight.append(0)
            }
        }
        var seeds: [(piece: [UInt32], frequency: Int)] = characterCounts
            .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { ([$0.key], $0.value) }

        let n = text.count
        // Sorted and compared one character beyond the maximum piece length, so an interval of that length is a
        // true branching node (longer ones are not valid pieces anyway).
        let depth = validity.maxLength + 1
        let suffixes = suffixArray(text, depth: depth)
        // LCP of neighbours, capped and stopped at unit boundaries.
        var lcp = [Int32](repeating: 0, count: n + 1)
        for i in 1..<max(n, 1) {
            let a = Int(suffixes[i - 1]), b = Int(suffixes[i])
            var k = 0
            while k < depth, a + k < n, b + k < n, text[a + k] != 0, text[a + k] == text[b + k] { k += 1 }
            lcp[i] = Int32(k)
        }
        var prefixWeight = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { prefixWeight[i + 1] = prefixWeight[i] + Int(weight[Int(suffixes[i])]) }

        // Bottom-up traversal of the LCP intervals: each is a substring shared by all suffixes in it.
        var candidates: [(score: Int, frequency: Int, start: Int32, length: Int32)] = []
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
                        candidates.append((frequency * length, frequency, Int32(start), Int32(length)))
                    }
                }
            }
            if current > stack[stack.count - 1].lcp { stack.append((current, lb)) }
        }
        candidates.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            return text[Int($0.start)..<Int($0.start + $0.length)].lexicographicallyPrecedes(text[Int($1.start)..<Int($1.start + $1.length)])
        }
        for candidate in candidates {
            if seeds.count >= limit { break }
            let start = Int(candidate.start)
            // Like sentencepiece, a substring's initial weight is frequency × length.
            seeds.append((Array(text[start..<start + Int(candidate.length)]), candidate.score))
        }
        return seeds
    }

    /// Suffix array ordered by the first `depth` characters (or more): prefix doubling, each round two stable
    /// counting sorts on ranks.
    static func suffixArray(_ text: [UInt32], depth: Int) -> [Int32] {
        let n = text.count
        if n == 0 { return [] }
        // Ranks by the first character: dense, the boundary 0 lowest.
        let alphabet = Array(Set(text)).sorted()
        var characterRank: [UInt32: Int32] = [:]
        for (i, c) in alphabet.enumerated() { characterRank[c] = Int32(i + 1) }
        var rank = text.map { characterRank[$0]! }
        var maxRank = alphabet.count
        var sorted = [Int32](repeating: 0, count: n)
        var buffer = Array(Int32(0)..<Int32(n))
        var counts = [Int32](repeating: 0, count: 1)
        countingSort(buffer, into: &sorted, by: rank, offset: 0, keyCount: maxRank + 1, counts: &counts)
        var h = 1
        // Invariant: `sorted` is ordered by the first h characters and `rank` ranks them densely. `buffer` is
        // scratch for the sort and then holds the new ranks (memory: five arrays of n, at the training's peak).
        while maxRank < n && h < depth {
            countingSort(sorted, into: &buffer, by: rank, offset: h, keyCount: maxRank + 1, counts: &counts)
            countingSort(buffer, into: &sorted, by: rank, offset: 0, keyCount: maxRank + 1, counts: &counts)
            var r: Int32 = 1
            rank.withUnsafeBufferPointer { rank in
                sorted.withUnsafeBufferPointer { sorted in
                    buffer.withUnsafeMutableBufferPointer { newRank in
                        @inline(__always) func second(_ i: Int) -> Int32 { i + h < n ? rank[i + h] : 0 }
                        newRank[Int(sorted[0])] = r
                        for i in 1..<n {
                            let a = Int(sorted[i - 1]), b = Int(sorted[i])
                            if rank[a] != rank[b] || second(a) != second(b) { r += 1 }
                            newRank[b] = r
                        }
                    }
                }
            }
            swap(&rank, &buffer)
            maxRank = Int(r)
            h *= 2
        }
        return sorted
    }

    /// Stable counting sort of suffix positions by `rank[position + offset]` (0 past the end).
    private static func countingSort(_ items: [Int32], into output: inout [Int32], by rank: [Int32], offset: Int,
                                     keyCount: Int, counts: inout [Int32]) {
        if counts.count < keyCount + 1 { counts = [Int32](repeating: 0, count: keyCount + 1) }
        let n = rank.count
        items.withUnsafeBufferPointer { items in
            rank.withUnsafeBufferPointer { rank in
                output.withUnsafeMutableBufferPointer { output in
                    counts.withUnsafeMutableBufferPointer { counts in
                        @inline(__always) func key(_ item: Int32) -> Int {
                            let i = Int(item) + offset
                            return i < n ? Int(rank[i]) : 0
                        }
                        for k in 0...keyCount { counts[k] = 0 }
                        for item in items { counts[key(item) + 1] += 1 }
                        for k in 0..<keyCount { counts[k + 1] += counts[k] }
                        for item in items {
                            let k = key(item)
                            output[Int(counts[k])] = item
                            counts[k] += 1
                        }
                    }
                }
            }
        }
    }
}
