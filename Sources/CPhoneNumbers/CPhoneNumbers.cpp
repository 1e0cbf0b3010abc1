// A C face on Google's libphonenumber (C++), so Swift can call it without C++ interop.
#include "CPhoneNumbers.h"

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "phonenumbers/phonenumberutil.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// The library's singleton parses its metadata on first use; nothing is loaded until a caller asks.
const PhoneNumberUtil &util() { return *PhoneNumberUtil::GetInstance(); }

void fill(const PhoneNumberUtil &u, const PhoneNumber &number, psphone_reading *out) {
    out->country_code = number.country_code();
    out->type = PSPHONE_UNKNOWN;
    std::string region;
    u.GetRegionCodeForNumber(number, &region);
    if (region == "ZZ") region.clear();
    std::strncpy(out->region, region.c_str(), sizeof out->region - 1);
    out->region[sizeof out->region - 1] = 0;
    std::string national;
    u.GetNationalSignificantNumber(number, &national);
    std::strncpy(out->national, national.c_str(), sizeof out->national - 1);
    out->national[sizeof out->national - 1] = 0;
    if (u.IsValidNumber(number)) {
        out->status = PSPHONE_VALID;
        out->type = static_cast<int32_t>(u.GetNumberType(number));
    } else {
        PhoneNumberUtil::ValidationResult r = u.IsPossibleNumberWithReason(number);
        out->status = (r == PhoneNumberUtil::IS_POSSIBLE) ? PSPHONE_POSSIBLE : PSPHONE_NOT_A_NUMBER;
    }
}

// Regions by trunk prefix ("0" → GB, FR, DE, …), built once.
struct TrunkRegions {
    std::vector<std::pair<std::string, std::string>> regions;  // (trunk prefix, region)
    TrunkRegions() {
        const PhoneNumberUtil &u = util();
        std::set<std::string> all;
        u.GetSupportedRegions(&all);
        for (const std::string &region : all) {
            std::string prefix;
            u.GetNddPrefixForRegion(region, true, &prefix);
            if (!prefix.empty()) regions.emplace_back(prefix, region);
        }
    }
};

const TrunkRegions &trunkRegions() {
    static const TrunkRegions table;  // thread-safe initialisation (C++11)
    return table;
}

}  // namespace

extern "C" int32_t psphone_read(const char *number, int32_t length, const char *region, psphone_reading *out) {
    std::memset(out, 0, sizeof *out);
    out->type = PSPHONE_UNKNOWN;
    const PhoneNumberUtil &u = util();
    PhoneNumber parsed;
    if (u.Parse(std::string(number, static_cast<size_t>(length)), region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return out->status = PSPHONE_NOT_A_NUMBER;
    }
    fill(u, parsed, out);
    return out->status;
}

extern "C" int32_t psphone_read_anywhere(const char *number, int32_t length, const char *except_region, uint32_t type_mask,
                                         psphone_reading *out) {
    std::memset(out, 0, sizeof *out);
    out->type = PSPHONE_UNKNOWN;
    const PhoneNumberUtil &u = util();
    const std::string text(number, static_cast<size_t>(length));
    for (const auto &entry : trunkRegions().regions) {
        if (text.compare(0, entry.first.size(), entry.first) != 0 || entry.second == except_region) continue;
        PhoneNumber parsed;
        if (u.Parse(text, entry.second, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
        if (!u.IsValidNumberForRegion(parsed, entry.second)) continue;
        const int32_t type = static_cast<int32_t>(u.GetNumberType(parsed));
        if (type < 0 || type > 31 || !(type_mask & (1u << type))) continue;
        fill(u, parsed, out);
        return 1;
    }
    return 0;
}

extern "C" int32_t psphone_is_region(const char *region) {
    std::set<std::string> all;
    util().GetSupportedRegions(&all);
    return all.count(region) ? 1 : 0;
}
