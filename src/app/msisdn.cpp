#include "app/msisdn.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>

namespace relais::app {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

MsisdnCheck judge(const PhoneNumber& number) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  // +33 belongs to metropolitan France alone (overseas departments have their own codes), so
  // the number's type under FR's metadata is the whole answer: 0639 or 0690 are not FR mobiles.
  if (number.country_code() != 33) return {std::nullopt, "not_french"};
  switch (util.GetNumberType(number)) {
    case PhoneNumberUtil::MOBILE:
      return {"+33" + std::to_string(number.national_number()), ""};
    case PhoneNumberUtil::UNKNOWN:
      return {std::nullopt, "bad_msisdn"};
    default:
      return {std::nullopt, "not_mobile"};
  }
}

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

MsisdnCheck check_french_mobile(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r')) {
    raw.remove_suffix(1);
  }
  if (raw.empty()) return {std::nullopt, "required"};
  // Fast path for the canonical writings, "+33" or "0" then nine digits: no parsing needed.
  std::string_view national;
  if (raw.size() == 12 && raw.starts_with("+33") && raw[3] != '0' && digits(raw.substr(3))) {
    national = raw.substr(3);
  } else if (raw.size() == 10 && raw[0] == '0' && raw[1] != '0' && digits(raw)) {
    national = raw.substr(1);
  }
  if (!national.empty()) {
    std::uint64_t value = 0;
    std::from_chars(national.data(), national.data() + national.size(), value);
    PhoneNumber number;
    number.set_country_code(33);
    number.set_national_number(value);
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
