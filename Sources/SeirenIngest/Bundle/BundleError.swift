/// Why a bundle, a key or an archive was refused. The message names the file and says what is wrong in words a
/// person receiving a bundle can act on.
public struct BundleError: Error, CustomStringConvertible, Equatable {
    public enum Reason: String, Sendable {
        case notABundle = "not a bundle"
        case unsupported
        case truncated
        case modified
        case wrongRecipient = "wrong recipient"
        case wrongContributor = "wrong contributor"
        case badKey = "bad key"
        case badArchive = "bad archive"
        case output
    }

    public var path: String
    public var reason: Reason
    public var message: String

    public init(_ path: String, _ reason: Reason, _ message: String) {
        self.path = path
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
