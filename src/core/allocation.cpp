#include "core/allocation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <queue>

namespace relais {
namespace {

std::string format2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

double priority_score(const AllocationRequest& r, const PriorityWeights& w) {
  if (r.requested <= 0) return w.base;
  auto share = [&](std::int64_t n) {
    return static_cast<double>(std::clamp<std::int64_t>(n, 0, r.requested)) /
           static_cast<double>(r.requested);
  };
  return w.base + w.children * share(r.with_children) + w.training * share(r.training) +
         w.job_search * share(r.job_search) + w.isolation * share(r.isolated);
}

AllocationResult allocate(const AllocationInput& input) {
  AllocationResult result;
  const auto& reqs = input.requests;
  result.lines.resize(reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const auto& r = reqs[i];
    auto& l = result.lines[i];
    l.request_id = r.request_id;
    l.structure_id = r.structure_id;
    l.department = r.department;
    l.plan = r.plan;
    l.requested = std::max<std::int64_t>(r.requested, 0);
    l.score = priority_score(r, input.weights);
  }

  // Departments as indices in the order of their codes (comparing indices compares codes), and
  // each request's rank by (date, id): the loops below compare numbers, not strings.
  std::vector<std::string> dept_codes;
  for (const auto& r : reqs) dept_codes.push_back(r.department);
  std::sort(dept_codes.begin(), dept_codes.end());
  dept_codes.erase(std::unique(dept_codes.begin(), dept_codes.end()), dept_codes.end());
  std::vector<std::size_t> dept_of(reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    dept_of[i] = static_cast<std::size_t>(
        std::lower_bound(dept_codes.begin(), dept_codes.end(), reqs[i].department) -
        dept_codes.begin());
  }
  std::vector<std::int64_t> dept_places(dept_codes.size(), 1);
  for (std::size_t d = 0; d < dept_codes.size(); ++d) {
    auto cap = input.department_capacity.find(dept_codes[d]);
    if (cap != input.department_capacity.end()) {
      dept_places[d] = std::max<std::int64_t>(1, cap->second);
    }
  }
  std::vector<std::size_t> rank(reqs.size());
  {
    std::vector<std::size_t> order(reqs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (reqs[a].requested_at != reqs[b].requested_at)
        return reqs[a].requested_at < reqs[b].requested_at;
      return reqs[a].request_id < reqs[b].request_id;
    });
    for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
  }
  // Scores in millionths, so that levels compare exactly: two scores equal to the sixth decimal
  // tie, whatever rounding their sums of weights went through.
  std::vector<std::int64_t> micro(reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    micro[i] = std::max<std::int64_t>(1, std::llround(result.lines[i].score * 1e6));
  }
  // Cards asked and dealt so far, kept apart from the lines (large records with strings) so that
  // the loop below reads compact arrays; written back to the lines at the end.
  std::vector<std::int64_t> asked(reqs.size()), got(reqs.size(), 0);
  for (std::size_t i = 0; i < reqs.size(); ++i) asked[i] = result.lines[i].requested;

  // A level is a fraction: (cards + 1) / score. Compared by cross-multiplication (cards stay
  // far below 2^31 and scores below 2^31 millionths, so the products fit in 64 bits).
  struct Level {
    std::int64_t num, den;
  };
  auto less = [](const Level& a, const Level& b) { return a.num * b.den < b.num * a.den; };
  auto same = [](const Level& a, const Level& b) { return a.num * b.den == b.num * a.den; };

  // One plan at a time: requests only draw on their own plan's stock.
  std::map<std::string, std::vector<std::size_t>> by_plan;
  for (std::size_t i = 0; i < reqs.size(); ++i) by_plan[reqs[i].plan].push_back(i);

