// Feeds any bytes to the checks of what is printed on a SIM card: ICCID (core), IMSI, PUK,
// and the MSISDN as libphonenumber judges it (app/msisdn); what they accept must be canonical:
// accepted again, unchanged, and the MSISDN check (a fast path, then its own number types) must
// answer as libphonenumber alone does. Also to the other short codes typed by people: a card search
// (core/card_search) and a department code (core/department).
#include <phonenumbers/phonenumberutil.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "app/msisdn.hpp"
#include "core/card_search.hpp"
#include "core/department.hpp"
#include "core/sim_identifiers.hpp"

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// check_french_mobile's answer as libphonenumber gives it, without the fast path.
relais::MsisdnCheck by_libphonenumber(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r')) {
    raw.remove_suffix(1);
  }
  if (raw.empty()) return {std::nullopt, "required"};
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(raw), "FR", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return {std::nullopt, "bad_msisdn"};
  }
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::string reason;
  if (auto iccid = relais::canonical_iccid(raw, &reason)) {
    if (relais::canonical_iccid(*iccid) != iccid || !relais::luhn_valid(*iccid)) std::abort();
    (void)relais::iccid_has_prefix(*iccid, {"893310", "8933"});
  }
  const std::vector<std::string> mncs = {"10", "11", "13"};
  if (auto imsi = relais::checked_imsi(raw, mncs, &reason)) {
    if (relais::checked_imsi(*imsi, mncs) != imsi) std::abort();
  }
  (void)relais::is_valid_puk(raw);
  const relais::MsisdnCheck number = relais::app::check_french_mobile(raw);
  if (number.e164) {
    if (!number.e164->starts_with("+33") || number.e164->size() != 12) std::abort();
    if (relais::app::check_french_mobile(*number.e164).e164 != number.e164) std::abort();
  } else if (number.reason.empty()) {
    std::abort();
  }
  const relais::MsisdnCheck reference = by_libphonenumber(raw);
  if (reference.e164 != number.e164 || reference.reason != number.reason) std::abort();
  if (auto search = relais::parse_card_search(raw)) {
    if (search->iccid && relais::canonical_iccid(*search->iccid) != search->iccid) std::abort();
  }
  if (auto department = relais::find_department(raw)) {
    if (relais::find_department(department->code)->code != department->code) std::abort();
  }
  return 0;
}
