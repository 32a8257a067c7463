#include "core/packing.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Packing, JudgesEveryKindOfScan) {
  EXPECT_EQ(scan_outcome(7, std::nullopt), "scan_unknown");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"reserved", std::nullopt}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"reserved", 8}), "scan_other_order");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"packed", 7}), "scan_already_packed");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"defective", 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"lost", 7}), "scan_wrong_state");
  EXPECT_EQ(scan_outcome(7, ScannedCard{"reserved", 7}), "packed");
  EXPECT_EQ(packing_reference(12), "CO-000012");
}

}  // namespace relais
