#include "core/referral.hpp"

#include <algorithm>

#include "core/needs.hpp"
#include "core/utf8.hpp"

namespace relais {

ReferralResult build_referral(const ReferralDraft& d) {
  ReferralResult r;
  auto& e = r.errors;
  if (!d.structure_id) {
    e.push_back(field_error("structure_id", "", "required"));
  } else {
    r.referral.structure_id = *d.structure_id;
  }
  auto count = [&](const char* field, const std::optional<long long>& v, long long lo, long long hi,
                   int& into) {
    if (!v) {
      e.push_back(field_error(field, "", "required"));
    } else if (*v < lo || *v > hi) {
      e.push_back(field_error(field, std::to_string(*v), "out_of_range",
                              {std::to_string(lo), std::to_string(hi)}));
    } else {
      into = static_cast<int>(*v);
    }
  };
  count("adults", d.adults, 1, 20, r.referral.adults);
  count("children", d.children, 0, 20, r.referral.children);
  r.referral.languages = check_codes(CodeList::kLanguageCodes, "languages", d.languages, true, e);
  r.referral.needs = check_codes(CodeList::kNeedCodes, "needs", d.needs, true, e);
  if (utf8_length(d.note) > kMaxReferralNote) {
    e.push_back(field_error("note", "", "too_long", {std::to_string(kMaxReferralNote)}));
  } else {
    r.referral.note = d.note;
  }
  return r;
}

std::string format_pseudonym(const std::array<unsigned char, 5>& b) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::uint64_t bits = 0;
  for (unsigned char c : b) bits = (bits << 8) | c;
  std::string out = "R-";
  for (int i = 7; i >= 0; --i) {
    out += kAlphabet[(bits >> (i * 5)) & 31];
    if (i == 4) out += '-';
  }
  return out;
}

}  // namespace relais
