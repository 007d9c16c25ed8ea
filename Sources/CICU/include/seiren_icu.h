// A C face for the few ICU services Seiren needs. It includes no ICU header on purpose: Foundation carries its own
// ICU, and a Swift module that saw both sets of declarations would not compile. Text crosses as UTF-8 bytes.
#ifndef SEIREN_ICU_H
#define SEIREN_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Unicode normalization forms; values are stable (Swift mirrors them).
enum {
    SEIREN_NFC = 0,
    SEIREN_NFKC = 1,
    SEIREN_NFKC_CASEFOLD = 2,
    SEIREN_NFD = 3,
    SEIREN_NFKD = 4,
};

/// Normalizes `len` bytes of UTF-8 at `src` into `dst` (capacity `cap`). Returns the length of the full result,
/// which may exceed `cap` (then call again with a larger buffer), or -1 with `*error` set to an ICU error code.
int64_t seiren_icu_normalize(int32_t form, const char *src, int64_t len, char *dst, int64_t cap, int32_t *error);

/// 1 when the text is already in the form (a cheap check that lets callers skip copying), 0 when not, -1 on error.
int32_t seiren_icu_is_normalized(int32_t form, const char *src, int64_t len, int32_t *error);

/// Guesses the charset of raw bytes. Writes its name (e.g. "Shift_JIS", "EUC-JP", "UTF-16LE") NUL-terminated into
/// `name` and the detector's confidence (0-100). Returns 0 on success, -1 when nothing matched or on error.
int32_t seiren_icu_detect_charset(const char *src, int32_t len, char *name, int32_t name_cap, int32_t *confidence,
                                  int32_t *error);

/// Converts bytes in `charset` to UTF-8. Same return convention as seiren_icu_normalize. When `strict` is non-zero,
/// an unmappable or illegal byte sequence is an error instead of becoming U+FFFD.
int64_t seiren_icu_convert_to_utf8(const char *charset, const char *src, int64_t len, char *dst, int64_t cap,
                                   int32_t strict, int32_t *error);

/// A compiled ICU regular expression (opaque). Not thread-safe: clone one per thread.
typedef struct seiren_regex seiren_regex;

/// Compiles `pattern` (UTF-8, ICU syntax) with Oniguruma's (Ruby's) line rules, which Hugging Face `tokenizers`
/// uses: `^` and `$` match at every line start and end, and only `\n` ends a line. NULL with `*error` on failure;
/// `*error_offset` is then the offset in the pattern ICU complained about (or -1).
seiren_regex *seiren_regex_open(const char *pattern, int64_t len, int32_t *error, int32_t *error_offset);
seiren_regex *seiren_regex_clone(const seiren_regex *regex, int32_t *error);
void seiren_regex_close(seiren_regex *regex);

/// All matches in `len` bytes of valid UTF-8, as Oniguruma's find iterator gives them: left to right, each search
/// starting where the previous match ended, and an empty match exactly there skipped (the search moves on one
/// character). Writes [start, end) UTF-8 byte offset pairs into `out` (room for `cap` pairs) and returns the number
/// of matches, which may exceed `cap` (then call again with more room), or -1 with `*error` set.
int64_t seiren_regex_find_all(seiren_regex *regex, const char *text, int64_t len, int64_t *out, int64_t cap,
                              int32_t *error);

/// ICU's name for an error code, e.g. "U_ILLEGAL_ARGUMENT_ERROR".
const char *seiren_icu_error_name(int32_t error);

#ifdef __cplusplus
}
#endif
#endif
