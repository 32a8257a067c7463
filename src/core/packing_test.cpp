#include "core/packing.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Packing, JudgesEveryKindOfScan) {
  EXPECT_EQ(scan_outcome(7, std::nullopt), "scan_unknown");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kReserved, std::nullopt}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kReserved, 8}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kPacked, 7}), "scan_already_packed");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kDefective, 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kLost, 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, ScannedCard{SimState::kReserved, 7}), "packed");
  EXPECT_EQ(packing_reference(12), "CO-000012");
}

}  // namespace relais
