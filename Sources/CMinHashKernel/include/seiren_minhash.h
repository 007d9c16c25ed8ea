#ifndef SEIREN_MINHASH_H
#define SEIREN_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets the kernel can use, from the most portable up.
enum {
    SEIREN_MINHASH_PORTABLE = 0,
    SEIREN_MINHASH_AVX2 = 1,
    SEIREN_MINHASH_AVX512 = 2,
    SEIREN_MINHASH_AVX512_IFMA = 3,
};

/// The best level this processor and operating system support (checked once with cpuid and xgetbv).
int32_t seiren_minhash_best_level(void);

/// MinHash of a set of 32-bit shingle hashes under `k` multiply-add-shift permutations in 52-bit arithmetic:
///   out[i] = min over j < n of ((a[i] * x[j] + b[i]) mod 2^52) >> 20
/// with a[i], b[i] < 2^52 (higher bits are ignored). 52 bits because AVX-512 IFMA multiplies and adds them in one
/// instruction. Every level computes exactly the same values; a level above what the processor supports is
/// lowered to it.
/// `n` may be 0 (then every out[i] is UINT32_MAX).
void seiren_minhash_min(int32_t level, const uint32_t *x, size_t n, const uint64_t *a, const uint64_t *b, size_t k,
                        uint32_t *out);

#ifdef __cplusplus
}
#endif

#endif