  std::map<std::string, double> plan_level;  // the level reached when each plan ran out
  for (auto& [plan, members] : by_plan) {
    std::int64_t stock = 0;
    if (auto it = input.stock.find(plan); it != input.stock.end())
      stock = std::max<std::int64_t>(it->second, 0);
    result.stock[plan] = stock;
    std::int64_t left = stock;

    auto level = [&](std::size_t i) { return Level{got[i] + 1, micro[i]}; };
    struct Entry {
      Level level;
      std::size_t i;
    };
    // A min-heap on the level; equal levels are gathered into one group below.
    auto later = [&](const Entry& a, const Entry& b) { return less(b.level, a.level); };
    std::priority_queue<Entry, std::vector<Entry>, decltype(later)> heap(later);
    for (std::size_t i : members) {
      if (asked[i] > 0) heap.push({level(i), i});
    }
    // Departments' cards so far, for the balance between equal levels.
    std::vector<std::int64_t> dept_cards(dept_codes.size(), 0);
    Level reached{0, 1};
    while (left > 0 && !heap.empty()) {
      // Every request whose next card comes at the lowest level: one tie group.
      const Level group_level = heap.top().level;
      std::vector<std::size_t> group;
      while (!heap.empty() && same(heap.top().level, group_level)) {
        group.push_back(heap.top().i);
        heap.pop();
      }
      reached = group_level;
      // Within the group: the department furthest below its share of reception capacity first,
      // then (equal shares) the department whose next request is the earliest; inside a
      // department, the earliest request first. One card each, round after round.
      std::map<std::size_t, std::vector<std::size_t>> per_dept;
      for (std::size_t i : group) per_dept[dept_of[i]].push_back(i);
      for (auto& [d, list] : per_dept) {
        std::sort(list.begin(), list.end(),
                  [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
      }
      struct DeptEntry {
        std::size_t dept, next;  // next: index in per_dept[dept]
      };
      auto dept_after = [&](const DeptEntry& a, const DeptEntry& b) {
        // True when b goes first. Shares compared exactly: cards_a / places_a vs cards_b / places_b.
        const std::int64_t lhs = dept_cards[a.dept] * dept_places[b.dept];
        const std::int64_t rhs = dept_cards[b.dept] * dept_places[a.dept];
        if (lhs != rhs) return lhs > rhs;
        return rank[per_dept[a.dept][a.next]] > rank[per_dept[b.dept][b.next]];
      };
      // The shares change as cards are dealt: an entry is re-pushed after each card, so the
      // queue is rebuilt lazily by popping one entry, dealing, and pushing it back.
      std::vector<DeptEntry> depts;
      for (auto& [d, list] : per_dept) depts.push_back({d, 0});
      std::make_heap(depts.begin(), depts.end(), dept_after);
      while (left > 0 && !depts.empty()) {
        std::pop_heap(depts.begin(), depts.end(), dept_after);
        DeptEntry e = depts.back();
        depts.pop_back();
        std::size_t i = per_dept[e.dept][e.next];
        ++got[i];
        --left;
        ++dept_cards[e.dept];
        if (got[i] < asked[i]) heap.push({level(i), i});
        if (e.next + 1 < per_dept[e.dept].size()) {
          depts.push_back({e.dept, e.next + 1});
          std::push_heap(depts.begin(), depts.end(), dept_after);
        }
      }
      // Requests of the group that got no card (stock ran out) keep their place for nothing.
    }
    result.allocated[plan] = stock - left;
    plan_level[plan] = static_cast<double>(reached.num) * 1e6 / static_cast<double>(reached.den);
  }

  for (std::size_t i = 0; i < reqs.size(); ++i) result.lines[i].allocated = got[i];

  for (auto& l : result.lines) {
    const std::string requested = std::to_string(l.requested);
    const std::string allocated = std::to_string(l.allocated);
    if (l.requested == 0) {
      l.explanation_key = "alloc_nothing_asked";
    } else if (l.allocated == l.requested) {
      l.explanation_key = "alloc_full";
      l.explanation_args = {allocated, l.plan};
    } else if (l.allocated == 0) {
      l.explanation_key = "alloc_none";
      l.explanation_args = {requested, l.plan, format2(l.score)};
    } else {
      l.explanation_key = "alloc_share";
      l.explanation_args = {allocated, requested, format2(l.score), format2(plan_level[l.plan]),
                            l.plan};
    }
  }
  return result;
}

}  // namespace relais
