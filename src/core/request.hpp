// A structure's request for SIM cards: its fields, checked before any store is touched, and the
// capacity rule (DESIGN.md: a structure never holds more cards than it has places).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace relais {

inline constexpr std::size_t kMaxRequestComment = 500;
inline constexpr long long kMaxRequestQuantity = 10000;
inline constexpr long long kMaxPeoplePerNeed = 100000;

struct RequestDraft {
  std::optional<long long> quantity;
  // People behind the request per need (core/needs.hpp). People, not cards: the allocation
  // weighs a need by its share of the cards asked for, capped at the whole.
  std::vector<std::pair<std::string, long long>> needs;
  std::vector<std::string> leaflet_languages;  // at least one
  std::string comment;
};

// Errors by field (messages not yet localised); empty when the draft is valid.
std::vector<FieldError> check_request(const RequestDraft& draft);

// The error when `quantity` cards would take a structure of `capacity` places beyond its
// capacity, counting the `held` cards it has and has not handed over and the `coming` cards on
// their way to it or asked for by its other requests still waiting; nullopt when they fit. A
// structure whose capacity is unknown cannot ask.
std::optional<FieldError> capacity_error(long long quantity, std::optional<int> capacity,
                                         std::int64_t held, std::int64_t coming = 0);

}  // namespace relais
