#include "core/request_lifecycle.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(RequestLifecycle, FollowsTheWorkflow) {
  EXPECT_EQ(next_request_state("draft", "submit"), "submitted");
  EXPECT_EQ(next_request_state("submitted", "endorse"), "endorsed");
  EXPECT_EQ(next_request_state("endorsed", "approve"), "approved");
  EXPECT_EQ(next_request_state("submitted", "approve"), "approved");  // endorsement is optional
  EXPECT_EQ(next_request_state("approved", "approve_partially"), "partially_approved");
  EXPECT_EQ(next_request_state("partially_approved", "fulfil"), "fulfilled");
  EXPECT_EQ(next_request_state("submitted", "reject"), "rejected");
}

TEST(RequestLifecycle, RefusesEveryOtherMove) {
  int allowed = 0, refused = 0;
  for (std::string_view from : kRequestStates) {
    for (const auto& t : request_transitions()) {
      bool ok = next_request_state(from, t.name).has_value();
      ok ? ++allowed : ++refused;
    }
  }
  EXPECT_EQ(allowed, 16);  // the sum of each transition's starting states
  EXPECT_EQ(refused, 8 * 7 - 16);
  EXPECT_FALSE(next_request_state("rejected", "approve"));
  EXPECT_FALSE(next_request_state("fulfilled", "cancel"));
  EXPECT_FALSE(next_request_state("draft", "approve"));
  EXPECT_FALSE(next_request_state("draft", "teleport"));
}

}  // namespace relais
