#include "core/card_search.hpp"

#include "core/sim_identifiers.hpp"

namespace relais {

std::optional<CardSearch> parse_card_search(std::string_view typed) {
  // Spaces, dots and dashes are how people group digits; a '+' only counts in front.
  std::string text;
  for (char c : typed) {
    if (c >= '0' && c <= '9') {
      text += c;
    } else if (c == '+' && text.empty()) {
      text += c;
    }
  }
  if (text.empty() || text == "+") return std::nullopt;
  const bool plus = text[0] == '+';
  const std::string digits = plus ? text.substr(1) : text;

  // The number as stored (E.164) from the ways it is written in France.
  std::optional<std::string> e164;
  if (plus) {
    e164 = text;
  } else if (digits.starts_with("00")) {
    e164 = "+" + digits.substr(2);
  } else if (digits.starts_with("0")) {
    e164 = "+33" + digits.substr(1);
  }

  CardSearch s;
  if (!plus) {
    if (auto iccid = canonical_iccid(digits)) {
      s.iccid = *iccid;
      return s;
    }
  }
  // "+33" and nine digits: a whole metropolitan number.
  if (e164 && e164->starts_with("+33") && e164->size() == 12) {
    s.msisdn = *e164;
    return s;
  }
  if (e164 && e164->size() >= 4) s.msisdn_prefix = *e164;
  if (!plus && digits.starts_with("89")) s.iccid_prefix = digits;
  if (!plus && digits.size() >= kCardSuffixIndexed) s.suffix = digits;
  if (!s.msisdn_prefix && !s.iccid_prefix && !s.suffix) return std::nullopt;
  return s;
}

}  // namespace relais
