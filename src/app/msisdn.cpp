#include "app/msisdn.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <string>

namespace relais::app {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

MsisdnCheck judge(const PhoneNumber& number) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (number.country_code() != 33) return {std::nullopt, "not_french"};
  // Overseas departments share +33 in some plans; only numbers of metropolitan France count.
  std::string region;
  util.GetRegionCodeForNumber(number, &region);
  if (region != "FR") return {std::nullopt, region.empty() ? "bad_msisdn" : "not_french"};
  if (util.GetNumberType(number) != PhoneNumberUtil::MOBILE) return {std::nullopt, "not_mobile"};
  return {"+33" + std::to_string(number.national_number()), ""};
}

}  // namespace

MsisdnCheck check_french_mobile(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r')) {
    raw.remove_suffix(1);
  }
  if (raw.empty()) return {std::nullopt, "required"};
  // Fast path: "+33" then nine digits, not starting with 0, is already canonical.
  if (raw.size() == 12 && raw.starts_with("+33") && raw[3] != '0' &&
      std::all_of(raw.begin() + 3, raw.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    PhoneNumber number;
    number.set_country_code(33);
    number.set_national_number(std::stoull(std::string(raw.substr(3))));
    return judge(number);
  }
  PhoneNumber number;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (util.Parse(std::string(raw), "FR", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return {std::nullopt, "bad_msisdn"};
  }
  if (!util.IsValidNumber(number)) {
    return {std::nullopt, number.country_code() == 33 ? "bad_msisdn" : "not_french"};
  }
  return judge(number);
}

}  // namespace relais::app
