// What the people referred to a structure need a connection for, and the languages they speak:
// fixed lists, so that no free field invites sensitive data (DESIGN.md rule 4).
#pragma once

#include <array>
#include <string_view>

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

}  // namespace relais
