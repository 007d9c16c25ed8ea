import Foundation

/// Runs `transform` on items from `next` with `workers` threads and hands the results to `consume` on the calling
/// thread in input order. Output therefore never depends on the number of workers or on timing, which is what
/// makes every stage deterministic. At most `window` items are in flight, so memory stays bounded however long the
/// input is. The first error (from `next`, `transform` or `consume`) stops the run and is rethrown.
public func orderedParallelMap<Input, Output>(
    workers: Int,
    window: Int? = nil,
    next: () throws -> Input?,
    transform: @escaping (Input) throws -> Output,
    consume: (Output) throws -> Void
) throws {
    let workers = max(1, workers)
    if workers == 1 {
        while let item = try next() { try consume(try transform(item)) }
        return
    }
    let window = max(workers, window ?? workers * 4)
    let state = MapState<Input, Output>()

    var threads: [Thread] = []
    for _ in 0..<workers {
        let thread = Thread {
            while true {
                state.condition.lock()
                while state.queue.isEmpty && !state.closed { state.condition.wait() }
                if state.queue.isEmpty {
                    state.condition.unlock()
                    return
                }
                let (index, item) = state.queue.removeFirst()
                state.condition.unlock()
                let result = Result { try transform(item) }
                state.condition.lock()
                state.results[index] = result
                state.condition.broadcast()
                state.condition.unlock()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        threads.append(thread)
    }
    defer {
        state.condition.lock()
        state.closed = true
        state.queue.removeAll()
        state.condition.broadcast()
        state.condition.unlock()
    }

    var submitted = 0
    var consumed = 0
    var inputDone = false
    while true {
        // Keep the window full.
        while !inputDone && submitted - consumed < window {
            guard let item = try next() else {
                inputDone = true
                break
            }
            state.condition.lock()
            state.queue.append((submitted, item))
            state.condition.signal()
            state.condition.unlock()
            submitted += 1
        }
        if inputDone {
            state.condition.lock()
            state.closed = true
            state.condition.broadcast()
            state.condition.unlock()
        }
        if consumed == submitted { break }
        // Wait for the next result in order.
        state.condition.lock()
        while state.results[consumed] == nil { state.condition.wait() }
        let result = state.results.removeValue(forKey: consumed)!
        state.condition.unlock()
        consumed += 1
        try consume(try result.get())
    }
}

private final class MapState<Input, Output>: @unchecked Sendable {
    let condition = NSCondition()
    var queue: [(Int, Input)] = []
    var results: [Int: Result<Output, Error>] = [:]
    var closed = false
}

/// The number of workers to use when the user did not say: the machine's active cores.
public var defaultWorkerCount: Int { ProcessInfo.processInfo.activeProcessorCount }

/// `orderedParallelMap` over `0..<count` cut into `chunks` consecutive ranges (fewer when `count` is smaller, at
/// least one): `transform` gets each range, `consume` the results in range order. The ranges depend only on `count`
/// and `chunks`, never on `workers`, so a result summed chunk after chunk is the same for any number of threads.
public func orderedParallelChunks<Output>(
    count: Int,
    chunks: Int,
    workers: Int,
    window: Int? = nil,
    transform: @escaping (Range<Int>) throws -> Output,
    consume: (Output) throws -> Void
) throws {
    let chunks = max(1, min(chunks, count))
    var next = 0
    try orderedParallelMap(workers: workers, window: window, next: { () -> Range<Int>? in
        guard next < chunks else { return nil }
        next += 1
        return (count * (next - 1) / chunks)..<(count * next / chunks)
    }, transform: transform, consume: consume)
}
