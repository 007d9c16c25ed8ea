import CMinHashKernel

/// The MinHash inner loop (CMinHashKernel), the only code here that touches its pointers. The vector level is
/// chosen once from the processor; every level gives the same values, so signatures do not depend on the machine.
public enum MinHashKernel {
    public enum Level: Int32, CaseIterable, Sendable, Comparable {
        case portable = 0, avx2 = 1, avx512 = 2, avx512ifma = 3
        public static func < (l: Level, r: Level) -> Bool { l.rawValue < r.rawValue }
    }

    /// The best level this machine supports.
    public static let best = Level(rawValue: seiren_minhash_best_level()) ?? .portable

    /// `out[i]` = min over `x` of ((a[i]·x + b[i]) mod 2^52) >> 20 (a, b taken mod 2^52); UInt32.max when `x` is
    /// empty.
    static func minimums(of x: UnsafeBufferPointer<UInt32>, multipliers a: UnsafeBufferPointer<UInt64>,
                         increments b: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt32>,
                         level: Level = best) {
        precondition(a.count == b.count && out.count == a.count)
        seiren_minhash_min(level.rawValue, x.baseAddress, x.count, a.baseAddress, b.baseAddress, a.count,
                           out.baseAddress)
    }
}
