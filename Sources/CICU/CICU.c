// A thin shim over the system ICU. Debian's ICU renames every symbol with a version suffix through
// macros (ubrk_open -> ubrk_open_72); Swift cannot see macros, so the calls PostScreen needs are
// wrapped here. Break iterators and spoof checkers are costly to create and not thread-safe: each
// thread creates one on first use and reuses it.
#include "CICU.h"
#include <unicode/uchar.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <string.h>
#include <pthread.h>

// Each thread's checker and iterator are closed when the thread exits (a pthread key's destructor),
// so worker threads that come and go do not leave ICU objects behind.
static pthread_key_t spoof_key, iterator_key;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static void close_spoof(void *p) { if (p) uspoof_close((USpoofChecker *)p); }
static void close_iterator(void *p) { if (p) ubrk_close((UBreakIterator *)p); }
static void make_keys(void) {
    pthread_key_create(&spoof_key, close_spoof);
    pthread_key_create(&iterator_key, close_iterator);
}

int32_t psicu_char_class(uint32_t c) {
    if (c == 0x00AD || c == 0x034F || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
        return PSICU_FORMAT;
    switch (u_charType((UChar32)c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        return PSICU_LETTER;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
        return PSICU_MARK;
    case U_DECIMAL_DIGIT_NUMBER:
        return PSICU_DIGIT;
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
        return PSICU_SPACE;
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: case U_OTHER_PUNCTUATION:
        return PSICU_PUNCT;
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
        return PSICU_SYMBOL;
    case U_FORMAT_CHAR:
        return PSICU_FORMAT;
    case U_CONTROL_CHAR:
        return (c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85) ? PSICU_SPACE : PSICU_FORMAT;
    default:
        return PSICU_OTHER;
    }
}

static _Thread_local USpoofChecker *spoof_checker = NULL;

static int32_t to_utf8(const UChar *s, int32_t n, char *out, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = 0;
    u_strToUTF8(out, cap, &written, s, n, &status);
    return U_FAILURE(status) ? -1 : written;
}

int32_t psicu_fold_scalar(uint32_t scalar, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar src[2];
    int32_t srcLen = 0;
    UBool err = 0;
    U16_APPEND((UChar *)src, srcLen, 2, (UChar32)scalar, err);
    if (err) return -1;
    UChar decomposed[32];
    int32_t n = unorm2_normalize(nfkd, src, srcLen, decomposed, 32, &status);
    if (U_FAILURE(status)) return -1;
    // Drop combining marks: "Zoë" matches "Zoe"; accents added to evade are stripped too.
    UChar kept[32];
    int32_t k = 0;
    int32_t allAscii = 1;
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(decomposed, i, n, c);
        int8_t t = u_charType(c);
        if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK) continue;
        if (c > 0x7F) allAscii = 0;
        U16_APPEND(kept, k, 32, c, err);
        if (err) return -1;
    }
    if (allAscii) return to_utf8(kept, k, out, capacity);
    // Still not ASCII: a look-alike from another script maps to its Latin skeleton when there is one.
    if (spoof_checker == NULL) {
        status = U_ZERO_ERROR;
        spoof_checker = uspoof_open(&status);
        if (U_FAILURE(status)) { spoof_checker = NULL; return to_utf8(kept, k, out, capacity); }
        pthread_once(&keys_once, make_keys);
        pthread_setspecific(spoof_key, spoof_checker);
    }
    UChar skeleton[32];
    status = U_ZERO_ERROR;
    int32_t s = uspoof_getSkeleton(spoof_checker, 0, kept, k, skeleton, 32, &status);
    if (U_SUCCESS(status) && s > 0) {
        int32_t skeletonAscii = 1;
        for (int32_t i = 0; i < s; i++) if (skeleton[i] > 0x7F || !((skeleton[i] >= 'a' && skeleton[i] <= 'z') || (skeleton[i] >= 'A' && skeleton[i] <= 'Z'))) skeletonAscii = 0;
        if (skeletonAscii && s == 1) {
            // Skeletons are lower-case-insensitive in shape; keep the case of the original scalar.
            UChar ch = skeleton[0];
            if (u_isupper((UChar32)scalar) && ch >= 'a' && ch <= 'z') ch = (UChar)(ch - 32);
            if (u_islower((UChar32)scalar) && ch >= 'A' && ch <= 'Z') ch = (UChar)(ch + 32);
            return to_utf8(&ch, 1, out, capacity);
        }
    }
    return to_utf8(kept, k, out, capacity);
}

static _Thread_local UBreakIterator *word_iterator = NULL;

int32_t psicu_word_boundaries(const uint16_t *text, int32_t length, int32_t *boundaries, int32_t *statuses, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    if (word_iterator == NULL) {
        word_iterator = ubrk_open(UBRK_WORD, "en_GB", NULL, 0, &status);
        if (U_FAILURE(status)) { word_iterator = NULL; return -1; }
        pthread_once(&keys_once, make_keys);
        pthread_setspecific(iterator_key, word_iterator);
    }
    ubrk_setText(word_iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    for (int32_t b = ubrk_first(word_iterator); b != UBRK_DONE && count < capacity; b = ubrk_next(word_iterator)) {
        boundaries[count] = b;
        statuses[count] = ubrk_getRuleStatus(word_iterator);
        count++;
    }
    // Drop the text pointer so a freed buffer is never referenced.
    static const UChar empty[1] = {0};
    status = U_ZERO_ERROR;
    ubrk_setText(word_iterator, empty, 0, &status);
    return count;
}

int32_t psicu_nfc_utf8(const char *text, int32_t length, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t u16len = 0;
    u_strFromUTF8(NULL, 0, &u16len, text, length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return -1;
    status = U_ZERO_ERROR;
    UChar buffer[1024], normal[2048];
    if (u16len > 1024) return -1;
    u_strFromUTF8(buffer, 1024, &u16len, text, length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t n = unorm2_normalize(nfc, buffer, u16len, normal, 2048, &status);
    if (U_FAILURE(status)) return -1;
    return to_utf8(normal, n, out, capacity);
}
