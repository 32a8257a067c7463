#include "core/disclosure.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <cmath>
#include <numeric>

namespace relais {
namespace {

using Vector = std::vector<double>;

// The figures' vectors over the cells (1 where the figure counts the cell).
Vector vector_of(const std::vector<std::size_t>& figure, std::size_t cells) {
  Vector v(cells, 0.0);
  for (std::size_t c : figure) v[c] = 1.0;
  return v;
}

// A basis of the span of `rows` in reduced echelon form (Gauss-Jordan with partial pivoting;
// the entries are 0 and 1 and the tables small, so doubles with a tolerance are exact enough).
class Span {
 public:
  explicit Span(std::size_t cells) : cells_(cells) {}

  void add(Vector v) {
    reduce(v);
    std::size_t pivot = cells_;
    double best = kEpsilon;
    for (std::size_t i = 0; i < cells_; ++i) {
      if (std::abs(v[i]) > best) {
        best = std::abs(v[i]);
        pivot = i;
      }
    }
    if (pivot == cells_) return;  // already in the span
    const double p = v[pivot];
    for (double& x : v) x /= p;
    for (auto& [col, row] : basis_) {
      const double f = row[pivot];
      if (std::abs(f) > kEpsilon) {
        for (std::size_t i = 0; i < cells_; ++i) row[i] -= f * v[i];
      }
    }
    basis_.emplace_back(pivot, std::move(v));
  }

  // Whether `v` is a linear combination of what was added.
  bool holds(Vector v) const {
    reduce(v);
    return std::all_of(v.begin(), v.end(), [](double x) { return std::abs(x) <= kEpsilon; });
  }

 private:
  static constexpr double kEpsilon = 1e-9;

  void reduce(Vector& v) const {
    for (const auto& [col, row] : basis_) {
      const double f = v[col];
      if (std::abs(f) > kEpsilon) {
        for (std::size_t i = 0; i < cells_; ++i) v[i] -= f * row[i];
      }
    }
  }

