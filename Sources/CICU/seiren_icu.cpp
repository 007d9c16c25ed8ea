// Implementation of seiren_icu.h. ICU's renamed symbols (e.g. u_errorName_72) are resolved here by the C++
// compiler, so the Swift side never depends on ICU's version suffix.
#include "seiren_icu.h"

#include <cstring>
#include <string>
#include <vector>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>

static const icu::Normalizer2 *normalizer_for(int32_t form, UErrorCode &status) {
    switch (form) {
    case SEIREN_NFC: return icu::Normalizer2::getNFCInstance(status);
    case SEIREN_NFKC: return icu::Normalizer2::getNFKCInstance(status);
    case SEIREN_NFKC_CASEFOLD: return icu::Normalizer2::getNFKCCasefoldInstance(status);
    case SEIREN_NFD: return icu::Normalizer2::getNFDInstance(status);
    case SEIREN_NFKD: return icu::Normalizer2::getNFKDInstance(status);
    default: status = U_ILLEGAL_ARGUMENT_ERROR; return nullptr;
    }
}

int64_t seiren_icu_normalize(int32_t form, const char *src, int64_t len, char *dst, int64_t cap, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *n = normalizer_for(form, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    if (len > INT32_MAX) { *error = U_INDEX_OUTOFBOUNDS_ERROR; return -1; }
    std::string out;
    out.reserve((size_t)len + 16);
    icu::StringByteSink<std::string> sink(&out);
    n->normalizeUTF8(0, icu::StringPiece(src, (int32_t)len), sink, nullptr, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    if ((int64_t)out.size() <= cap) std::memcpy(dst, out.data(), out.size());
    *error = 0;
    return (int64_t)out.size();
}

int32_t seiren_icu_is_normalized(int32_t form, const char *src, int64_t len, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *n = normalizer_for(form, status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    if (len > INT32_MAX) { *error = U_INDEX_OUTOFBOUNDS_ERROR; return -1; }
    UBool yes = n->isNormalizedUTF8(icu::StringPiece(src, (int32_t)len), status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return yes ? 1 : 0;
}

int32_t seiren_icu_detect_charset(const char *src, int32_t len, char *name, int32_t name_cap, int32_t *confidence,
                                  int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    ucsdet_setText(det, src, len, &status);
    const UCharsetMatch *match = ucsdet_detect(det, &status);
    int32_t result = -1;
    if (U_SUCCESS(status) && match != nullptr) {
        const char *found = ucsdet_getName(match, &status);
        int32_t conf = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && found != nullptr && (int32_t)std::strlen(found) < name_cap) {
            std::strcpy(name, found);
            *confidence = conf;
            result = 0;
        }
    }
    ucsdet_close(det);
    *error = U_FAILURE(status) ? status : 0;
    return result;
}

int64_t seiren_icu_convert_to_utf8(const char *charset, const char *src, int64_t len, char *dst, int64_t cap,
                                   int32_t strict, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    if (len > INT32_MAX || cap > INT32_MAX) { *error = U_INDEX_OUTOFBOUNDS_ERROR; return -1; }
    UConverter *from = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    if (strict) {
        ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    int32_t needed = ucnv_convert("UTF-8", charset, dst, (int32_t)cap, src, (int32_t)len, &status);
    if (strict && U_SUCCESS(status)) {
        // ucnv_convert opens its own converters, so check strictness with a second, explicit pass.
        status = U_ZERO_ERROR;
        const char *in = src;
        const char *inEnd = src + len;
        UChar buffer[4096];
        while (in < inEnd && U_SUCCESS(status)) {
            UChar *out = buffer;
            ucnv_toUnicode(from, &out, buffer + 4096, &in, inEnd, nullptr, true, &status);
            if (status == U_BUFFER_OVERFLOW_ERROR) status = U_ZERO_ERROR;
        }
    }
    ucnv_close(from);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return needed;
}

const char *seiren_icu_error_name(int32_t error) { return u_errorName((UErrorCode)error); }

struct seiren_regex {
    URegularExpression *re;
    // The UTF-16 copy of the text being searched and, per UTF-16 unit, its UTF-8 byte offset.
    std::vector<UChar> text;
    std::vector<int64_t> offsets;
};

seiren_regex *seiren_regex_open(const char *pattern, int64_t len, int32_t *error, int32_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse;
    *error_offset = -1;
    if (len > INT32_MAX) { *error = U_INDEX_OUTOFBOUNDS_ERROR; return nullptr; }
    std::vector<UChar> source((size_t)len + 1);
    int32_t sourceLength = 0;
    u_strFromUTF8(source.data(), (int32_t)source.size(), &sourceLength, pattern, (int32_t)len, &status);
    if (U_FAILURE(status)) { *error = status; return nullptr; }
    URegularExpression *re = uregex_open(source.data(), sourceLength, UREGEX_MULTILINE | UREGEX_UNIX_LINES, &parse,
                                         &status);
    if (U_FAILURE(status)) {
        *error = status;
        *error_offset = parse.offset;
        return nullptr;
    }
    *error = 0;
    return new seiren_regex{re, {}, {}};
}

seiren_regex *seiren_regex_clone(const seiren_regex *regex, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *re = uregex_clone(regex->re, &status);
    if (U_FAILURE(status)) { *error = status; return nullptr; }
    *error = 0;
    return new seiren_regex{re, {}, {}};
}

void seiren_regex_close(seiren_regex *regex) {
    if (regex == nullptr) return;
    uregex_close(regex->re);
    delete regex;
}

int64_t seiren_regex_find_all(seiren_regex *regex, const char *text, int64_t len, int64_t *out, int64_t cap,
                              int32_t *error) {
    if (len > INT32_MAX / 2) { *error = U_INDEX_OUTOFBOUNDS_ERROR; return -1; }
    std::vector<UChar> &u16 = regex->text;
    std::vector<int64_t> &map = regex->offsets;
    u16.clear();
    map.clear();
    const uint8_t *s = (const uint8_t *)text;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        if (c <= 0xFFFF) {
            u16.push_back((UChar)c);
            map.push_back(start);
        } else {
            u16.push_back(U16_LEAD(c));
            u16.push_back(U16_TRAIL(c));
            map.push_back(start);
            map.push_back(start);
        }
    }
    map.push_back(len);
    UErrorCode status = U_ZERO_ERROR;
    int32_t size = (int32_t)u16.size();
    UChar empty = 0;
    uregex_setText(regex->re, size ? u16.data() : &empty, size, &status);
    if (U_FAILURE(status)) { *error = status; return -1; }
    int64_t count = 0;
    int32_t from = 0;
    int32_t lastEnd = -1;
    while (from <= size) {
        if (!uregex_find(regex->re, from, &status)) break;
        if (U_FAILURE(status)) break;
        int32_t ms = uregex_start(regex->re, 0, &status);
        int32_t me = uregex_end(regex->re, 0, &status);
        if (U_FAILURE(status)) break;
        if (ms == me && me == lastEnd) {
            // Oniguruma's iterator refuses an empty match where the last one ended and steps one character on.
            from += (from < size && U16_IS_LEAD(u16[from]) && from + 1 < size) ? 2 : 1;
            continue;
        }
        if (count < cap) {
            out[2 * count] = map[ms];
            out[2 * count + 1] = map[me];
        }
        count++;
        from = me;
        lastEnd = me;
    }
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return count;
}
