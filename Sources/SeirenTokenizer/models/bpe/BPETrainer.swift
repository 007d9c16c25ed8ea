import SeirenCore

/// BPE training as sentencepiece's bpe_model_trainer.cc: start from the required characters, repeatedly merge the
/// most frequent adjacent pair of symbols (weighted by unit counts) whose concatenation is a valid piece; the n-th
/// merge gets score -n, then the characters follow. Ties go as in sentencepiece: the shorter piece, then the
/// smaller one in code point order. A merge whose piece already exists (reached by another path, e.g. "aa"+"a" and
/// "a"+"aa") is dropped without touching the text, as sentencepiece does.
///
/// Counts are kept incrementally, as Hugging Face tokenizers does: merging (L, R) into M at one place changes only
/// the pairs around it ((P, L) → (P, M) and (R, N) → (M, N)), so a merge touches the occurrences of its pair and
/// nothing else. Units live in one flat array of symbol ids, rewritten in place; each pair keeps a linked list of
/// the units it was seen in; the best pair comes from a max-heap whose stale entries are re-queued when popped,
/// and only pairs whose count rose are pushed (once per merge).
struct BPETrainer: PieceTrainer {
    let settings: TrainingSettings
    let progress: (String) -> Void

    private struct Candidate {
        var count: Int
        var pair: Int32
    }

    func train(_ units: inout TrainingUnits, pieceBudget: Int) throws -> [LearnedPiece] {
        var state = MergeState(units: units, validity: PieceValidity(settings: settings))
        let mergeTarget = pieceBudget - units.requiredCharacters.count
        var merges: [[UInt32]] = []
        var seen = Set<[UInt32]>()
        var stamp = 0
        while merges.count < mergeTarget, let best = state.popBest() {
            let pair = Int(best.pair)
            let current = state.pairCounts[pair]
            guard current > 0 else { continue }
            if current != best.count {
                // A stale entry: the count fell since it was pushed. Put the pair back with its current count.
                if current < best.count { state.push(Candidate(count: current, pair: best.pair)) }
                continue
            }
            let joined = state.piece(of: pair)
            guard seen.insert(joined).inserted else {
                state.drop(pair: pair)
                continue
            }
            stamp += 1
            state.merge(pair: pair, stamp: stamp)
            merges.append(joined)
            if merges.count % 1000 == 0 { progress("BPE: \(merges.count) merges") }
        }
        var result: [LearnedPiece] = []
        for piece in merges {
            result.append((UTF8Scalars.encode(piece), -Float(result.count)))
        }
        for (character, _) in units.requiredCharacters {
            result.append((UTF8Scalars.encode([character]), -Float(result.count)))
        }
        return result
    }

    /// Symbols, units and pair statistics of one training run.
    private struct MergeState {
        let validity: PieceValidity
        let unitCounts: [Int]
        var symbols: [[UInt32]] = []
        var symbolIds: [[UInt32]: Int32] = [:]
        /// Every unit's symbol ids back to back; a unit is `flat[unitStart[u] ..< unitStart[u] + unitLength[u]]`.
        var flat: [Int32] = []
        var unitStart: [Int] = []
        var unitLength: [Int32] = []
        var unitStamp: [Int] = []
        var pairs = PairTable()
        var pairCounts: [Int] = []
        var pairValid: [Bool] = []
        var pairRaised: [Bool] = []
        /// Head of each pair's list of units (an index into `nodeUnit`/`nodeNext`, -1 for none).
        var pairHead: [Int32] = []
        var nodeUnit: [Int32] = []
        var nodeNext: [Int32] = []
        var raised: [Int32] = []
        var heap = Heap<Candidate>()

        init(units: TrainingUnits, validity: PieceValidity) {
            self.validity = validity
            unitCounts = units.counts
            var characterIds: [UInt32: Int32] = [:]
            let total = units.units.reduce(0) { $0 + $1.count }
            flat.reserveCapacity(total)
            unitStart.reserveCapacity(units.units.count)
            for unit in units.units {
                unitStart.append(flat.count)
                unitLength.append(Int32(unit.count))
                for character in unit {
                    if let id = characterIds[character] {
                        flat.append(id)
                    } else {
                        let id = symbolId([character])
                        characterIds[character] = id
                        flat.append(id)
                    }
                }
            }
            unitStamp = [Int](repeating: 0, count: units.units.count)
            for unit in 0..<unitStart.count {
                let start = unitStart[unit], end = start + Int(unitLength[unit])
                var i = start + 1
                while i < end {
                    add(flat[i - 1], flat[i], unitCounts[unit], unit: Int32(unit))
                    i += 1
                }
            }
            pushRaised()
        }

        mutating func symbolId(_ s: [UInt32]) -> Int32 {
            if let id = symbolIds[s] { return id }
            let id = Int32(symbols.count)
            symbols.append(s)
            symbolIds[s] = id
            return id
        }

        static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

        /// The pair's index, made on first sight (its validity is decided once).
        mutating func index(_ a: Int32, _ b: Int32) -> Int {
            let (index, inserted) = pairs.findOrInsert(Self.key(a, b), next: pairCounts.count)
            if inserted {
                pairCounts.append(0)
                pairValid.append(validity.isValid(symbols[Int(a)] + symbols[Int(b)]))
                pairRaised.append(false)
                pairHead.append(-1)
            }
            return index
        }

