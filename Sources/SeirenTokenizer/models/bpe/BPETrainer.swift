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

        var pairCounts: [UInt64: Int] = [:]
        var pairUnits: [UInt64: [Int32]] = [:]
        var validPairs: [UInt64: Bool] = [:]
        func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }
        func isValid(_ k: UInt64) -> Bool {
            if let known = validPairs[k] { return known }
            let joined = symbols[Int(k >> 32)] + symbols[Int(k & 0xFFFF_FFFF)]
            let valid = validity.isValid(joined)
            validPairs[k] = valid
            return valid
        }
        var heap = Heap<Candidate>()
        // Pairs whose count went up since the heap last saw them: pushed once per merge, not once per occurrence.
        var raised = Set<UInt64>()
        func addPairs(_ unit: Int, sign: Int) {
            let sequence = sequences[unit]
            guard sequence.count >= 2 else { return }
            for i in 1..<sequence.count {
                let k = key(sequence[i - 1], sequence[i])
                guard isValid(k) else { continue }
                pairCounts[k, default: 0] += sign * counts[unit]
                if sign > 0 {
                    pairUnits[k, default: []].append(Int32(unit))
                    raised.insert(k)
                }
            }
        }
        func pushRaised() {
            for k in raised {
                if let count = pairCounts[k], count > 0 { heap.push(Candidate(count: count, key: k)) }
            }
            raised.removeAll(keepingCapacity: true)
        }
        for unit in sequences.indices { addPairs(unit, sign: 1) }
        pushRaised()

        var merges: [[UInt32]] = []
        var seen = Set<[UInt32]>()
        var stamp = [Int](repeating: -1, count: sequences.count)
        while merges.count < mergeTarget, let best = heap.pop() {
            guard let current = pairCounts[best.key], current > 0 else { continue }
            if current != best.count {
                // A stale entry: the count fell since it was pushed. Put the pair back with its current count.
                if current < best.count { heap.push(Candidate(count: current, key: best.key)) }
                continue
            }
            let left = Int32(truncatingIfNeeded: best.key >> 32), right = Int32(truncatingIfNeeded: best.key & 0xFFFF_FFFF)
            let joined = symbols[Int(left)] + symbols[Int(right)]
            let merged = symbolId(joined)
            if seen.insert(joined).inserted { merges.append(joined) }
            let affected = pairUnits.removeValue(forKey: best.key) ?? []
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
            pairCounts[best.key] = nil
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
