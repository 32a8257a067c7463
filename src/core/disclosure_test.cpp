#include "core/disclosure.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>

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

// One line and its total: a single small count would be the total minus the others, so the
// smallest other count is hidden too; two small ones protect each other.
TEST(Disclosure, HidesANeighbourOfALoneSmallCount) {
  const std::vector<std::vector<std::size_t>> line = {{0}, {1}, {2}, {0, 1, 2}};
  EXPECT_EQ(disclose_table({10, 3, 20}, line),
            (std::vector<Hidden>{Hidden::kSecret, Hidden::kSmall, Hidden::kNo, Hidden::kNo}));
  EXPECT_EQ(disclose_table({2, 4, 20}, line),
            (std::vector<Hidden>{Hidden::kSmall, Hidden::kSmall, Hidden::kNo, Hidden::kNo}));
  // Zeros are shown and protect nothing; nothing small, nothing hidden.
  EXPECT_EQ(disclose_table({0, 3, 20}, line),
            (std::vector<Hidden>{Hidden::kNo, Hidden::kSmall, Hidden::kSecret, Hidden::kNo}));
  EXPECT_EQ(disclose_table({0, 7, 20}, line),
            (std::vector<Hidden>{Hidden::kNo, Hidden::kNo, Hidden::kNo, Hidden::kNo}));
}

// An exact, independent check: the rank of integer rows by fraction-free elimination (Bareiss;
// its values are minors of 0/1 matrices of at most 20 columns, far within 64 bits).
int rank_of(std::vector<std::vector<std::int64_t>> m) {
  if (m.empty()) return 0;
  const std::size_t cols = m[0].size();
  int rank = 0;
  std::int64_t previous = 1;
  for (std::size_t c = 0; c < cols && rank < static_cast<int>(m.size()); ++c) {
    std::size_t pivot = static_cast<std::size_t>(rank);
    while (pivot < m.size() && m[pivot][c] == 0) ++pivot;
    if (pivot == m.size()) continue;
    std::swap(m[pivot], m[static_cast<std::size_t>(rank)]);
    const auto& p = m[static_cast<std::size_t>(rank)];
    for (std::size_t r = static_cast<std::size_t>(rank) + 1; r < m.size(); ++r) {
      for (std::size_t k = c + 1; k < cols; ++k) {
        m[r][k] = (p[c] * m[r][k] - m[r][c] * p[k]) / previous;
      }
      m[r][c] = 0;
    }
    previous = p[c];
    ++rank;
  }
  return rank;
}

// Property: on random tables with their line, column and grand totals, every count from 1 to 4
// is hidden, and no hidden figure is a linear combination of the figures shown (adding it to
// them raises their rank), so no sum or difference of shown figures gives it back.
TEST(Disclosure, NoHiddenFigureCanBeWorkedOutFromTheFiguresShown) {
  std::mt19937 random(20201126);
  const std::int64_t values[] = {0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 150};
  for (int round = 0; round < 400; ++round) {
    const std::size_t rows = 1 + random() % 4, cols = 1 + random() % 5;
    std::vector<std::int64_t> cells(rows * cols);
    for (auto& v : cells) v = values[random() % std::size(values)];
    std::vector<std::vector<std::size_t>> figures;
    for (std::size_t i = 0; i < cells.size(); ++i) figures.push_back({i});
    for (std::size_t r = 0; r < rows; ++r) {
      figures.emplace_back();
      for (std::size_t c = 0; c < cols; ++c) figures.back().push_back(r * cols + c);
    }
    for (std::size_t c = 0; c < cols; ++c) {
      figures.emplace_back();
      for (std::size_t r = 0; r < rows; ++r) figures.back().push_back(r * cols + c);
    }
    figures.emplace_back();
    for (std::size_t i = 0; i < cells.size(); ++i) figures.back().push_back(i);

    const auto hidden = disclose_table(cells, figures);
    ASSERT_EQ(hidden.size(), figures.size());
    std::vector<std::vector<std::int64_t>> shown;
    auto row_of = [&](std::size_t f) {
      std::vector<std::int64_t> v(cells.size(), 0);
      for (std::size_t c : figures[f]) v[c] = 1;
      return v;
    };
    for (std::size_t f = 0; f < figures.size(); ++f) {
      std::int64_t value = 0;
      for (std::size_t c : figures[f]) value += cells[c];
      if (value > 0 && value < 5) {
        EXPECT_EQ(hidden[f], Hidden::kSmall) << "round " << round << " figure " << f;
      } else {
        EXPECT_NE(hidden[f], Hidden::kSmall) << "round " << round << " figure " << f;
      }
      if (hidden[f] == Hidden::kNo) shown.push_back(row_of(f));
    }
    const int base = rank_of(shown);
    for (std::size_t f = 0; f < figures.size(); ++f) {
      if (hidden[f] == Hidden::kNo) continue;
      auto with = shown;
      with.push_back(row_of(f));
      EXPECT_EQ(rank_of(with), base + 1) << "round " << round << ": hidden figure " << f
                                         << " can be worked out from the figures shown";
    }
  }
}

// Property: in a line of cells with its total, what a reader knows of each hidden cell (a
// small one is 1 to 4, one hidden to protect it at least 5) and the figures shown leave every
// hidden cell at least two possible values. Checked by trying every value the hidden cells
// could take.
TEST(Disclosure, NoHiddenCountIsPinnedByWhatItCanBe) {
  std::mt19937 random(2026);
  const std::int64_t values[] = {0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12};
  for (int round = 0; round < 600; ++round) {
    const std::size_t n = 2 + random() % 4;
    std::vector<std::int64_t> cells(n);
    for (auto& v : cells) v = values[random() % std::size(values)];
    std::vector<std::vector<std::size_t>> figures;
    for (std::size_t i = 0; i < n; ++i) figures.push_back({i});
    figures.emplace_back();
    for (std::size_t i = 0; i < n; ++i) figures.back().push_back(i);
    const auto hidden = disclose_table(cells, figures);
    std::int64_t total = 0;
    for (auto v : cells) total += v;
    const bool total_shown = hidden.back() == Hidden::kNo;
    std::vector<std::size_t> unknown;
    std::int64_t known = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (hidden[i] == Hidden::kNo) {
        known += cells[i];
      } else {
        unknown.push_back(i);
      }
    }
    if (!total_shown || unknown.empty()) continue;
    // Every assignment of the hidden cells within their bounds that adds up to the total.
    std::vector<std::set<std::int64_t>> possible(unknown.size());
    std::vector<std::int64_t> pick(unknown.size());
    std::function<void(std::size_t, std::int64_t)> assign = [&](std::size_t k, std::int64_t left) {
      if (k == unknown.size()) {
        if (left != 0) return;
        for (std::size_t j = 0; j < pick.size(); ++j) possible[j].insert(pick[j]);
        return;
      }
      const bool small = hidden[unknown[k]] == Hidden::kSmall;
      const std::int64_t low = small ? 1 : kSmallestShownCount, high = small ? 4 : left;
      for (std::int64_t v = low; v <= high && v <= left; ++v) {
        pick[k] = v;
        assign(k + 1, left - v);
      }
    };
    assign(0, total - known);
    for (std::size_t j = 0; j < unknown.size(); ++j) {
      EXPECT_GE(possible[j].size(), 2u) << "round " << round << ": cell " << unknown[j]
                                        << " (" << cells[unknown[j]] << ") is pinned";
    }
  }
}

}  // namespace
}  // namespace relais
