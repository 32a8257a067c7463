#include "core/disclosure.hpp"

#include <algorithm>
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

}  // namespace

std::vector<Hidden> disclose_table(const std::vector<std::int64_t>& cells,
                                   const std::vector<std::vector<std::size_t>>& figures,
                                   const std::vector<bool>& forced) {
  const std::size_t n = cells.size();
  std::vector<std::int64_t> value(figures.size(), 0);
  std::vector<Vector> vectors;
  vectors.reserve(figures.size());
  std::vector<Hidden> hidden(figures.size(), Hidden::kNo);
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
    if (!exposed) return hidden;
    // The figure to hide next: the smallest shown (not zero) whose hiding protects the exposed
    // one, else the smallest shown next to it (sharing a cell), and another round.
    std::vector<std::size_t> candidates;
    for (std::size_t f = 0; f < figures.size(); ++f) {
      if (hidden[f] == Hidden::kNo && value[f] != 0) candidates.push_back(f);
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
