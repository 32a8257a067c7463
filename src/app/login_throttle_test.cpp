#include "app/login_throttle.hpp"

#include <gtest/gtest.h>

namespace relais::app {
namespace {

using namespace std::chrono_literals;

TEST(LoginThrottle, WaitsAfterTheFreeFailuresDoublingUpToAQuarterOfAnHour) {
  EXPECT_EQ(throttle_seconds(9, 10), 0);
  EXPECT_EQ(throttle_seconds(10, 10), 30);
  EXPECT_EQ(throttle_seconds(11, 10), 60);
  EXPECT_EQ(throttle_seconds(14, 10), 480);
  EXPECT_EQ(throttle_seconds(15, 10), 900);
  EXPECT_EQ(throttle_seconds(500, 10), 900);
}

TEST(LoginThrottle, KeysIpv6ByTheirSlash64AndIpv4AsTheyAre) {
  EXPECT_EQ(address_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key("2001:db8:1:2:aaaa::1"), address_key("2001:db8:1:2:bbbb::9"));
  EXPECT_NE(address_key("2001:db8:1:2::1"), address_key("2001:db8:1:3::1"));
  EXPECT_EQ(address_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key(""), "");
}

TEST(LoginThrottle, ThrottlesAKeyAfterItsFreeFailuresOnly) {
  FailureTable table(100, 3);
  const auto t0 = FailureTable::Clock::now();
  for (int i = 0; i < 2; ++i) table.attempt("a", t0);
  EXPECT_FALSE(table.wait("a", t0));
  table.attempt("a", t0);
  EXPECT_EQ(table.wait("a", t0), 31);
  EXPECT_FALSE(table.wait("b", t0));
  EXPECT_FALSE(table.wait("a", t0 + 31s));
  // A success does not count, and lifts the wait it had set.
  table.attempt("c", t0);
  table.attempt("c", t0);
  table.attempt("c", t0);
  table.succeeded("c");
  EXPECT_FALSE(table.wait("c", t0));
  // An hour without failures forgets them.
  table.attempt("a", t0 + 2h);
  EXPECT_FALSE(table.wait("a", t0 + 2h));
}

TEST(LoginThrottle, KeepsAtMostItsCapacityEvictingTheOldest) {
  FailureTable table(1000, 3);
  const auto t0 = FailureTable::Clock::now();
  for (int i = 0; i < 3; ++i) table.attempt("first", t0);
  for (int i = 0; i < 5000; ++i) table.attempt("k" + std::to_string(i), t0 + 1s * (i + 1));
  EXPECT_EQ(table.size(), 1000u);
  EXPECT_FALSE(table.wait("first", t0 + 2s));  // evicted as the oldest
}

}  // namespace
}  // namespace relais::app
