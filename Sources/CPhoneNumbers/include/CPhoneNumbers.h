#ifndef POSTSCREEN_CPHONENUMBERS_H
#define POSTSCREEN_CPHONENUMBERS_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How a number reads in a region, by Google's libphonenumber.
enum {
    PSPHONE_NOT_A_NUMBER = 0,  /* cannot be parsed, or the wrong length for the region */
    PSPHONE_POSSIBLE = 1,      /* the right length, but not in any range the metadata knows */
    PSPHONE_VALID = 2,         /* in a range the metadata knows */
};

/// libphonenumber's number types, in its own order (PhoneNumberUtil::PhoneNumberType).
enum {
    PSPHONE_FIXED_LINE = 0,
    PSPHONE_MOBILE = 1,
    PSPHONE_FIXED_LINE_OR_MOBILE = 2,
    PSPHONE_TOLL_FREE = 3,
    PSPHONE_PREMIUM_RATE = 4,
    PSPHONE_SHARED_COST = 5,
    PSPHONE_VOIP = 6,
    PSPHONE_PERSONAL_NUMBER = 7,
    PSPHONE_PAGER = 8,
    PSPHONE_UAN = 9,
    PSPHONE_VOICEMAIL = 10,
    PSPHONE_UNKNOWN = 11,
};

typedef struct {
    int32_t status;        /* PSPHONE_NOT_A_NUMBER, _POSSIBLE or _VALID */
    int32_t type;          /* a PSPHONE_ type; PSPHONE_UNKNOWN unless valid */
    int32_t country_code;  /* the calling code read, e.g. 44 */
    char national[24];     /* the national significant number, e.g. "7700900123" */
} psphone_reading;

/// Whether libphonenumber could be opened (libphonenumber.so.8, package libphonenumber8). It is opened,
/// and its metadata parsed, on the first call of any function here, not before.
int32_t psphone_available(void);

/// Reads `number` (ASCII digits, optionally led by "+") as written in `region` (two letters).
/// Returns `out->status` (PSPHONE_NOT_A_NUMBER when the library is unavailable).
int32_t psphone_read(const char *number, int32_t length, const char *region, psphone_reading *out);

/// Reads a national `number` (led by a trunk prefix, e.g. "0") in every region whose trunk prefix it
/// starts with, except `except_region`; fills `out` for the first region (in code order) where it is
/// valid with a type in `type_mask` (bit 1 << PSPHONE_ type). Returns 1 if there is one, else 0.
int32_t psphone_read_anywhere(const char *number, int32_t length, const char *except_region, uint32_t type_mask,
                              psphone_reading *out);

/// Whether libphonenumber knows `region` (two letters, e.g. "GB").
int32_t psphone_is_region(const char *region);

#ifdef __cplusplus
}
#endif
#endif
