#include "core/disclosure.hpp"

#include <gtest/gtest.h>

namespace relais {
namespace {

TEST(Disclosure, HidesCountsFromOneToFourFromAMaskedReaderOnly) {
  EXPECT_EQ(shown_count(0, true), 0);
  for (std::int64_t n = 1; n < 5; ++n) {
    EXPECT_EQ(shown_count(n, true), std::nullopt) << n;
    EXPECT_EQ(shown_count(n, false), n) << n;
  }
  EXPECT_EQ(shown_count(5, true), 5);
  EXPECT_EQ(shown_count(2500, true), 2500);
}

}  // namespace
}  // namespace relais
