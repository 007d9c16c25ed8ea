/// A tokenizer failure with a message for the user (the file and what is wrong with it).
public struct TokenizerError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
