#include "core/sim_identifiers.hpp"

#include <algorithm>

namespace relais {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

template <typename T>
std::optional<T> refuse(std::string* reason, const char* why) {
  if (reason) *reason = why;
  return std::nullopt;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<std::string> canonical_iccid(std::string_view raw, std::string* reason) {
  std::string_view s = trim(raw);
  if (!s.empty() && (s.back() == 'F' || s.back() == 'f')) s.remove_suffix(1);
  if (!all_digits(s)) return refuse<std::string>(reason, "not_digits");
  if (s.size() != 19 && s.size() != 20) return refuse<std::string>(reason, "bad_length");
  if (!s.starts_with("89")) return refuse<std::string>(reason, "not_telecom");
  if (!luhn_valid(s)) return refuse<std::string>(reason, "bad_check_digit");
  return std::string(s);
}

bool iccid_has_prefix(std::string_view iccid, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return iccid.starts_with(p); });
}

std::optional<std::string> checked_imsi(std::string_view raw, const std::vector<std::string>& mncs,
                                        std::string* reason) {
  std::string_view s = trim(raw);
  if (!all_digits(s)) return refuse<std::string>(reason, "not_digits");
  if (s.size() != 14 && s.size() != 15) return refuse<std::string>(reason, "bad_length");
  if (!s.starts_with("208")) return refuse<std::string>(reason, "wrong_country");
  std::string_view mnc = s.substr(3, 2);
  if (std::find(mncs.begin(), mncs.end(), mnc) == mncs.end()) {
    return refuse<std::string>(reason, "wrong_network");
  }
  return std::string(s);
}

bool is_valid_puk(std::string_view puk) { return puk.size() == 8 && all_digits(puk); }

}  // namespace relais
