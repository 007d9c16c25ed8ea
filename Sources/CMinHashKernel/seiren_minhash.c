// The MinHash inner loop, the one place where Seiren needs vector instructions: Swift compiles for baseline
// x86-64, and making the whole binary AVX2-only would lock out older machines. Each function here carries its own
// target attribute and is chosen at run time.
//
// The permutation is Dietzfelbinger's multiply-add-shift for 32-bit keys in 52-bit arithmetic:
//   p(x) = ((a * x + b) mod 2^52) >> 20
// AVX-512 IFMA computes b + (a * x mod 2^52) in one instruction (vpmadd52luq). Without it, with x < 2^32,
// a * x = a_lo * x + ((a_hi * x) << 32) where a_lo, a_hi are a's low 32 and high 20 bits: two 32x32->64
// multiplies (vpmuludq), which every x86-64 vector unit has. The shift commutes with the minimum, so it is taken
// once per permutation at the end.
#include "seiren_minhash.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#define MASK52 ((1ULL << 52) - 1)

static void minhash_portable(const uint32_t *x, size_t n, const uint64_t *a, const uint64_t *b, size_t k,
                             uint32_t *out) {
    size_t i = 0;
    for (; i + 4 <= k; i += 4) {  // four independent chains keep the multiplier busy
        const uint64_t a0 = a[i] & MASK52, a1 = a[i + 1] & MASK52, a2 = a[i + 2] & MASK52, a3 = a[i + 3] & MASK52;
        const uint64_t b0 = b[i] & MASK52, b1 = b[i + 1] & MASK52, b2 = b[i + 2] & MASK52, b3 = b[i + 3] & MASK52;
        uint64_t m0 = MASK52, m1 = MASK52, m2 = MASK52, m3 = MASK52;
        for (size_t j = 0; j < n; j++) {
            const uint64_t v = x[j];
            uint64_t t;
            t = (a0 * v + b0) & MASK52; m0 = t < m0 ? t : m0;
            t = (a1 * v + b1) & MASK52; m1 = t < m1 ? t : m1;
            t = (a2 * v + b2) & MASK52; m2 = t < m2 ? t : m2;
            t = (a3 * v + b3) & MASK52; m3 = t < m3 ? t : m3;
        }
        out[i] = (uint32_t)(m0 >> 20); out[i + 1] = (uint32_t)(m1 >> 20);
        out[i + 2] = (uint32_t)(m2 >> 20); out[i + 3] = (uint32_t)(m3 >> 20);
    }
    for (; i < k; i++) {
        const uint64_t ai = a[i] & MASK52, bi = b[i] & MASK52;
        uint64_t m = MASK52;
        for (size_t j = 0; j < n; j++) {
            const uint64_t t = (ai * x[j] + bi) & MASK52;
            m = t < m ? t : m;
        }
        out[i] = (uint32_t)(m >> 20);
    }
}

#if defined(__x86_64__)

// 4 permutations per 256-bit register, 2 registers per sweep. AVX2 has no 64-bit minimum, so each value is
// shifted down to 32 bits first (the high halves are then zero and a 32-bit minimum per lane is the right one).
__attribute__((target("avx2"))) static void minhash_avx2(const uint32_t *x, size_t n, const uint64_t *a,
                                                         const uint64_t *b, size_t k, uint32_t *out) {
    const __m256i mask = _mm256_set1_epi64x((long long)MASK52);
    const __m256i low32 = _mm256_set1_epi64x(0xFFFFFFFF);
    size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        const __m256i lo0 = _mm256_loadu_si256((const __m256i *)(a + i));  // vpmuludq reads only the low halves
        const __m256i lo1 = _mm256_loadu_si256((const __m256i *)(a + i + 4));
        const __m256i hi0 = _mm256_srli_epi64(_mm256_and_si256(lo0, mask), 32);
        const __m256i hi1 = _mm256_srli_epi64(_mm256_and_si256(lo1, mask), 32);
        const __m256i b0 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(b + i)), mask);
        const __m256i b1 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(b + i + 4)), mask);
        __m256i m0 = low32, m1 = low32;
        for (size_t j = 0; j < n; j++) {
            const __m256i v = _mm256_set1_epi32((int)x[j]);
            __m256i t0 = _mm256_add_epi64(_mm256_mul_epu32(lo0, v), b0);
            __m256i t1 = _mm256_add_epi64(_mm256_mul_epu32(lo1, v), b1);
            t0 = _mm256_add_epi64(t0, _mm256_slli_epi64(_mm256_mul_epu32(hi0, v), 32));
            t1 = _mm256_add_epi64(t1, _mm256_slli_epi64(_mm256_mul_epu32(hi1, v), 32));
            m0 = _mm256_min_epu32(m0, _mm256_srli_epi64(_mm256_and_si256(t0, mask), 20));
            m1 = _mm256_min_epu32(m1, _mm256_srli_epi64(_mm256_and_si256(t1, mask), 20));
        }
        uint64_t r[8];
        _mm256_storeu_si256((__m256i *)r, m0);
        _mm256_storeu_si256((__m256i *)(r + 4), m1);
        for (int l = 0; l < 8; l++) out[i + l] = (uint32_t)r[l];
    }
    if (i < k) minhash_portable(x, n, a + i, b + i, k - i, out + i);
}

