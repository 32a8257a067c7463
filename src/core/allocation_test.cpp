// Properties of the allocation engine, checked on many random programmes (fixed seeds).
#include "core/allocation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace relais {
namespace {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t s_;
};

AllocationInput random_input(std::uint64_t seed, int requests, std::int64_t stock) {
  Rng rng(seed);
  AllocationInput in;
  in.stock["CU-2020"] = stock;
  const char* depts[] = {"75", "93", "69", "13", "2A", "974"};
  for (const char* d : depts) in.department_capacity[d] = 100 + rng.below(2000);
  for (int i = 0; i < requests; ++i) {
    AllocationRequest r;
    r.request_id = i + 1;
    r.structure_id = 1000 + rng.below(requests);
    r.department = depts[rng.below(6)];
    r.plan = "CU-2020";
    r.requested = 1 + rng.below(80);
    char at[32];
    std::snprintf(at, sizeof at, "2020-04-%02dT10:00:00Z", static_cast<int>(1 + rng.below(28)));
    r.requested_at = at;
    r.with_children = rng.below(r.requested + 1);
    r.training = rng.below(r.requested + 1);
    r.job_search = rng.below(r.requested + 1);
    r.isolated = rng.below(r.requested + 1);
    in.requests.push_back(r);
  }
  return in;
}

std::int64_t total_requested(const AllocationInput& in) {
  std::int64_t n = 0;
  for (const auto& r : in.requests) n += r.requested;
  return n;
}

}  // namespace

TEST(Allocation, NeverMoreThanTheStockNorThanARequest) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    auto in = random_input(seed, 1 + static_cast<int>(seed % 40),
                           static_cast<std::int64_t>(seed * 7 % 900));
    auto out = allocate(in);
    std::int64_t sum = 0;
    for (const auto& l : out.lines) {
      ASSERT_GE(l.allocated, 0);
      ASSERT_LE(l.allocated, l.requested);
      sum += l.allocated;
    }
    ASSERT_EQ(sum, std::min(in.stock["CU-2020"], total_requested(in))) << "seed " << seed;
    ASSERT_EQ(out.allocated["CU-2020"], sum);
  }
}

TEST(Allocation, EqualRequestsGetEqualSharesWithinOneCard) {
  for (std::int64_t stock = 0; stock <= 200; stock += 7) {
    AllocationInput in;
    in.stock["CU-2020"] = stock;
    for (int i = 0; i < 9; ++i) {
      AllocationRequest r{i + 1,     100 + i, i % 2 ? "75" : "93",
                          "CU-2020", 30,      "2020-04-0" + std::to_string(1 + i) + "T10:00:00Z",
                          10,        5,       5,
                          0};
      in.requests.push_back(r);
    }
    in.department_capacity = {{"75", 500}, {"93", 500}};
    auto out = allocate(in);
    auto [lo, hi] =
        std::minmax_element(out.lines.begin(), out.lines.end(),
                            [](const auto& a, const auto& b) { return a.allocated < b.allocated; });
    EXPECT_LE(hi->allocated - lo->allocated, 1) << "stock " << stock;
  }
}

TEST(Allocation, MoreStockNeverGivesAnyoneLess) {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    auto in = random_input(seed, 25, 0);
    std::vector<std::int64_t> previous(in.requests.size(), 0);
    for (std::int64_t stock = 0; stock <= total_requested(in) + 5;
         stock += 3 + static_cast<std::int64_t>(seed % 7)) {
      in.stock["CU-2020"] = stock;
      auto out = allocate(in);
      for (std::size_t i = 0; i < out.lines.size(); ++i) {
        ASSERT_GE(out.lines[i].allocated, previous[i]) << "seed " << seed << " stock " << stock;
        previous[i] = out.lines[i].allocated;
      }
    }
  }
}

TEST(Allocation, IsDeterministicAndIgnoresTheOrderOfRequests) {
  auto in = random_input(42, 60, 700);
  auto a = allocate(in);
  auto b = allocate(in);
  auto shuffled = in;
  std::reverse(shuffled.requests.begin(), shuffled.requests.end());
  auto c = allocate(shuffled);
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    EXPECT_EQ(a.lines[i].allocated, b.lines[i].allocated);
    EXPECT_EQ(a.lines[i].allocated, c.lines[a.lines.size() - 1 - i].allocated);
    EXPECT_EQ(a.lines[i].explanation_args, b.lines[i].explanation_args);
  }
}

