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

// The groups of states the store counts by (bound as values; no SQL names a state).
// Approved wholly or in part: what the allocation serves.
inline constexpr std::string_view kRequestStatesApproved[] = {"approved", "partially_approved"};
// Still waiting for cards: not decided yet, or approved and not served.
inline constexpr std::string_view kRequestStatesWaiting[] = {"submitted", "endorsed", "approved",
                                                             "partially_approved"};
// Whose allocated cards count as given: approved, then fulfilled.
inline constexpr std::string_view kRequestStatesServed[] = {"approved", "partially_approved",
                                                            "fulfilled"};

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
