#pragma once
// What a reader who may not see small groups is shown of a count (the funder: DESIGN.md,
// aggregates only). One rule for every count such a reader sees (issue 10): a count from 1 to 4
// is hidden and reads "< 5"; any other count, zero included, is shown as it is; a total is the
// true total, computed from the true counts and shown by the same rule, so that no hidden count
// is left out of a total nor added into anything shown.
#include <cstdint>
#include <optional>

namespace relais {

inline constexpr std::int64_t kSmallestShownCount = 5;

// The count as shown: nullopt when it is hidden ("< 5"). `masked` is false for readers who see
// every count.
constexpr std::optional<std::int64_t> shown_count(std::int64_t n, bool masked) {
  if (masked && n > 0 && n < kSmallestShownCount) return std::nullopt;
  return n;
}

}  // namespace relais
