#include "core/request_lifecycle.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace relais {

using S = RequestState;

TEST(RequestLifecycle, FollowsTheWorkflow) {
  EXPECT_EQ(next_request_state(S::kDraft, "submit"), S::kSubmitted);
  EXPECT_EQ(next_request_state(S::kSubmitted, "endorse"), S::kEndorsed);
  EXPECT_EQ(next_request_state(S::kEndorsed, "approve"), S::kApproved);
  EXPECT_EQ(next_request_state(S::kSubmitted, "approve"), S::kApproved);  // endorsement optional
  EXPECT_EQ(next_request_state(S::kApproved, "approve_partially"), S::kPartiallyApproved);
  EXPECT_EQ(next_request_state(S::kPartiallyApproved, "fulfil"), S::kFulfilled);
  EXPECT_EQ(next_request_state(S::kSubmitted, "reject"), S::kRejected);
}

TEST(RequestLifecycle, RefusesEveryOtherMove) {
  int allowed = 0, refused = 0;
  for (RequestState from : kAllRequestStates) {
    for (const auto& t : request_transitions()) {
      bool ok = next_request_state(from, t.name).has_value();
      ok ? ++allowed : ++refused;
    }
  }
  EXPECT_EQ(allowed, 16);  // the sum of each transition's starting states
  EXPECT_EQ(refused, 8 * 7 - 16);
  EXPECT_FALSE(next_request_state(S::kRejected, "approve"));
  EXPECT_FALSE(next_request_state(S::kFulfilled, "cancel"));
  EXPECT_FALSE(next_request_state(S::kDraft, "approve"));
  EXPECT_FALSE(next_request_state(S::kDraft, "teleport"));
  EXPECT_EQ(find_request_transition("teleport"), nullptr);
  ASSERT_NE(find_request_transition("cancel"), nullptr);
  EXPECT_EQ(find_request_transition("cancel")->to, S::kCancelled);
}

TEST(RequestLifecycle, RejectedFulfilledAndCancelledAreFinal) {
  for (RequestState s : kAllRequestStates) {
    bool leaves = false;
    for (const auto& t : request_transitions()) leaves |= t.leaves(s);
    const bool final = s == S::kRejected || s == S::kFulfilled || s == S::kCancelled;
    EXPECT_EQ(leaves, !final) << request_state_name(s);
  }
}

TEST(RequestLifecycle, NamesRoundTrip) {
  std::vector<std::string_view> names;
  for (RequestState s : kAllRequestStates) {
    EXPECT_EQ(parse_request_state(request_state_name(s)), s);
    names.push_back(request_state_name(s));
  }
  // The names the database holds and the API answers: renaming one is a migration.
  EXPECT_EQ(names, (std::vector<std::string_view>{"draft", "submitted", "endorsed", "approved",
                                                  "partially_approved", "rejected", "fulfilled",
                                                  "cancelled"}));
  EXPECT_FALSE(parse_request_state("sold"));
  EXPECT_FALSE(parse_request_state(""));
  EXPECT_FALSE(parse_request_state("Approved"));
}

TEST(RequestLifecycle, GroupsHoldWhatTheChainCounts) {
  EXPECT_EQ(kRequestStatesApproved, (std::array{S::kApproved, S::kPartiallyApproved}));
  EXPECT_EQ(kRequestStatesUndecided, (std::array{S::kSubmitted, S::kEndorsed}));
  // Waiting: undecided or approved; served: approved or fulfilled.
  for (RequestState s : kAllRequestStates) {
    auto in = [s](const auto& group) { return in_group(s, group); };
    EXPECT_EQ(in(kRequestStatesWaiting), in(kRequestStatesUndecided) || in(kRequestStatesApproved))
        << request_state_name(s);
    EXPECT_EQ(in(kRequestStatesServed), in(kRequestStatesApproved) || s == S::kFulfilled)
        << request_state_name(s);
  }
}

}  // namespace relais
