#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory of this process (getrusage; Linux reports kilobytes).
public enum PeakMemory {
    public static func bytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }
}