TEST(Allocation, AHigherScoreGetsAtLeastAsMuchAndTheShareFollowsTheScore) {
  AllocationInput in;
  in.stock["CU-2020"] = 60;
  // Same size; the second has children and is isolated: score 1 + 0.5 + 0.4 = 1.9 against 1.
  in.requests.push_back({1, 10, "75", "CU-2020", 50, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({2, 11, "75", "CU-2020", 50, "2020-04-02T10:00:00Z", 50, 0, 0, 50});
  auto out = allocate(in);
  EXPECT_DOUBLE_EQ(out.lines[1].score, 1.9);
  // Water-filling: 60 cards at a level of about 20.7 per score point: 21 and 39.
  EXPECT_EQ(out.lines[0].allocated + out.lines[1].allocated, 60);
  EXPECT_EQ(out.lines[0].allocated, 21);
  EXPECT_EQ(out.lines[1].allocated, 39);
  EXPECT_EQ(out.lines[1].explanation_key, "alloc_share");
}

TEST(Allocation, DepartmentsBelowTheirShareOfCapacityWinTies) {
  AllocationInput in;
  in.stock["CU-2020"] = 3;
  in.department_capacity = {{"75", 100}, {"93", 300}};
  // Four identical requests: two in Paris (100 places), two in Seine-Saint-Denis (300).
  in.requests.push_back({1, 10, "75", "CU-2020", 1, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({2, 11, "75", "CU-2020", 1, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({3, 12, "93", "CU-2020", 1, "2020-04-02T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({4, 13, "93", "CU-2020", 1, "2020-04-03T10:00:00Z", 0, 0, 0, 0});
  auto out = allocate(in);
  // All four at one level: the first card goes to Paris (both departments at 0 cards, Paris's
  // next request is the earlier), then Seine-Saint-Denis twice, since 0/300 and then 1/300 of
  // its capacity stay below Paris's 1/100.
  std::vector<std::int64_t> got;
  for (const auto& l : out.lines) got.push_back(l.allocated);
  EXPECT_EQ(got, (std::vector<std::int64_t>{1, 0, 1, 1}));
}

TEST(Allocation, AtEqualSharesTheEarlierRequestWinsWhateverItsDepartmentCode) {
  AllocationInput in;
  in.stock["CU-2020"] = 1;
  in.department_capacity = {{"75", 100}, {"93", 100}};
  // Equal levels and equal shares: the request dated first gets the card, although "93" comes
  // after "75" by code.
  in.requests.push_back({1, 10, "75", "CU-2020", 1, "2020-04-05T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({2, 11, "93", "CU-2020", 1, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  auto out = allocate(in);
  EXPECT_EQ(out.lines[0].allocated, 0);
  EXPECT_EQ(out.lines[1].allocated, 1);
}

TEST(Allocation, ScoresEqualOnPaperTieWhateverTheirRounding) {
  // 1 + 0.4 × 5/6 and 1 + 0.5 × 4/6 are both 4/3 on paper but differ in the last bit as
  // doubles; they must tie, so that the earlier request wins the single card.
  PriorityWeights w;
  w.isolation = 0.4;
  w.children = 0.5;
  AllocationInput in;
  in.weights = w;
  in.stock["CU-2020"] = 1;
  in.requests.push_back({1, 10, "75", "CU-2020", 6, "2020-04-05T10:00:00Z", 0, 0, 0, 5});
  in.requests.push_back({2, 11, "75", "CU-2020", 6, "2020-04-01T10:00:00Z", 4, 0, 0, 0});
  ASSERT_NE(priority_score(in.requests[0], w), priority_score(in.requests[1], w));
  auto out = allocate(in);
  EXPECT_EQ(out.lines[0].allocated, 0);
  EXPECT_EQ(out.lines[1].allocated, 1);
}

TEST(Allocation, NoRequestIsServedAboveTheLevelOfOneStillShort) {
  // Max-min fairness: after the allocation, a request that got less than it asked never sits
  // below another request's level minus one card (the granularity of a card).
  AllocationInput in;
  in.stock["CU-2020"] = 97;
  std::uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int i = 0; i < 40; ++i) {
    AllocationRequest r{i + 1, 100 + i, std::to_string(10 + i % 7), "CU-2020",
                        1 + static_cast<std::int64_t>(next() % 12), "2020-04-01T10:00:00Z",
                        0, 0, 0, 0};
    r.with_children = next() % (r.requested + 1);
    r.isolated = next() % (r.requested + 1);
    in.requests.push_back(r);
  }
  auto out = allocate(in);
  for (const auto& short_one : out.lines) {
    if (short_one.allocated >= short_one.requested) continue;
    const double its_next = (short_one.allocated + 1) / short_one.score;
    for (const auto& other : out.lines) {
      if (other.allocated == 0) continue;
      const double others_last = other.allocated / other.score;
      EXPECT_LE(others_last, its_next + 1e-9)
          << "request " << other.request_id << " got a card at a level above request "
          << short_one.request_id << "'s next";
    }
  }
}

TEST(Allocation, ExplainsFullAndEmptyAnswers) {
  AllocationInput in;
  in.stock["CU-2020"] = 5;
  in.requests.push_back({1, 10, "75", "CU-2020", 5, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  in.requests.push_back({2, 11, "75", "OTHER", 5, "2020-04-01T10:00:00Z", 0, 0, 0, 0});
  auto out = allocate(in);
  EXPECT_EQ(out.lines[0].explanation_key, "alloc_full");
  EXPECT_EQ(out.lines[1].allocated, 0);
  EXPECT_EQ(out.lines[1].explanation_key, "alloc_none");
}

}  // namespace relais
