#ifndef POSTSCREEN_CICU_H
#define POSTSCREEN_CICU_H
#include <stdint.h>

/// Character classes PostScreen's tokeniser needs, derived from ICU's general category.
enum {
    PSICU_OTHER = 0,
    PSICU_LETTER = 1,
    PSICU_MARK = 2,
    PSICU_DIGIT = 3,
    PSICU_SPACE = 4,
    PSICU_PUNCT = 5,
    PSICU_SYMBOL = 6,
    PSICU_FORMAT = 7,   /* zero-width, bidi controls, soft hyphen: invisible */
};

/// The class of one Unicode scalar.
int32_t psicu_char_class(uint32_t scalar);

/// Folds one non-ASCII scalar for matching: compatibility decomposition (NFKD: full-width and
/// mathematical letters become plain ones), combining marks dropped (diacritics), and, when
/// what remains is still not ASCII, ICU's confusable skeleton (Cyrillic and Greek look-alikes).
/// Case is preserved. Writes UTF-8 to `out`; returns its length (0: the scalar vanishes),
/// or -1 when ICU fails.
int32_t psicu_fold_scalar(uint32_t scalar, char *out, int32_t capacity);

/// Word boundaries of UTF-16 text by ICU's word break iterator (one per thread, reused).
/// Writes up to `capacity` boundary offsets (UTF-16 units) and the rule status of the segment
/// ending at each (0 = not a word). Returns the count, or -1 on error.
int32_t psicu_word_boundaries(const uint16_t *text, int32_t length, int32_t *boundaries, int32_t *status, int32_t capacity);

/// NFC normalisation of UTF-8 text (used for profile names). Returns the length written or -1.
int32_t psicu_nfc_utf8(const char *text, int32_t length, char *out, int32_t capacity);

#endif
