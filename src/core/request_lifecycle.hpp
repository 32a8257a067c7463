// The states of a structure's request for SIM cards and the named transitions between them:
// draft -> submitted -> endorsed (liaison, optional) -> approved / partially_approved /
// rejected -> fulfilled / cancelled. Illegal moves are refused (409 for the caller).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace relais {

inline constexpr std::string_view kRequestStates[] = {"draft",     "submitted",          "endorsed",
                                                      "approved",  "partially_approved", "rejected",
                                                      "fulfilled", "cancelled"};

bool is_request_state(std::string_view state);

struct RequestTransition {
  std::string_view name;
  std::vector<std::string_view> from;
  std::string_view to;
};

const std::vector<RequestTransition>& request_transitions();

// The state after `transition` from `from`, or nullopt when unknown or not allowed.
std::optional<std::string_view> next_request_state(std::string_view from,
                                                   std::string_view transition);

}  // namespace relais
