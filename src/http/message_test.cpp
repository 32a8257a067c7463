#include "http/message.hpp"

#include <gtest/gtest.h>

namespace relais::http {
namespace {

TEST(Response, SetReplacesAHeaderOfTheSameNameInAnyCase) {
  Response r = json_response(200, "{}");
  r.set("Cache-Control", "no-store").set("content-type", "text/csv");
  r.set("cache-control", "no-store");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.header("Content-Type"), "text/csv");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace relais::http
