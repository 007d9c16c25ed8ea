#if os(Linux)
import Glibc
#endif

/// Hands memory the process has freed back to the system. glibc keeps freed heap memory for reuse, so after a phase
/// with large temporary arrays the resident size stays at that phase's high-water mark, and memory that later
/// phases allocate on other threads (each thread has its own heap) comes on top of it. `malloc_trim` is not in
/// Swift's Glibc module, so it is looked up at run time; elsewhere this does nothing.
public enum FreedMemory {
    public static func release() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = Posix.libraryFunction("malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
