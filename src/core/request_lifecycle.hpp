// The states of a structure's request for SIM cards and the named transitions between them:
// draft -> submitted -> endorsed (liaison, optional) -> approved / partially_approved /
// rejected -> fulfilled / cancelled. Illegal moves are refused (409 for the caller).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/state_machine.hpp"

namespace relais {

enum class RequestState {
  kDraft,
  kSubmitted,
  kEndorsed,
  kApproved,
  kPartiallyApproved,
  kRejected,
  kFulfilled,
  kCancelled,
};

inline constexpr std::array<RequestState, 8> kAllRequestStates = {
    RequestState::kDraft,     RequestState::kSubmitted,         RequestState::kEndorsed,
    RequestState::kApproved,  RequestState::kPartiallyApproved, RequestState::kRejected,
    RequestState::kFulfilled, RequestState::kCancelled};

// The groups of states the chain counts by (the store binds them; no SQL names a state).
// Sent and not decided yet: what the liaison reads and may endorse.
inline constexpr std::array<RequestState, 2> kRequestStatesUndecided = {RequestState::kSubmitted,
                                                                        RequestState::kEndorsed};
// Approved wholly or in part: what the allocation serves.
inline constexpr std::array<RequestState, 2> kRequestStatesApproved = {
    RequestState::kApproved, RequestState::kPartiallyApproved};
// Still waiting for cards: not decided yet, or approved and not served.
inline constexpr std::array<RequestState, 4> kRequestStatesWaiting = {
    RequestState::kSubmitted, RequestState::kEndorsed, RequestState::kApproved,
    RequestState::kPartiallyApproved};
// Whose allocated cards count as given: approved, then fulfilled.
inline constexpr std::array<RequestState, 3> kRequestStatesServed = {
    RequestState::kApproved, RequestState::kPartiallyApproved, RequestState::kFulfilled};

std::string_view request_state_name(RequestState state);
std::optional<RequestState> parse_request_state(std::string_view name);

using RequestTransition = Transition<RequestState>;  // "submit", "approve"...

// Every named transition, in the order of the workflow.
const std::vector<RequestTransition>& request_transitions();

// The transition called `name`, or nullptr when there is none.
const RequestTransition* find_request_transition(std::string_view name);

// The state after `transition` from `from`, or nullopt when unknown or not allowed.
std::optional<RequestState> next_request_state(RequestState from, std::string_view transition);

}  // namespace relais
