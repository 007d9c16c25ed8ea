#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory of this process (getrusage; Linux reports kilobytes).
public enum PeakMemory {
    public static func bytes() -> Int { Posix.peakResidentBytes() }
}
