import Foundation

/// The value of `added` for documents that do not carry one. One value per run, never the clock per document.
public enum AddedTime {
    /// SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, else the current time in whole seconds,
    /// as ISO 8601 (`2024-01-01T00:00:00Z`).
    public static func `default`(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds: TimeInterval
        if let epoch = environment["SOURCE_DATE_EPOCH"], let value = TimeInterval(epoch) {
            seconds = value
        } else {
            seconds = Date().timeIntervalSince1970.rounded(.down)
        }
        return text(seconds: seconds)
    }

    /// `seconds` since 1970 as ISO 8601 in UTC (`2024-01-01T00:00:00Z`).
    public static func text(seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// True when `text` is an ISO 8601 time such as `2024-01-01T00:00:00Z`.
    public static func isValid(_ text: String) -> Bool { ISO8601DateFormatter().date(from: text) != nil }
}

/// Byte counts for people: `512 B`, `2.3 kB`, `8.1 MB`.
public enum ByteSize {
    public static func text(_ bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        if bytes >= 1_000 { return String(format: "%.1f kB", Double(bytes) / 1e3) }
        return "\(bytes) B"
    }
}
