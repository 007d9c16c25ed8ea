import Foundation

/// Shows how long work is going: on a terminal, one line on stderr rewritten in place (counts, rate, time left when
/// the total is known); otherwise a plain line every `plainInterval` seconds, so logs stay readable.
public final class ProgressReporter: @unchecked Sendable {
    public let label: String
    public let totalBytes: Int?
    private let isTerminal: Bool
    private let start = ContinuousClock.now
    private var lastPrint = ContinuousClock.now
    private let plainInterval: Double
    private var printedLive = false
    private let lock = NSLock()

    public init(label: String, totalBytes: Int? = nil, plainInterval: Double = 30, enabled: Bool = true) {
        self.label = label
        self.totalBytes = totalBytes
        self.plainInterval = plainInterval
        isTerminal = enabled && Posix.isTerminal(2)
        if !enabled { lastPrint = .now + .seconds(1e9) }
    }

    public func update(documents: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        let sinceLast = (now - lastPrint).seconds
        guard sinceLast >= (isTerminal ? 0.2 : plainInterval) else { return }
        lastPrint = now
        let elapsed = (now - start).seconds
        var line = "\(label): \(documents) documents, \(Self.megabytes(bytes)) MB"
        if elapsed > 0 { line += String(format: ", %.1f MB/s", Double(bytes) / 1e6 / elapsed) }
        if let total = totalBytes, total > 0, bytes > 0 {
            let fraction = min(1, Double(bytes) / Double(total))
            line += String(format: ", %.0f%%", fraction * 100)
            if fraction > 0.01 { line += ", \(Self.duration(elapsed / fraction - elapsed)) left" }
        }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            printedLive = true
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Clears the live line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if printedLive {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            printedLive = false
        }
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
