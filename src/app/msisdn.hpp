// French mobile numbers, judged by libphonenumber: the MsisdnValidator that app passes to core.
#pragma once

#include <string_view>

#include "core/phone_rules.hpp"

namespace relais::app {

// Accepts any common writing ("06 12 34 56 78", "+33 6…", "0033 6…") of a number that
// libphonenumber says is a valid mobile number of metropolitan France; answers E.164.
// A number already written "+33" and nine digits skips parsing (the costly part).
MsisdnCheck check_french_mobile(std::string_view raw);

// For the test that holds the fast path to libphonenumber's own answer: the
// PhoneNumberUtil::PhoneNumberType of a French national significant number, or -1 when the
// metadata could not be compiled (check_french_mobile then asks libphonenumber every time).
int french_number_type_by_metadata(std::string_view nsn);

}  // namespace relais::app
