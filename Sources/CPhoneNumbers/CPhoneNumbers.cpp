// A C face on Google's libphonenumber (C++), so Swift can call it without C++ interop.
//
// The library is opened with dlopen on the first call, not linked: linking it maps libphonenumber,
// protobuf and abseil and runs their initialisers in every process (about 9M instructions, 5% of
// `screen`'s start-up), though most drafts never hold a number that needs it. Its C++ entry points
// are looked up by their (Itanium ABI) names; a member function is called as a plain function whose
// first argument is the object.
#include "CPhoneNumbers.h"

#include <dlfcn.h>

#include <cstring>
#include <new>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Only for PhoneNumber's size and its inline country_code() accessor: nothing here calls protobuf.
#include "phonenumbers/phonenumber.pb.h"

using i18n::phonenumbers::PhoneNumber;

namespace {

using String = std::string;

struct Library {
    const void *util = nullptr;  // PhoneNumberUtil*
    void (*construct)(void *self, void *arena, bool owned) = nullptr;
    void (*destroy)(void *self) = nullptr;
    int (*parse)(const void *util, const String &number, const String &region, void *out) = nullptr;
    bool (*isValidForRegion)(const void *util, const void *number, const String &region) = nullptr;
    int (*numberType)(const void *util, const void *number) = nullptr;
    int (*possible)(const void *util, const void *number) = nullptr;
    void (*nationalNumber)(const void *util, const void *number, String *out) = nullptr;
    void (*supportedRegions)(const void *util, std::set<String> *out) = nullptr;
    void (*nationalPrefix)(const void *util, const String &region, bool stripNonDigits, String *out) = nullptr;
    std::set<String> regions;

    bool ready() const { return util != nullptr; }

    Library() {
        void *handle = dlopen("libphonenumber.so.8", RTLD_LAZY | RTLD_LOCAL);
        if (!handle) return;
        bool complete = true;
        auto find = [&](auto &slot, const char *name) {
            void *symbol = dlsym(handle, name);
            if (!symbol) complete = false;
            slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(symbol);
        };
        const void *(*instance)() = nullptr;
        find(instance, "_ZN4i18n12phonenumbers15PhoneNumberUtil11GetInstanceEv");
        find(construct, "_ZN4i18n12phonenumbers11PhoneNumberC1EPN6google8protobuf5ArenaEb");
        find(destroy, "_ZN4i18n12phonenumbers11PhoneNumberD1Ev");
        find(parse, "_ZNK4i18n12phonenumbers15PhoneNumberUtil5ParseERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEES9_PNS0_11PhoneNumberE");
        find(isValidForRegion, "_ZNK4i18n12phonenumbers15PhoneNumberUtil22IsValidNumberForRegionERKNS0_11PhoneNumberERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE");
        find(numberType, "_ZNK4i18n12phonenumbers15PhoneNumberUtil13GetNumberTypeERKNS0_11PhoneNumberE");
        find(possible, "_ZNK4i18n12phonenumbers15PhoneNumberUtil26IsPossibleNumberWithReasonERKNS0_11PhoneNumberE");
        find(nationalNumber, "_ZNK4i18n12phonenumbers15PhoneNumberUtil28GetNationalSignificantNumberERKNS0_11PhoneNumberEPNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE");
        find(supportedRegions, "_ZNK4i18n12phonenumbers15PhoneNumberUtil19GetSupportedRegionsEPSt3setINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4lessIS8_ESaIS8_EE");
        find(nationalPrefix, "_ZNK4i18n12phonenumbers15PhoneNumberUtil21GetNddPrefixForRegionERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEbPS7_");
        if (!complete) return;
        // The library's singleton parses its metadata here, on first use.
        util = instance();
        supportedRegions(util, &regions);
    }
};

const Library &library() {
    static const Library loaded;  // thread-safe initialisation (C++11)
    return loaded;
}

/// Regions by trunk prefix, e.g. ("0", "GB"), built on the first national number read abroad.
const std::vector<std::pair<String, String>> &trunkRegions() {
    static const std::vector<std::pair<String, String>> table = [] {
        std::vector<std::pair<String, String>> out;
        const Library &lib = library();
        if (!lib.ready()) return out;
        for (const String &region : lib.regions) {
            String prefix;
            lib.nationalPrefix(lib.util, region, true, &prefix);
            if (!prefix.empty()) out.emplace_back(prefix, region);
        }
        return out;
    }();
    return table;
}

/// A PhoneNumber on the stack, built and destroyed through the library.
struct Number {
    alignas(PhoneNumber) unsigned char storage[sizeof(PhoneNumber)];
    const Library &lib;
    explicit Number(const Library &l) : lib(l) { lib.construct(storage, nullptr, false); }
    ~Number() { lib.destroy(storage); }
    const PhoneNumber &get() const { return *std::launder(reinterpret_cast<const PhoneNumber *>(storage)); }
};

// libphonenumber's enum values.
constexpr int kNoParsingError = 0;
constexpr int kIsPossible = 0;

void fill(const Library &lib, const Number &number, psphone_reading *out) {
    out->country_code = number.get().country_code();
    out->type = PSPHONE_UNKNOWN;
    String national;
    lib.nationalNumber(lib.util, number.storage, &national);
    std::strncpy(out->national, national.c_str(), sizeof out->national - 1);
    out->national[sizeof out->national - 1] = 0;
    // A number the metadata knows has a type; one it does not is UNKNOWN (IsValidNumber says the same
    // thing by the same regular expressions, so one call does).
    const int type = lib.numberType(lib.util, number.storage);
    if (type != PSPHONE_UNKNOWN) {
        out->status = PSPHONE_VALID;
        out->type = type;
    } else {
        out->status = lib.possible(lib.util, number.storage) == kIsPossible ? PSPHONE_POSSIBLE : PSPHONE_NOT_A_NUMBER;
    }
}

}  // namespace

