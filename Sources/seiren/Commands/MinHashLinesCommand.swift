import ArgumentParser
import Foundation
import SeirenCore
import SeirenDedup

/// A benchmark door into MinHash: signs every line of a text file (taken as it is: the caller gives canonical text)
/// on one core and reports the best CPU time of `--repeat` passes, from the text in memory to signatures (scalar
/// decoding and shingling included, reading the file not). The same work `rensa` is timed on in scripts/bench/dedup.
struct MinHashLinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minhash-lines",
        abstract: "Time MinHash signatures of each line of a text file, one core (for benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "A UTF-8 text file, one document per line; - for stdin.")
    var file: String
    @Option(help: "Characters per shingle.") var ngram = 5
    @Option(help: "Permutations per signature.") var hashes = 128
    @Option(help: "Seed of the permutations.") var seed: UInt64 = 1
    @Option(name: .customLong("repeat"), help: "Passes; the best CPU time is reported.") var passes = 3
    @Option(help: "Vector level: portable, avx2, avx512, avx512ifma (lowered to what the processor has).")
    var level: String?

    func run() throws {
        try reportingErrors {
            let reader = try LineReader(path: StandardStream.input(file))
            var texts: [String] = []
            while let text = try nextTextLine(reader, path: file) { texts.append(text) }
            let hasher = MinHasher(ngram: ngram, hashes: hashes, seed: seed)
            var kernel = MinHashKernel.best
            if let level {
                guard let chosen = MinHashKernel.Level.allCases.first(where: { "\($0)" == level }) else {
                    throw ValidationError("--level must be one of portable, avx2, avx512, avx512ifma")
                }
                kernel = min(chosen, MinHashKernel.best)
            }
            var signature = [UInt32](repeating: 0, count: hashes)
            var scalars: [UInt32] = []
            var best = Double.infinity
            var checksum: UInt64 = 0
            for _ in 0..<max(1, passes) {
                checksum = 0
                let start = Posix.processCPUSeconds()
                for var text in texts {
                    text.withUTF8 { UTF8Scalars.decode($0, into: &scalars) }
                    scalars.withUnsafeBufferPointer { s in
                        signature.withUnsafeMutableBufferPointer { _ = hasher.signature(of: s, into: $0, level: kernel) }
                    }
                    checksum = checksum &* 31 &+ UInt64(signature[0])
                }
                best = min(best, Posix.processCPUSeconds() - start)
            }
            let characters = texts.reduce(0) { $0 + $1.unicodeScalars.count }
            print(#"{"documents": \#(texts.count), "characters": \#(characters), "cpu_seconds": \#(best), "#
                + #""kernel": "\#(kernel)", "checksum": \#(checksum)}"#)
        }
    }
}
