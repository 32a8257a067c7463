// LineErrors: the bounded report of a file's bad lines (issue 14).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/error.hpp"

namespace relais {
namespace {

FieldError at(int line, std::string value = "v") {
  return field_error("iccid", std::move(value), "bad_iccid", {}, line);
}

std::vector<int> lines_of(const LineErrors& e) {
  std::vector<int> out;
  for (const auto& f : e.listed()) out.push_back(f.line);
  return out;
}

}  // namespace

TEST(LineErrors, ListsTheFirstHundredBadLinesAndCountsTheRest) {
  LineErrors e;
  for (int line = 2; line <= 10001; ++line) e.push_back(at(line));
  EXPECT_EQ(e.size(), 10000u);
  EXPECT_EQ(e.bad_lines(), 10000u);
  EXPECT_EQ(e.listed_lines(), 100u);
  const auto lines = lines_of(e);
  ASSERT_EQ(lines.size(), 100u);
  EXPECT_EQ(lines.front(), 2);
  EXPECT_EQ(lines.back(), 101);
  const Error error = Error::import_failed(e);
  EXPECT_EQ(error.code(), "import_failed_listed");
  EXPECT_EQ(error.args(), (std::vector<std::string>{"10000", "100"}));
  EXPECT_EQ(error.unlisted_lines(), 9900u);
}

TEST(LineErrors, InAnyOrderKeepsTheSameFirstLinesAndCountsEachLineOnce) {
  std::vector<int> order;
  for (int line = 1; line <= 500; ++line) {
    order.push_back(line);
    order.push_back(line);  // two errors on every line
  }
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  LineErrors e;
  for (int line : order) e.push_back(at(line));
  EXPECT_EQ(e.bad_lines(), 500u);
  EXPECT_EQ(e.size(), 1000u);
  auto lines = lines_of(e);
  ASSERT_EQ(lines.size(), 200u);  // the 100 first lines, two errors each
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
  EXPECT_EQ(lines.front(), 1);
  EXPECT_EQ(lines.back(), 100);
}

TEST(LineErrors, MergesReportsOfChunksWithoutCountingALineTwice) {
  LineErrors whole, a, b;
  for (int line = 1; line <= 300; ++line) (line % 2 ? a : b).push_back(at(line));
  b.push_back(at(1));  // a line already bad in the other chunk
  whole.merge(std::move(a));
  whole.merge(std::move(b));
  EXPECT_EQ(whole.bad_lines(), 300u);
  EXPECT_EQ(whole.size(), 301u);
  EXPECT_EQ(whole.listed_lines(), 100u);
  EXPECT_EQ(lines_of(whole).back(), 100);
}

TEST(LineErrors, CapsErrorsPerLineAndCutsLongValuesAtACharacter) {
  LineErrors e;
  for (int i = 0; i < 50; ++i) e.push_back(at(7));
  e.push_back(at(8, std::string(99, 'x') + "é" + std::string(5000, 'y')));
  const auto listed = e.listed();
  ASSERT_EQ(listed.size(), 11u);
  EXPECT_EQ(e.bad_lines(), 2u);
  EXPECT_EQ(listed.back().value, std::string(99, 'x') + "…");  // not half of the é
}

TEST(LineErrors, ALineBeforeTheLastListedTakesItsPlace) {
  LineErrors e;
  for (int line = 1000; line < 1100; ++line) e.push_back(at(line));
  e.push_back(at(5));
  EXPECT_EQ(e.listed_lines(), 100u);
  EXPECT_EQ(e.bad_lines(), 101u);
  const auto lines = lines_of(e);
  EXPECT_EQ(lines.front(), 5);
  EXPECT_EQ(lines.back(), 1098);
}

}  // namespace relais