extern "C" int32_t psphone_available(void) { return library().ready() ? 1 : 0; }

extern "C" int32_t psphone_read(const char *number, int32_t length, const char *region, psphone_reading *out) {
    std::memset(out, 0, sizeof *out);
    out->type = PSPHONE_UNKNOWN;
    const Library &lib = library();
    if (!lib.ready() || length < 0) return out->status = PSPHONE_NOT_A_NUMBER;
    Number parsed(lib);
    if (lib.parse(lib.util, String(number, static_cast<size_t>(length)), String(region), parsed.storage) != kNoParsingError) {
        return out->status = PSPHONE_NOT_A_NUMBER;
    }
    fill(lib, parsed, out);
    return out->status;
}

extern "C" int32_t psphone_read_anywhere(const char *number, int32_t length, const char *except_region, uint32_t type_mask,
                                         psphone_reading *out) {
    std::memset(out, 0, sizeof *out);
    out->type = PSPHONE_UNKNOWN;
    const Library &lib = library();
    if (!lib.ready() || length < 0) return 0;
    const String text(number, static_cast<size_t>(length));
    for (const auto &entry : trunkRegions()) {
        if (text.compare(0, entry.first.size(), entry.first) != 0 || entry.second == except_region) continue;
        Number parsed(lib);
        if (lib.parse(lib.util, text, entry.second, parsed.storage) != kNoParsingError) continue;
        if (!lib.isValidForRegion(lib.util, parsed.storage, entry.second)) continue;
        const int type = lib.numberType(lib.util, parsed.storage);
        if (type < 0 || type > 31 || !(type_mask & (1u << type))) continue;
        fill(lib, parsed, out);
        return 1;
    }
    return 0;
}

extern "C" int32_t psphone_is_region(const char *region) {
    const Library &lib = library();
    return lib.ready() && lib.regions.count(region) ? 1 : 0;
}
