#include "core/sim_lifecycle.hpp"

#include <gtest/gtest.h>

#include <set>

namespace relais {

TEST(SimLifecycle, FollowsTheChainFromStockToActivation) {
  SimState s = SimState::kInStock;
  for (const char* step : {"reserve", "pack", "ship", "deliver", "hand_over", "activate"}) {
    auto next = next_sim_state(s, step);
    ASSERT_TRUE(next) << step << " from " << sim_state_name(s);
    s = *next;
  }
  EXPECT_EQ(s, SimState::kActive);
}

TEST(SimLifecycle, RefusesIllegalAndUnknownTransitions) {
  EXPECT_FALSE(next_sim_state(SimState::kInStock, "ship"));
  EXPECT_FALSE(next_sim_state(SimState::kTerminated, "reactivate"));
  EXPECT_FALSE(next_sim_state(SimState::kInStock, "activate"));
  EXPECT_FALSE(next_sim_state(SimState::kActive, "teleport"));
}

TEST(SimLifecycle, TerminatedIsFinalAndEveryOtherStateHasAWayOut) {
  for (SimState s : kAllSimStates) {
    bool leaves = false;
    for (const auto& t : sim_transitions()) {
      for (SimState from : t.from) leaves |= from == s;
    }
    EXPECT_EQ(leaves, s != SimState::kTerminated) << sim_state_name(s);
  }
}

TEST(SimLifecycle, EveryStateIsReachableFromStock) {
  std::set<SimState> seen = {SimState::kInStock};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& t : sim_transitions()) {
      for (SimState from : t.from) {
        if (seen.count(from) && seen.insert(t.to).second) grew = true;
      }
    }
  }
  EXPECT_EQ(seen.size(), kAllSimStates.size());
}

TEST(SimLifecycle, NamesRoundTrip) {
  for (SimState s : kAllSimStates) EXPECT_EQ(parse_sim_state(sim_state_name(s)), s);
  EXPECT_FALSE(parse_sim_state("sold"));
}

}  // namespace relais

namespace relais {

TEST(SimLifecycle, AParcelSentBackReturnsItsCards) {
  EXPECT_EQ(next_sim_state(SimState::kInTransit, "return"), SimState::kReturned);
  EXPECT_EQ(next_sim_state(SimState::kReturned, "restock"), SimState::kInStock);
  EXPECT_FALSE(next_sim_state(SimState::kInStock, "return"));
}

}  // namespace relais