        /// Adds `delta` occurrences of (a, b); a rise also records the unit and queues the pair for the heap.
        mutating func add(_ a: Int32, _ b: Int32, _ delta: Int, unit: Int32) {
            let p = index(a, b)
            guard pairValid[p] else { return }
            pairCounts[p] += delta
            guard delta > 0 else { return }
            nodeUnit.append(unit)
            nodeNext.append(pairHead[p])
            pairHead[p] = Int32(nodeUnit.count - 1)
            if !pairRaised[p] {
                pairRaised[p] = true
                raised.append(Int32(p))
            }
        }

        /// Pushed once per merge, not once per occurrence.
        mutating func pushRaised() {
            for p in raised {
                pairRaised[Int(p)] = false
                if pairCounts[Int(p)] > 0 { push(Candidate(count: pairCounts[Int(p)], pair: p)) }
            }
            raised.removeAll(keepingCapacity: true)
        }

        func piece(of pair: Int) -> [UInt32] {
            let key = pairs.keys[pair]
            return symbols[Int(key >> 32)] + symbols[Int(key & 0xFFFF_FFFF)]
        }

        /// Forgets the pair's occurrences so far (sentencepiece: a duplicate piece's symbol is deactivated; later
        /// occurrences make a new one).
        mutating func drop(pair: Int) {
            pairCounts[pair] = 0
            pairHead[pair] = -1
        }

        /// Replaces every occurrence of the pair, left to right without overlap, in every unit that has it, and
        /// updates the neighbouring pairs' counts.
        mutating func merge(pair: Int, stamp: Int) {
            let key = pairs.keys[pair]
            let left = Int32(truncatingIfNeeded: key >> 32), right = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
            let merged = symbolId(symbols[Int(left)] + symbols[Int(right)])
            var node = pairHead[pair]
            pairHead[pair] = -1
            while node >= 0 {
                let unit = Int(nodeUnit[Int(node)])
                node = nodeNext[Int(node)]
                if unitStamp[unit] == stamp { continue }
                unitStamp[unit] = stamp
                let count = unitCounts[unit]
                let start = unitStart[unit], end = start + Int(unitLength[unit])
                var read = start, write = start
                while read < end {
                    if read + 1 < end && flat[read] == left && flat[read + 1] == right {
                        if write > start {
                            let previous = flat[write - 1]
                            add(previous, left, -count, unit: Int32(unit))
                            add(previous, merged, count, unit: Int32(unit))
                        }
                        if read + 2 < end {
                            let next = flat[read + 2]
                            add(right, next, -count, unit: Int32(unit))
                            add(merged, next, count, unit: Int32(unit))
                        }
                        flat[write] = merged
                        read += 2
                    } else {
                        flat[write] = flat[read]
                        read += 1
                    }
                    write += 1
                }
                unitLength[unit] = Int32(write - start)
            }
            pairCounts[pair] = 0
            pushRaised()
        }

        // A max-heap in sentencepiece's order: higher count, then fewer characters, then the smaller piece.

        @inline(__always)
        static func outranks(_ a: Candidate, _ b: Candidate, _ keys: [UInt64], _ symbols: [[UInt32]]) -> Bool {
            if a.count != b.count { return a.count > b.count }
            let ka = keys[Int(a.pair)], kb = keys[Int(b.pair)]
            let (a1, a2) = (symbols[Int(ka >> 32)], symbols[Int(ka & 0xFFFF_FFFF)])
            let (b1, b2) = (symbols[Int(kb >> 32)], symbols[Int(kb & 0xFFFF_FFFF)])
            let la = a1.count + a2.count, lb = b1.count + b2.count
            if la != lb { return la < lb }
            for i in 0..<la {
                let ca = i < a1.count ? a1[i] : a2[i - a1.count]
                let cb = i < b1.count ? b1[i] : b2[i - b1.count]
                if ca != cb { return ca < cb }
            }
            return a.pair < b.pair
        }

        mutating func push(_ item: Candidate) {
            // The order reads the pair and symbol tables: locals, so the heap (part of self) can be mutated.
            let (keys, symbols) = (pairs.keys, self.symbols)
            heap.push(item) { Self.outranks($0, $1, keys, symbols) }
        }

        mutating func popBest() -> Candidate? {
            let (keys, symbols) = (pairs.keys, self.symbols)
            return heap.pop { Self.outranks($0, $1, keys, symbols) }
        }
    }
}

/// UInt64 pair keys → dense indices, open addressing (the standard Dictionary's hashing costs more than the work
/// it indexes here).
private struct PairTable {
    private(set) var keys: [UInt64] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 16)
    private var mask = (1 << 16) - 1

    func find(_ key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: FastHash.mix64(key)) & mask
        while true {
            let index = slots[slot]
            if index < 0 || keys[Int(index)] == key { return Int(index) }
            slot = (slot + 1) & mask
        }
    }

    mutating func findOrInsert(_ key: UInt64, next: Int) -> (index: Int, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: FastHash.mix64(key)) & mask
        while true {
            let index = slots[slot]
            if index < 0 { break }
            if keys[Int(index)] == key { return (Int(index), false) }
            slot = (slot + 1) & mask
        }
        precondition(next == keys.count)
        keys.append(key)
        slots[slot] = Int32(next)
        if keys.count * 2 > slots.count { grow() }
        return (next, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (index, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: FastHash.mix64(key)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
