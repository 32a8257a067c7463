#include "core/request_lifecycle.hpp"

namespace relais {

std::string_view request_state_name(RequestState state) {
  switch (state) {
    case RequestState::kDraft:
      return "draft";
    case RequestState::kSubmitted:
      return "submitted";
    case RequestState::kEndorsed:
      return "endorsed";
    case RequestState::kApproved:
      return "approved";
    case RequestState::kPartiallyApproved:
      return "partially_approved";
    case RequestState::kRejected:
      return "rejected";
    case RequestState::kFulfilled:
      return "fulfilled";
    case RequestState::kCancelled:
      return "cancelled";
  }
  return "";
}

std::optional<RequestState> parse_request_state(std::string_view name) {
  return state_named(kAllRequestStates, request_state_name, name);
}

const std::vector<RequestTransition>& request_transitions() {
  using S = RequestState;
  static const std::vector<RequestTransition> all = {
      {"submit", {S::kDraft}, S::kSubmitted},
      {"endorse", {S::kSubmitted}, S::kEndorsed},
      {"approve", {S::kSubmitted, S::kEndorsed}, S::kApproved},
      {"approve_partially", {S::kSubmitted, S::kEndorsed, S::kApproved}, S::kPartiallyApproved},
      {"reject", {S::kSubmitted, S::kEndorsed}, S::kRejected},
      {"fulfil", {S::kApproved, S::kPartiallyApproved}, S::kFulfilled},
      {"cancel",
       {S::kDraft, S::kSubmitted, S::kEndorsed, S::kApproved, S::kPartiallyApproved},
       S::kCancelled},
  };
  return all;
}

const RequestTransition* find_request_transition(std::string_view name) {
  return find_transition(request_transitions(), name);
}

std::optional<RequestState> next_request_state(RequestState from, std::string_view transition) {
  return next_state(request_transitions(), from, transition);
}

}  // namespace relais
