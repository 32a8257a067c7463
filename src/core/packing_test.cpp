#include "core/packing.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace relais {

TEST(Packing, JudgesEveryKindOfScan) {
  EXPECT_EQ(scan_outcome(7, false, std::nullopt), "scan_invalid");
  EXPECT_EQ(scan_outcome(7, true, std::nullopt), "scan_unknown");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kReserved, std::nullopt}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kReserved, 8}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kPacked, 7}), "scan_already_packed");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kDefective, 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kLost, 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, true, ScannedCard{SimState::kReserved, 7}), "packed");
  EXPECT_EQ(packing_reference(12), "CO-000012");
}

}  // namespace relais

namespace relais {

using P = PackingOrderState;

TEST(Packing, OrderStateNamesRoundTrip) {
  std::vector<std::string_view> names;
  for (PackingOrderState s : kAllPackingOrderStates) {
    EXPECT_EQ(parse_packing_order_state(packing_order_state_name(s)), s);
    names.push_back(packing_order_state_name(s));
  }
  // The names the database holds and the API answers: renaming one is a migration.
  EXPECT_EQ(names, (std::vector<std::string_view>{"open", "packed", "shipped", "delivered", "lost",
                                                  "returned"}));
  EXPECT_FALSE(parse_packing_order_state("closed"));
  EXPECT_FALSE(parse_packing_order_state(""));
}

TEST(Packing, OrderMovesOnlyByItsTransitions) {
  P s = P::kOpen;
  for (const char* step : {"close", "ship", "deliver"}) {
    auto next = next_packing_order_state(s, step);
    ASSERT_TRUE(next) << step << " from " << packing_order_state_name(s);
    s = *next;
  }
  EXPECT_EQ(s, P::kDelivered);
  EXPECT_EQ(next_packing_order_state(P::kShipped, "declare_lost"), P::kLost);
  EXPECT_EQ(next_packing_order_state(P::kShipped, "return"), P::kReturned);
  EXPECT_FALSE(next_packing_order_state(P::kOpen, "ship"));
  EXPECT_FALSE(next_packing_order_state(P::kPacked, "deliver"));
  EXPECT_FALSE(next_packing_order_state(P::kDelivered, "return"));
  EXPECT_FALSE(next_packing_order_state(P::kShipped, "teleport"));
}

TEST(Packing, UnderwayAreTheStatesAParcelStillLeaves) {
  // Delivered, lost and returned are where a parcel ends; every other state is underway.
  for (PackingOrderState s : kAllPackingOrderStates) {
    bool leaves = false;
    for (const auto& t : packing_order_transitions()) leaves |= t.leaves(s);
    EXPECT_EQ(in_group(s, kPackingOrderStatesUnderway), leaves) << packing_order_state_name(s);
  }
}

}  // namespace relais