  std::size_t cells_;
  std::vector<std::pair<std::size_t, Vector>> basis_;
};

// What a reader knows of a hidden figure besides the sums: a small one is 1 to 4, one hidden
// to protect another is 0 or at least 5 (taken as at least 5: the tighter bound).
constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max() / 4;
std::int64_t lowest(Hidden h) { return h == Hidden::kSmall ? 1 : kSmallestShownCount; }
std::int64_t highest(Hidden h) { return h == Hidden::kSmall ? kSmallestShownCount - 1 : kUnbounded; }

// A shown figure split into parts that are figures too (a total into its cells, or into its
// departments): when some parts are hidden, what is left of the figure once the shown parts are
// taken away, with each hidden part's bounds, must not leave a hidden part only one possible
// value. Returns the figure to hide next (the smallest shown part of such a split, else the
// figure itself), or nothing.
std::optional<std::size_t> pinned_by_bounds(const std::vector<std::int64_t>& value,
                                            const std::vector<std::vector<std::size_t>>& sorted,
                                            const std::vector<Hidden>& hidden,
                                            const std::vector<bool>& known) {
  auto is_known = [&](std::size_t f) { return f < known.size() && known[f]; };
  const std::size_t n = sorted.size();
  for (std::size_t whole = 0; whole < n; ++whole) {
    if (hidden[whole] != Hidden::kNo) continue;
    std::vector<std::size_t> parts;
    for (std::size_t p = 0; p < n; ++p) {
      if (p != whole && sorted[p].size() < sorted[whole].size() && !sorted[p].empty() &&
          std::includes(sorted[whole].begin(), sorted[whole].end(), sorted[p].begin(),
                        sorted[p].end())) {
        parts.push_back(p);
      }
    }
    // Every way of covering the figure with disjoint parts, each started from one part.
    for (std::size_t seed : parts) {
      std::vector<std::size_t> cover = {seed};
      std::vector<std::size_t> covered = sorted[seed];
      for (std::size_t p : parts) {
        if (p == seed) continue;
        std::vector<std::size_t> both;
        std::set_intersection(covered.begin(), covered.end(), sorted[p].begin(), sorted[p].end(),
                              std::back_inserter(both));
        if (!both.empty()) continue;
        cover.push_back(p);
        std::vector<std::size_t> merged;
        std::merge(covered.begin(), covered.end(), sorted[p].begin(), sorted[p].end(),
                   std::back_inserter(merged));
        covered = std::move(merged);
      }
      if (covered != sorted[whole]) continue;
      std::int64_t left = value[whole], low_sum = 0, high_sum = 0;
      std::vector<std::size_t> hidden_parts, shown_parts;
      for (std::size_t p : cover) {
        if (hidden[p] == Hidden::kNo) {
          left -= value[p];
          shown_parts.push_back(p);
        } else {
          hidden_parts.push_back(p);
          low_sum += lowest(hidden[p]);
          high_sum = std::min(kUnbounded, high_sum + highest(hidden[p]));
        }
      }
      if (hidden_parts.size() < 2) continue;  // one hidden part: the sums' check covers it
      bool pinned = false;
      for (std::size_t h : hidden_parts) {
        const std::int64_t others_low = low_sum - lowest(hidden[h]);
        const std::int64_t others_high =
            high_sum >= kUnbounded ? kUnbounded : high_sum - highest(hidden[h]);
        const std::int64_t low = std::max(lowest(hidden[h]),
                                          others_high >= kUnbounded ? lowest(hidden[h])
                                                                    : left - others_high);
        const std::int64_t high = std::min(highest(hidden[h]), left - others_low);
        if (low >= high) pinned = true;
      }
      if (!pinned) continue;
      std::optional<std::size_t> smallest;
      for (std::size_t p : shown_parts) {
        if (value[p] != 0 && !is_known(p) && (!smallest || value[p] < value[*smallest])) {
          smallest = p;
        }
      }
      if (smallest) return smallest;
      if (value[whole] != 0 && !is_known(whole)) return whole;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Hidden> disclose_table(const std::vector<std::int64_t>& cells,
                                   const std::vector<std::vector<std::size_t>>& figures,
                                   const std::vector<bool>& forced,
                                   const std::vector<bool>& known) {
  auto is_known = [&](std::size_t f) { return f < known.size() && known[f]; };
  const std::size_t n = cells.size();
  std::vector<std::int64_t> value(figures.size(), 0);
  std::vector<Vector> vectors;
  vectors.reserve(figures.size());
  std::vector<Hidden> hidden(figures.size(), Hidden::kNo);
  std::vector<std::vector<std::size_t>> sorted = figures;
  for (auto& cells_of : sorted) {
    std::sort(cells_of.begin(), cells_of.end());
    cells_of.erase(std::unique(cells_of.begin(), cells_of.end()), cells_of.end());
  }
  for (std::size_t f = 0; f < figures.size(); ++f) {
    for (std::size_t c : figures[f]) value[f] += cells[c];
    vectors.push_back(vector_of(figures[f], n));
    if (!shown_count(value[f], true)) {
      hidden[f] = Hidden::kSmall;
    } else if (f < forced.size() && forced[f]) {
      hidden[f] = Hidden::kSecret;
    }
  }
  auto shares_a_cell = [&](std::size_t a, std::size_t b) {
    for (std::size_t c : figures[a]) {
      if (std::find(figures[b].begin(), figures[b].end(), c) != figures[b].end()) return true;
    }
    return false;
  };
  // Each round hides one more figure, so it ends (at worst with every figure hidden).
  for (;;) {
    Span shown(n);
    for (std::size_t f = 0; f < figures.size(); ++f) {
      if (hidden[f] == Hidden::kNo) shown.add(vectors[f]);
    }
    std::optional<std::size_t> exposed;
    for (std::size_t f = 0; f < figures.size() && !exposed; ++f) {
      if (hidden[f] != Hidden::kNo && value[f] != 0 && shown.holds(vectors[f])) exposed = f;
    }
    if (!exposed) {
      // The sums tell nothing hidden; the bounds a reader knows must not either.
      if (auto more = pinned_by_bounds(value, sorted, hidden, known)) {
        hidden[*more] = Hidden::kSecret;
        continue;
      }
      return hidden;
    }
    // The figure to hide next: the smallest shown (not zero) whose hiding protects the exposed
    // one, else the smallest shown next to it (sharing a cell), and another round.
    std::vector<std::size_t> candidates;
    for (std::size_t f = 0; f < figures.size(); ++f) {
      if (hidden[f] == Hidden::kNo && value[f] != 0 && !is_known(f)) candidates.push_back(f);
    }
    if (candidates.empty()) return hidden;  // nothing shown that tells anything
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
    std::optional<std::size_t> chosen;
    for (std::size_t candidate : candidates) {
      Span without(n);
      for (std::size_t f = 0; f < figures.size(); ++f) {
        if (hidden[f] == Hidden::kNo && f != candidate) without.add(vectors[f]);
      }
      if (!without.holds(vectors[*exposed])) {
        chosen = candidate;
        break;
      }
    }
    if (!chosen) {
      for (std::size_t candidate : candidates) {
        if (shares_a_cell(candidate, *exposed)) {
          chosen = candidate;
          break;
        }
      }
    }
    if (!chosen) chosen = candidates.front();
    hidden[*chosen] = Hidden::kSecret;
  }
}

}  // namespace relais