// 8 permutations per 512-bit register, 4 registers per sweep; 64-bit minimum, shift at the end.
__attribute__((target("avx512f"))) static void minhash_avx512(const uint32_t *x, size_t n, const uint64_t *a,
                                                              const uint64_t *b, size_t k, uint32_t *out) {
    const __m512i mask = _mm512_set1_epi64((long long)MASK52);
    size_t i = 0;
    for (; i + 32 <= k; i += 32) {
        __m512i lo[4], hi[4], bb[4], m[4];
        for (int r = 0; r < 4; r++) {
            lo[r] = _mm512_loadu_si512((const void *)(a + i + 8 * r));
            hi[r] = _mm512_srli_epi64(_mm512_and_si512(lo[r], mask), 32);
            bb[r] = _mm512_and_si512(_mm512_loadu_si512((const void *)(b + i + 8 * r)), mask);
            m[r] = mask;
        }
        for (size_t j = 0; j < n; j++) {
            const __m512i v = _mm512_set1_epi32((int)x[j]);
            for (int r = 0; r < 4; r++) {
                __m512i t = _mm512_add_epi64(_mm512_mul_epu32(lo[r], v), bb[r]);
                t = _mm512_add_epi64(t, _mm512_slli_epi64(_mm512_mul_epu32(hi[r], v), 32));
                m[r] = _mm512_min_epu64(m[r], _mm512_and_si512(t, mask));
            }
        }
        uint64_t values[32];
        for (int r = 0; r < 4; r++) _mm512_storeu_si512((void *)(values + 8 * r), _mm512_srli_epi64(m[r], 20));
        for (int l = 0; l < 32; l++) out[i + l] = (uint32_t)values[l];
    }
    if (i < k) minhash_avx2(x, n, a + i, b + i, k - i, out + i);
}

// IFMA: one multiply-add and one minimum per 8 permutations; 4 registers per sweep.
__attribute__((target("avx512f,avx512ifma"))) static void minhash_ifma(const uint32_t *x, size_t n,
                                                                       const uint64_t *a, const uint64_t *b,
                                                                       size_t k, uint32_t *out) {
    const __m512i mask = _mm512_set1_epi64((long long)MASK52);
    size_t i = 0;
    for (; i + 32 <= k; i += 32) {
        __m512i aa[4], bb[4], m[4];
        for (int r = 0; r < 4; r++) {
            aa[r] = _mm512_and_si512(_mm512_loadu_si512((const void *)(a + i + 8 * r)), mask);
            bb[r] = _mm512_and_si512(_mm512_loadu_si512((const void *)(b + i + 8 * r)), mask);
            m[r] = mask;
        }
        for (size_t j = 0; j < n; j++) {
            const __m512i v = _mm512_set1_epi64((long long)x[j]);
            for (int r = 0; r < 4; r++) {
                // b + low 52 bits of a*x: below 2^53, so one more mask gives the value mod 2^52.
                const __m512i t = _mm512_and_si512(_mm512_madd52lo_epu64(bb[r], aa[r], v), mask);
                m[r] = _mm512_min_epu64(m[r], t);
            }
        }
        uint64_t values[32];
        for (int r = 0; r < 4; r++) _mm512_storeu_si512((void *)(values + 8 * r), _mm512_srli_epi64(m[r], 20));
        for (int l = 0; l < 32; l++) out[i + l] = (uint32_t)values[l];
    }
    if (i < k) minhash_avx2(x, n, a + i, b + i, k - i, out + i);
}

static int32_t detect_level(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return SEIREN_MINHASH_PORTABLE;
    const int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!osxsave || !avx) return SEIREN_MINHASH_PORTABLE;
    unsigned int xcr0_lo, xcr0_hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    if ((xcr0_lo & 0x6) != 0x6) return SEIREN_MINHASH_PORTABLE;  // the OS saves xmm and ymm state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return SEIREN_MINHASH_PORTABLE;
    const int avx2 = (ebx >> 5) & 1, avx512f = (ebx >> 16) & 1, ifma = (ebx >> 21) & 1;
    if (avx512f && (xcr0_lo & 0xE6) == 0xE6) {  // and opmask and zmm state
        return ifma ? SEIREN_MINHASH_AVX512_IFMA : SEIREN_MINHASH_AVX512;
    }
    if (avx2) return SEIREN_MINHASH_AVX2;
    return SEIREN_MINHASH_PORTABLE;
}

#else
static int32_t detect_level(void) { return SEIREN_MINHASH_PORTABLE; }
#endif

int32_t seiren_minhash_best_level(void) {
    static int32_t level = -1;  // every thread that races here computes the same value
    int32_t known = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (known < 0) {
        known = detect_level();
        __atomic_store_n(&level, known, __ATOMIC_RELAXED);
    }
    return known;
}

void seiren_minhash_min(int32_t level, const uint32_t *x, size_t n, const uint64_t *a, const uint64_t *b, size_t k,
                        uint32_t *out) {
    const int32_t best = seiren_minhash_best_level();
    if (level > best) level = best;
#if defined(__x86_64__)
    if (level >= SEIREN_MINHASH_AVX512_IFMA) { minhash_ifma(x, n, a, b, k, out); return; }
    if (level >= SEIREN_MINHASH_AVX512) { minhash_avx512(x, n, a, b, k, out); return; }
    if (level >= SEIREN_MINHASH_AVX2) { minhash_avx2(x, n, a, b, k, out); return; }
#endif
    minhash_portable(x, n, a, b, k, out);
}
