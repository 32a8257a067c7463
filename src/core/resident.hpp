// Residents of a structure and their consents: what a resident record may hold (a pseudonym,
// household, languages, needs; optionally a first name and a contact number) and the consent
// record's vocabulary (ISO/IEC TS 27560: purpose, method, notice, status).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

inline constexpr std::array<std::string_view, 3> kConsentPurposes = {"line", "follow_up",
                                                                     "testimony"};
inline constexpr std::array<std::string_view, 3> kConsentMethods = {"oral", "written",
                                                                    "electronic"};
inline constexpr std::array<std::string_view, 3> kConsentStatuses = {"given", "withdrawn",
                                                                     "expired"};
// Where a resident stands: consent to the line missing, waiting for a line, holding one, erased.
inline constexpr std::array<std::string_view, 4> kResidentStatuses = {"needs_consent", "waiting_line",
                                                                      "has_line", "erased"};
// Why a card handed over is taken back.
inline constexpr std::array<std::string_view, 2> kTakeBackReasons = {"wrong_person", "refused"};

// The version of the information notice (src/docs/po): a change of its text is a new version,
// and consents given on an older one keep naming it.
inline constexpr std::string_view kNoticeVersion = "2026-12";

// Personal data is erased this many days after a resident's last line ends (or after the
// record was made, when no line was handed over), unless the server is told otherwise.
inline constexpr int kDefaultRetentionDays = 180;

inline constexpr std::size_t kMaxFirstName = 50;

template <std::size_t N>
bool is_one_of(const std::array<std::string_view, N>& words, std::string_view w) {
  for (auto v : words) {
    if (v == w) return true;
  }
  return false;
}

struct ResidentDraft {
  std::optional<long long> household_size, children;
  std::vector<std::string> languages, needs;
  std::optional<std::string> first_name;  // as typed; the contact is checked by app (libphonenumber)
};

struct ResidentFields {
  int household_size = 1;
  int children = 0;
  std::vector<std::string> languages, needs;
  std::optional<std::string> first_name;  // trimmed, absent when empty
};

struct ResidentCheck {
  ResidentFields fields;
  std::vector<FieldError> errors;  // messages not yet localised
};

// household_size 1 to 20 (required); children 0 to household_size - 1; at least one known
// language and no repeats; known needs, no repeats (may be empty); a first name of at most 50
// characters without control characters.
ResidentCheck check_resident(const ResidentDraft& draft);

}  // namespace relais
