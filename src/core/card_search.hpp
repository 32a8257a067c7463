// What someone typed to find a card, read as lookups the store answers through an index
// (issue 9: a full number found at once, a partial one within the budget): a whole ICCID or
// phone number exactly; the start of one as people write it ("8933…", "06 12…", "+33 6 12…",
// "0033 6…") as a range of the sorted keys; the last digits of a number (four or more, as
// people remember them) through the index of every number's last four digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace relais {

struct CardSearch {
  std::optional<std::string> iccid;          // a whole ICCID, canonical
  std::optional<std::string> msisdn;         // a whole French mobile number, E.164
  std::optional<std::string> iccid_prefix;   // the start of an ICCID ("89…")
  std::optional<std::string> msisdn_prefix;  // the start of a number, written E.164 ("+336…")
  std::optional<std::string> suffix;         // the last digits of a number
  bool operator==(const CardSearch&) const = default;
};

// The digits of a suffix search that the index holds: the last four.
inline constexpr std::size_t kCardSuffixIndexed = 4;

// nullopt when nothing can be looked up: no digit, or a fragment that is neither the start of
// an ICCID or a number nor four digits or more.
std::optional<CardSearch> parse_card_search(std::string_view typed);

}  // namespace relais
