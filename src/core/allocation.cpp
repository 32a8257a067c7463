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
  std::vector<double> dept_places(dept_codes.size(), 1.0);
  for (std::size_t d = 0; d < dept_codes.size(); ++d) {
    auto cap = input.department_capacity.find(dept_codes[d]);
    if (cap != input.department_capacity.end()) dept_places[d] = std::max<double>(1.0, cap->second);
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

    // The level of a request's next card: (cards it has + 1) / score.
    auto level = [&](std::size_t i) {
      return static_cast<double>(result.lines[i].allocated + 1) / result.lines[i].score;
    };
    using Entry = std::pair<double, std::size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    for (std::size_t i : members) {
      if (result.lines[i].requested > 0) heap.push({level(i), i});
    }
    // Departments' cards so far, for the balance between equal levels.
    std::vector<std::int64_t> dept_cards(dept_codes.size(), 0);
    auto dept_ratio = [&](std::size_t d) {
      return static_cast<double>(dept_cards[d]) / dept_places[d];
    };
    double reached = 0;
    while (left > 0 && !heap.empty()) {
      // Every request whose next card comes at the lowest level: one tie group.
      const double group_level = heap.top().first;
      std::vector<std::size_t> group;
      while (!heap.empty() && heap.top().first == group_level) {
        group.push_back(heap.top().second);
        heap.pop();
      }
      reached = group_level;
      // Within the group, departments furthest below their share of reception capacity first,
      // then the earliest request, then the smallest id; one card each, round after round.
      std::map<std::size_t, std::vector<std::size_t>> per_dept;
      for (std::size_t i : group) per_dept[dept_of[i]].push_back(i);
      for (auto& [d, list] : per_dept) {
        std::sort(list.begin(), list.end(),
                  [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
      }
      using DeptEntry = std::tuple<double, std::size_t, std::size_t>;  // ratio, dept, next index
      std::priority_queue<DeptEntry, std::vector<DeptEntry>, std::greater<>> depts;
      for (auto& [d, list] : per_dept) depts.push({dept_ratio(d), d, 0});
      while (left > 0 && !depts.empty()) {
        auto [ratio, d, next] = depts.top();
        depts.pop();
        std::size_t i = per_dept[d][next];
        auto& line = result.lines[i];
        ++line.allocated;
        --left;
        ++dept_cards[d];
        if (line.allocated < line.requested) heap.push({level(i), i});
        if (next + 1 < per_dept[d].size()) depts.push({dept_ratio(d), d, next + 1});
      }
      // Requests of the group that got no card (stock ran out) keep their place for nothing.
    }
    result.allocated[plan] = stock - left;
    plan_level[plan] = reached;
  }

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
