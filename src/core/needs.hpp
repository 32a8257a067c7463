// What the people referred to a structure need a connection for, and the languages they speak:
// fixed lists, so that no free field invites sensitive data (DESIGN.md rule 4).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

inline constexpr std::array<std::string_view, 6> kNeeds = {
    "keep_in_touch",    // with family and friends
    "job_search",       //
    "training",         //
    "language_course",  //
    "schooling",        // children's schooling
    "administrative",   // administrative procedures
};

bool is_need(std::string_view code);

struct Language {
  std::string_view code;    // ISO 639
  std::string_view french;   // its name in French
  std::string_view english;  // its name in English
  std::string_view native;   // its name in the language itself
};

// At least: fr, en, ar, prs (Dari), ps, ti, so, ru, ka, sq, uk, es, pt, tr, bn, ur.
const std::array<Language, 20>& languages();
const Language* find_language(std::string_view code);

// The codes of a list field (languages, needs) as a form or a file sends them: each known
// (unknown_languages, unknown_needs), none repeated (repeated), empty only when not `required`,
// and never more than there are codes to choose from (a longer list is refused once, too_many,
// without an error per item: DESIGN.md rule 7). Appends the errors to `errors` and returns the
// codes accepted, in their order.
enum class CodeList { kLanguageCodes, kNeedCodes };
std::vector<std::string> check_codes(CodeList list, const char* field,
                                     const std::vector<std::string>& values, bool required,
                                     std::vector<FieldError>& errors);

}  // namespace relais
