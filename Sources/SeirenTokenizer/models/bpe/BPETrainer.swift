/// BPE training as sentencepiece's bpe_model_trainer.cc: start from the required characters, repeatedly merge the
/// most frequent adjacent pair of symbols (weighted by unit counts) whose concatenation is a valid piece; the n-th
/// merge gets score -n, then the characters follow. Pair counts are kept incrementally: a merge only revisits the
/// units that contain the pair (an index from pair to units), and the best pair comes from a max-heap whose stale
/// entries are skipped. Ties go to the pair with the smaller symbol ids (earlier symbols), so results are
/// deterministic.
struct BPETrainer {
    let settings: TrainingSettings
    let progress: (String) -> Void

    private struct Candidate: Comparable {
        var count: Int
        var key: UInt64
        static func < (a: Candidate, b: Candidate) -> Bool { a.count < b.count || (a.count == b.count && a.key > b.key) }
    }

    func train(_ units: TrainingUnits, pieceBudget: Int) throws -> [(piece: [UInt8], score: Float)] {
        let validity = PieceValidity(settings: settings)
        var symbols: [[UInt32]] = []
        var symbolIds: [[UInt32]: Int32] = [:]
        func symbolId(_ s: [UInt32]) -> Int32 {
            if let id = symbolIds[s] { return id }
            let id = Int32(symbols.count)
            symbols.append(s)
            symbolIds[s] = id
            return id
        }
        var sequences: [[Int32]] = units.units.map { $0.map { symbolId([$0]) } }
        let counts = units.counts
        let mergeTarget = pieceBudget - units.requiredCharacters.count

        // Pairs live in arrays indexed through one hash lookup per occurrence: count, validity (cached), the units
        // that contain the pair, and whether its count rose since the heap last saw it.
        var pairIndex: [UInt64: Int32] = [:]
        var pairKeys: [UInt64] = []
        var pairCounts: [Int] = []
        var pairValid: [Bool] = []
        var pairUnits: [[Int32]] = []
        var pairRaised: [Bool] = []
        var raised: [Int32] = []
        func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }
        func index(_ k: UInt64) -> Int {
            if let i = pairIndex[k] { return Int(i) }
            let i = pairKeys.count
            pairIndex[k] = Int32(i)
            pairKeys.append(k)
            pairCounts.append(0)
            pairValid.append(validity.isValid(symbols[Int(k >> 32)] + symbols[Int(k & 0xFFFF_FFFF)]))
            pairUnits.append([])
            pairRaised.append(false)
            return i
        }
        var heap = Heap<Candidate>()
        func addPairs(_ unit: Int, sign: Int) {
            let sequence = sequences[unit]
            guard sequence.count >= 2 else { return }
            for i in 1..<sequence.count {
                let p = index(key(sequence[i - 1], sequence[i]))
                guard pairValid[p] else { continue }
                pairCounts[p] += sign * counts[unit]
                if sign > 0 {
                    pairUnits[p].append(Int32(unit))
                    if !pairRaised[p] {
                        pairRaised[p] = true
                        raised.append(Int32(p))
                    }
                }
            }
        }
        // Pushed once per merge, not once per occurrence.
        func pushRaised() {
            for p in raised {
                pairRaised[Int(p)] = false
                if pairCounts[Int(p)] > 0 { heap.push(Candidate(count: pairCounts[Int(p)], key: pairKeys[Int(p)])) }
            }
            raised.removeAll(keepingCapacity: true)
        }
        for unit in sequences.indices { addPairs(unit, sign: 1) }
        pushRaised()

        var merges: [[UInt32]] = []
        var seen = Set<[UInt32]>()
        var stamp = [Int](repeating: -1, count: sequences.count)
        while merges.count < mergeTarget, let best = heap.pop() {
            let bestIndex = Int(pairIndex[best.key]!)
            let current = pairCounts[bestIndex]
            guard current > 0 else { continue }
            if current != best.count {
                // A stale entry: the count fell since it was pushed. Put the pair back with its current count.
                if current < best.count { heap.push(Candidate(count: current, key: best.key)) }
                continue
            }
            let left = Int32(truncatingIfNeeded: best.key >> 32), right = Int32(truncatingIfNeeded: best.key & 0xFFFF_FFFF)
            let joined = symbols[Int(left)] + symbols[Int(right)]
            let merged = symbolId(joined)
            if seen.insert(joined).inserted { merges.append(joined) }
            let affected = pairUnits[bestIndex]
            pairUnits[bestIndex] = []
            for unit32 in affected {
                let unit = Int(unit32)
                if stamp[unit] == merges.count { continue }
                stamp[unit] = merges.count
                addPairs(unit, sign: -1)
                var rewritten: [Int32] = []
                rewritten.reserveCapacity(sequences[unit].count)
                var i = 0
                let sequence = sequences[unit]
                while i < sequence.count {
                    if i + 1 < sequence.count && sequence[i] == left && sequence[i + 1] == right {
                        rewritten.append(merged)
                        i += 2
                    } else {
                        rewritten.append(sequence[i])
                        i += 1
                    }
                }
                sequences[unit] = rewritten
                addPairs(unit, sign: 1)
            }
            pairCounts[bestIndex] = 0
            pushRaised()
            if merges.count % 1000 == 0 { progress("BPE: \(merges.count) merges") }
        }
        var result: [(piece: [UInt8], score: Float)] = []
        for piece in merges {
            result.append((Self.utf8(piece), -Float(result.count)))
        }
        for (character, _) in units.requiredCharacters {
            result.append((Self.utf8([character]), -Float(result.count)))
        }
        return result
    }

    static func utf8(_ scalars: [UInt32]) -> [UInt8] {
        Array(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))).utf8)
    }
}
