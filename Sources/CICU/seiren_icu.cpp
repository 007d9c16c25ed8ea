// Implementation of seiren_icu.h. ICU's renamed symbols (e.g. u_errorName_72) are resolved here by the C++
// compiler, so the Swift side never depends on ICU's version suffix.
#include "seiren_icu.h"

#include <cstring>
#include <string>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uversion.h>
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
    UConverter *to = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status)) { ucnv_close(from); *error = status; return -1; }
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
    ucnv_close(to);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
    if (U_FAILURE(status)) { *error = status; return -1; }
    *error = 0;
    return needed;
}

const char *seiren_icu_error_name(int32_t error) { return u_errorName((UErrorCode)error); }

const char *seiren_icu_version(void) { return U_ICU_VERSION; }
