/// A failure of one of the decompressors here: the library's message, or a stream that ends in the middle.
public enum CompressionError: Error, CustomStringConvertible, Equatable {
    case library(format: String, message: String)
    case truncated(format: String)

    public var description: String {
        switch self {
        case .library(let format, let message): return "\(format): \(message)"
        case .truncated(let format): return "\(format): the stream ends in the middle (truncated file)"
        }
    }
}
