// A person in need referred by an association to a hosting structure, known only by a
// pseudonym that Relais issues: no name, nationality, legal status or health field exists.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace relais {

inline constexpr std::array<std::string_view, 4> kReferralStatuses = {"open", "included", "served",
                                                                      "closed"};
// Referrals whose journey ended: their notes are erased after the retention period.
inline constexpr std::array<std::string_view, 2> kReferralStatusesEnded = {"served", "closed"};

struct ReferralDraft {
  std::optional<long long> structure_id, adults, children;
  std::vector<std::string> languages;
  std::vector<std::string> needs;
  std::string note;  // short; the form warns not to write sensitive data
};

struct Referral {
  std::int64_t id = 0;
  std::string pseudonym;
  std::int64_t association_id = 0;
  std::int64_t structure_id = 0;
  int adults = 1;
  int children = 0;
  std::vector<std::string> languages;
  std::vector<std::string> needs;
  std::string note;
  std::string status = "open";
  std::optional<std::int64_t> request_id;
  std::string created_at;
  std::string updated_at;
};

struct ReferralResult {
  Referral referral;
  std::vector<FieldError> errors;  // messages not yet localised
};

inline constexpr std::size_t kMaxReferralNote = 280;

// Checks the fields (the structure's existence is app's question): 1 to 20 adults, 0 to 20
// children, at least one known language and one known need, no repeats, a note of at most
// 280 characters.
ReferralResult build_referral(const ReferralDraft& draft);

// "R-7K2Q-9XMD": eight characters of Crockford's base-32 (no I, L, O, U) from 40 random bits.
std::string format_pseudonym(const std::array<unsigned char, 5>& random_bytes);

}  // namespace relais
