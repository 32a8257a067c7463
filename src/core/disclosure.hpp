#pragma once
// What a reader who may not see small groups is shown of a table of counts (the funder:
// DESIGN.md rule 4, aggregates only). One rule for every count such a reader sees:
// - a count from 1 to 4 is hidden and reads "< 5" (Hidden::kSmall);
// - any other count, zero included, and every total is shown as it truly is, unless it must be
//   hidden too so that no small count can be worked out from what is shown (Hidden::kSecret,
//   complementary suppression as official statistics do it): no hidden figure of a table is a
//   sum or difference of figures shown;
// - nothing hidden is left out of a total nor added into anything shown.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace relais {

inline constexpr std::int64_t kSmallestShownCount = 5;

// The count as shown: nullopt when it is small (1 to 4). `masked` is false for readers who see
// every count. For a figure that belongs to a table with totals, see disclose_table.
constexpr std::optional<std::int64_t> shown_count(std::int64_t n, bool masked) {
  if (masked && n > 0 && n < kSmallestShownCount) return std::nullopt;
  return n;
}

enum class Hidden { kNo, kSmall, kSecret };

// A table as its reader sees it: `cells` are the counts that everything is made of, and each
// figure shown is the sum of some of them (a cell itself, a line's total, the grand total...),
// given by the cells' indexes. Returns, for each figure, whether it is shown or hidden: small
// figures are hidden, then figures shown are hidden one by one (the smallest next to a figure
// that could be worked out) until no hidden figure is a linear combination of those shown.
// `forced`, when given, names figures hidden from the start (one flag per figure): a figure the
// reader also sees in another table, where it had to be hidden. `known` names figures the
// reader can work out elsewhere (a total that is the sum of figures shown in another table):
// never hidden to protect another, so that others are hidden instead (a small one still is).
std::vector<Hidden> disclose_table(const std::vector<std::int64_t>& cells,
                                   const std::vector<std::vector<std::size_t>>& figures,
                                   const std::vector<bool>& forced = {},
                                   const std::vector<bool>& known = {});

}  // namespace relais
