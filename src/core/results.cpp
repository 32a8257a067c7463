#include "core/results.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/department.hpp"
#include "core/organisation.hpp"

namespace relais {

bool counted_from_events(std::string_view category) {
  return category == "cards" || category == "topups" || category == "shipping";
}

std::optional<std::int64_t> minutes_of(std::string_view iso) {
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    if (iso.size() < at + len) return std::nullopt;
    int n = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
      n = n * 10 + (iso[i] - '0');
    }
    return n;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year(*y), std::chrono::month(*m),
                                        std::chrono::day(*d)};
  if (!day.ok()) return std::nullopt;
  std::int64_t minutes =
      std::chrono::sys_days(day).time_since_epoch().count() * std::int64_t{24 * 60};
  if (iso.size() > 10) {
    const auto h = number(11, 2), mi = number(14, 2);
    if (!h || !mi || *h > 23 || *mi > 59) return std::nullopt;
    minutes += *h * 60 + *mi;
  }
  return minutes;
}

std::optional<std::pair<double, double>> median_and_p90(std::vector<std::int64_t>& values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? static_cast<double>(values[n / 2])
                                   : (static_cast<double>(values[n / 2 - 1]) +
                                      static_cast<double>(values[n / 2])) / 2.0;
  // Nearest rank: the smallest value with at least 90 % of the values at or below it.
  const std::size_t rank = (9 * n + 9) / 10;  // ceil(0.9 n), n >= 1
  return std::make_pair(median, static_cast<double>(values[rank - 1]));
}

namespace {

Figure small_rule(std::int64_t n) {
  return {n, shown_count(n, true) ? Hidden::kNo : Hidden::kSmall};
}

// Cells and their total, disclosed together: the total is the last figure. `hide_total`: the
// total is hidden in another table where the reader sees it too.
std::vector<Figure> disclose_with_total(const std::vector<std::int64_t>& cells, Figure& total,
                                        bool hide_total = false, bool known_total = false) {
  std::vector<std::vector<std::size_t>> figures;
  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    figures.push_back({i});
    all.push_back(i);
  }
  figures.push_back(all);
  std::vector<bool> forced(figures.size(), false), known(figures.size(), false);
  forced.back() = hide_total;
  known.back() = known_total;
  const auto hidden = disclose_table(cells, figures, forced, known);
  std::vector<Figure> out;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out.push_back({cells[i], hidden[i]});
    sum += cells[i];
  }
  total = {sum, hidden.back()};
  return out;
}

double hours(double minutes) { return std::round(minutes / 6.0) / 10.0; }

double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

struct Scope {
  const ResultsFilter& filter;
  bool by_place() const { return !filter.department.empty() || !filter.structure_type.empty(); }
  bool in_period(const std::string& at) const {
    if (at.empty()) return false;
    const std::string_view day = std::string_view(at).substr(0, 10);
    return (filter.from.empty() || day >= filter.from) && (filter.to.empty() || day <= filter.to);
  }
  bool place_matches(const ResultStructureRow* s) const {
    if (!by_place()) return true;
    if (!s) return false;
    return (filter.department.empty() || s->department == filter.department) &&
           (filter.structure_type.empty() || s->structure_type == filter.structure_type);
  }
};

std::string month_of(const std::string& at) { return at.substr(0, 7); }

// A month-by-month count of one stage.
using Monthly = std::map<std::string, std::int64_t>;

BudgetResult budget_of(const ResultFacts& f, const ResultFacts& plan,
                       std::int64_t people_connected) {
  BudgetResult b;
  // What happened, over the whole programme.
  std::int64_t allocated = 0, handed = 0;
  for (const auto& c : f.cards) {
    if (!c.reserved_at.empty()) ++allocated;
    if (!c.handed_over_at.empty()) ++handed;
  }
  std::int64_t topups_asked = 0, topups_done = 0, topups_asked_cents = 0, topups_done_cents = 0;
  for (const auto& t : f.topups) {
    if (t.status == "confirmed") {
      ++topups_done;
      topups_done_cents += t.cost_cents;
    } else if (t.status == "requested" || t.status == "approved") {
      ++topups_asked;
      topups_asked_cents += t.cost_cents;
    }
  }
  std::int64_t shipping_cents = 0;
  for (const auto& p : f.parcels) {
    if (!p.shipped_at.empty()) shipping_cents += p.price_cents;
  }
  auto told = [](std::int64_t count, std::int64_t cents) -> std::optional<std::int64_t> {
    if (!shown_count(count, true)) return std::nullopt;
    return cents;
  };
  std::map<std::string, const BudgetLineRecord*> entered;
  for (const auto& l : plan.budget_lines) entered[l.category] = &l;
  BudgetLineResult total{"total", std::nullopt, 0, 0, std::nullopt};
  bool any_budget = false;
  std::int64_t budget_sum = 0;
  for (std::string_view category : kBudgetCategories) {
    BudgetLineResult line{std::string(category), std::nullopt, 0, 0, std::nullopt};
    auto e = entered.find(line.category);
    if (category == "topups") {
      line.budget_cents = plan.topup_budget_cents;
      line.committed_cents = told(topups_asked, topups_asked_cents);
      line.spent_cents = told(topups_done, topups_done_cents);
    } else if (category == "cards") {
      const std::int64_t waiting = std::max<std::int64_t>(0, allocated - handed);
      line.committed_cents = told(waiting, waiting * f.card_price_cents);
      line.spent_cents = told(handed, handed * f.card_price_cents);
    } else if (category == "shipping") {
      line.spent_cents = shipping_cents;
    } else if (e != entered.end()) {
      line.spent_cents = e->second->spent_cents.value_or(0);
    }
    if (category != "topups" && e != entered.end()) line.budget_cents = e->second->budget_cents;
    const bool has_cost = line.committed_cents.value_or(1) != 0 || line.spent_cents.value_or(1) != 0;
    if (!line.budget_cents && !has_cost) continue;
    if (line.budget_cents && line.committed_cents && line.spent_cents) {
      line.left_cents = *line.budget_cents - *line.committed_cents - *line.spent_cents;
    }
    if (line.budget_cents) {
      any_budget = true;
      budget_sum += *line.budget_cents;
    }
    auto add = [](std::optional<std::int64_t>& sum, const std::optional<std::int64_t>& part) {
      sum = sum && part ? std::optional<std::int64_t>(*sum + *part) : std::nullopt;
    };
    add(total.committed_cents, line.committed_cents);
    add(total.spent_cents, line.spent_cents);
    b.lines.push_back(std::move(line));
  }
  if (any_budget) total.budget_cents = budget_sum;
  if (total.budget_cents && total.committed_cents && total.spent_cents) {
    total.left_cents = *total.budget_cents - *total.committed_cents - *total.spent_cents;
  }
  b.total = total;
  // Each funder: its amount, or its share of the budget it pays into. What it spent is its
  // part of that budget's spending: its commitment over the budget (or over all the funders'
  // commitments to it, when they exceed the budget or there is none), never more than it
  // committed.
  auto line_of = [&](const std::optional<std::string>& category) -> const BudgetLineResult* {
    if (!category) return &b.total;
    for (const auto& l : b.lines) {
      if (l.category == *category) return &l;
    }
    return nullptr;
  };
  std::map<std::string, std::int64_t> committed_by_scope;
  for (const auto& fu : plan.funders) {
    FunderResult r{fu.name, fu.iati_ref, fu.category, fu.share_bp, 0, std::nullopt, std::nullopt};
    const BudgetLineResult* scope = line_of(fu.category);
    if (fu.amount_cents) {
      r.committed_cents = *fu.amount_cents;
    } else if (fu.share_bp && scope && scope->budget_cents) {
      r.committed_cents = *scope->budget_cents * *fu.share_bp / 10000;
    }
    committed_by_scope[fu.category.value_or("")] += r.committed_cents;
    b.funders.push_back(std::move(r));
  }
  for (auto& r : b.funders) {
    const BudgetLineResult* scope = line_of(r.category);
    if (!scope || !scope->spent_cents) continue;
    const std::int64_t base = std::max(scope->budget_cents.value_or(0),
                                       committed_by_scope[r.category.value_or("")]);
    const std::int64_t part =
        base == 0 ? 0
                  : static_cast<std::int64_t>(static_cast<long double>(*scope->spent_cents) *
                                              static_cast<long double>(r.committed_cents) /
                                              static_cast<long double>(base));
    r.spent_cents = std::min(r.committed_cents, part);
    r.left_cents = r.committed_cents - *r.spent_cents;
  }
  b.people_connected = small_rule(people_connected);
  if (b.people_connected.shown() && people_connected > 0 && b.total.spent_cents) {
    b.cost_per_person_cents = *b.total.spent_cents / people_connected;
  }
  return b;
}

}  // namespace

ProgrammeResults compute_results(const ResultFacts& f, const ResultsFilter& filter) {
  return compute_results(f, f, filter);
}

ProgrammeResults compute_results(const ResultFacts& f, const ResultFacts& plan,
                                 const ResultsFilter& filter) {
  return compute_results(f, plan, filter, PlaceHiding{});
}

ProgrammeResults compute_results(const ResultFacts& f, const ResultFacts& plan,
                                 const ResultsFilter& filter, const PlaceHiding& hiding) {
  ProgrammeResults r;
  r.programme_id = plan.programme_id;
  r.programme_code = plan.programme_code;
  r.programme_name = plan.programme_name;
  r.operator_name = f.operator_name;
  r.plan_name = f.plan_name;
  r.coordinator_name = f.coordinator_name;
  r.as_of = f.as_of;
  r.filter = filter;
  r.profile = plan.profile;
  const Scope scope{filter};

  std::unordered_map<std::int64_t, const ResultStructureRow*> structures;
  for (const auto& s : f.structures) structures[s.id] = &s;
  auto structure_of = [&](const std::optional<std::int64_t>& id) -> const ResultStructureRow* {
    if (!id) return nullptr;
    auto it = structures.find(*id);
    return it == structures.end() ? nullptr : it->second;
  };
  std::unordered_map<std::string, const ResultLineRow*> lines;
  for (const auto& l : f.lines) lines[l.iccid] = &l;
  std::unordered_map<std::string, const ResultCardRow*> cards;
  for (const auto& c : f.cards) cards[c.iccid] = &c;

  // The funnel, month by month.
  std::map<std::string, Monthly> monthly;  // stage -> month -> count
  std::set<std::string> months;
  // Every month of the programme's history (in the filter's place): a period's figures are
  // cut from the same month-by-month tables, so that two periods tell nothing one month's
  // table does not.
  auto count = [&](std::string_view stage, const std::string& at, std::int64_t n = 1) {
    if (at.empty()) return;
    monthly[std::string(stage)][month_of(at)] += n;
    months.insert(month_of(at));
  };
  if (!scope.by_place()) {
    for (const auto& b : f.batches) count("received", b.received_at, b.quantity);
  }
  std::int64_t connected_overall = 0;
  // People connected per department and structure type (the cells of the places' table).
  std::map<std::pair<std::string, std::string>, std::int64_t> connected_by_place;
  std::map<std::string, std::int64_t> by_household, by_language;
  std::vector<std::int64_t> delivery_to_handover, handover_to_activation;
  std::unordered_map<std::int64_t, std::string> first_delivery;  // request -> earliest delivery
  for (const auto& c : f.cards) {
    const ResultLineRow* line = nullptr;
    if (auto it = lines.find(c.iccid); it != lines.end()) line = it->second;
    const bool replacement = line && line->replacement;
    const ResultStructureRow* s = structure_of(c.structure_id);
    // People connected, one population everywhere (the funnel's active lines, the places, the
    // households and languages, the budget's): a line activated, not one replacing another, at
    // a known structure; each figure that counts them is then the same figure.
    const bool person = !c.activated_at.empty() && !replacement && s;
    if (person) ++connected_overall;
    if (!scope.place_matches(s)) continue;
    count("allocated", c.reserved_at);
    count("packed", c.packed_at);
    count("shipped", c.shipped_at);
    count("delivered", c.delivered_at);
    count("handed_over", c.handed_over_at);
    if (person) count("active", c.activated_at);
    if (c.request_id && !c.delivered_at.empty()) {
      auto& d = first_delivery[*c.request_id];
      if (d.empty() || c.delivered_at < d) d = c.delivered_at;
    }
    const auto delivered = minutes_of(c.delivered_at), handed = minutes_of(c.handed_over_at),
               activated = minutes_of(c.activated_at);
    if (delivered && handed && *handed >= *delivered && scope.in_period(c.handed_over_at)) {
      delivery_to_handover.push_back(*handed - *delivered);
    }
    if (person && handed && activated && *activated >= *handed &&
        scope.in_period(c.activated_at)) {
      handover_to_activation.push_back(*activated - *handed);
    }
    if (!person || !scope.in_period(c.activated_at)) continue;
    ++connected_by_place[{s->department, s->structure_type}];
    // A card handed over without a resident's record (by hand, or a demo's) counts as unknown.
    if (line && line->household_size > 0) {
      const auto size = line->household_size;
      ++by_household[size >= 5 ? "5+" : std::to_string(size)];
    } else {
      ++by_household["unknown"];
    }
    ++by_language[line && !line->main_language.empty() ? line->main_language : "unknown"];
  }
  std::vector<std::int64_t> request_to_delivery;
  for (const auto& q : f.requests) {
    auto d = first_delivery.find(q.id);
    if (d == first_delivery.end() || !scope.in_period(d->second)) continue;
    const auto asked = minutes_of(q.submitted_at), delivered = minutes_of(d->second);
    if (asked && delivered && *delivered >= *asked) request_to_delivery.push_back(*delivered - *asked);
  }

  // What the lines changed, from the follow-up surveys of the period and place.
  std::vector<const ResultFollowUpRow*> surveys;
  for (const auto& u : f.follow_ups) {
    auto c = cards.find(u.iccid);
    const ResultStructureRow* s = c == cards.end() ? nullptr : structure_of(c->second->structure_id);
    if (!scope.place_matches(s)) continue;
    if (u.still_used && *u.still_used) count("still_used", u.recorded_at);
    if (scope.in_period(u.recorded_at)) surveys.push_back(&u);
  }

  const std::vector<std::string> all_months(months.begin(), months.end());
  for (const auto& m : all_months) {
    if ((filter.from.empty() || m >= filter.from.substr(0, 7)) &&
        (filter.to.empty() || m <= filter.to.substr(0, 7))) {
      r.months.push_back(m);
    }
  }
  // Each stage's table over the whole history, disclosed once, alike for every view.
  std::map<std::string, std::vector<Figure>> stage_months;
  std::map<std::string, Figure> stage_totals;
  for (std::string_view stage : kFunnelStages) {
    std::vector<std::int64_t> cells;
    for (const auto& m : all_months) {
      auto& by = monthly[std::string(stage)];
      auto it = by.find(m);
      cells.push_back(it == by.end() ? 0 : it->second);
    }
    stage_months[std::string(stage)] = disclose_with_total(cells, stage_totals[std::string(stage)]);
  }

  auto lead = [](std::string_view measure, std::vector<std::int64_t>& values) {
    LeadTimeResult l{std::string(measure), small_rule(static_cast<std::int64_t>(values.size())),
                     std::nullopt, std::nullopt};
    if (l.count.shown()) {
      if (auto mp = median_and_p90(values)) {
        l.median_hours = hours(mp->first);
        l.p90_hours = hours(mp->second);
      }
    }
    return l;
  };
  r.lead_times.push_back(lead(kLeadTimes[0], request_to_delivery));
  r.lead_times.push_back(lead(kLeadTimes[1], delivery_to_handover));
  r.lead_times.push_back(lead(kLeadTimes[2], handover_to_activation));

  // Where: every department and structure type with a structure in the filter's place.
  std::map<std::string, PlaceRow> department_rows, type_rows;
  for (const auto& s : f.structures) {
    if (!scope.place_matches(&s)) continue;
    auto& d = department_rows[s.department];
    d.key = s.department;
    if (auto dep = find_department(s.department)) d.name = dep->name;
    ++d.structures;
    d.places += s.capacity;
    auto& t = type_rows[s.structure_type];
    t.key = s.structure_type;
    ++t.structures;
    t.places += s.capacity;
  }
  std::vector<std::string> type_keys;  // in the order core lists the types
  for (std::string_view t : kStructureTypes) {
    if (type_rows.count(std::string(t))) type_keys.push_back(std::string(t));
  }
  for (const auto& [k, row] : type_rows) {
    if (std::find(type_keys.begin(), type_keys.end(), k) == type_keys.end()) type_keys.push_back(k);
  }
  std::vector<std::string> department_keys;
  for (const auto& [k, row] : department_rows) department_keys.push_back(k);

  auto ratio = [](const PlaceRow& p) -> std::optional<double> {
    if (!p.connected.shown() || p.places == 0) return std::nullopt;
    return one_decimal(100.0 * static_cast<double>(p.connected.n) / static_cast<double>(p.places));
  };
  // Departments and structure types are one table: which types a department's structures are
  // of is public (the reception network's directory), so a department's count and a type's are
  // sums of the same cells, one per department and type with a structure, and are disclosed
  // together (otherwise a department hidden could be a type's count minus the others').
  std::vector<std::pair<std::string, std::string>> place_cells;
  for (const auto& st : f.structures) {
    if (!scope.place_matches(&st)) continue;
    const std::pair<std::string, std::string> cell{st.department, st.structure_type};
    if (std::find(place_cells.begin(), place_cells.end(), cell) == place_cells.end()) {
      place_cells.push_back(cell);
    }
  }
  auto place_table = [&](bool hide_total, bool known_total) {
    std::vector<std::int64_t> cells;
    for (const auto& cell : place_cells) {
      auto it = connected_by_place.find(cell);
      cells.push_back(it == connected_by_place.end() ? 0 : it->second);
    }
    std::vector<std::vector<std::size_t>> figures;
    for (const auto& d : department_keys) {
      figures.emplace_back();
      for (std::size_t c = 0; c < place_cells.size(); ++c) {
        if (place_cells[c].first == d) figures.back().push_back(c);
      }
    }
    for (const auto& t : type_keys) {
      figures.emplace_back();
      for (std::size_t c = 0; c < place_cells.size(); ++c) {
        if (place_cells[c].second == t) figures.back().push_back(c);
      }
    }
    figures.emplace_back();
    for (std::size_t c = 0; c < place_cells.size(); ++c) figures.back().push_back(c);
    std::vector<bool> forced(figures.size(), false), known(figures.size(), false);
    forced.back() = hide_total;
    known.back() = known_total;
    auto listed = [](const std::vector<std::string>& keys, const std::string& key) {
      return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    for (std::size_t d = 0; d < department_keys.size(); ++d) {
      forced[d] = listed(hiding.departments, department_keys[d]);
    }
    for (std::size_t t = 0; t < type_keys.size(); ++t) {
      forced[department_keys.size() + t] = listed(hiding.types, type_keys[t]);
    }
    const auto hidden = disclose_table(cells, figures, forced, known);
    auto value = [&](std::size_t figure) {
      std::int64_t n = 0;
      for (std::size_t c : figures[figure]) n += cells[c];
      return Figure{n, hidden[figure]};
    };
    auto rows_of = [&](const std::vector<std::string>& keys,
                       const std::map<std::string, PlaceRow>& rows, std::size_t first,
                       std::vector<PlaceRow>& out, PlaceRow& total) {
      out.clear();
      total = PlaceRow{"total", "", 0, 0, value(figures.size() - 1), std::nullopt};
      for (std::size_t i = 0; i < keys.size(); ++i) {
        PlaceRow row = rows.at(keys[i]);
        row.connected = value(first + i);
        row.per_100_places = ratio(row);
        total.structures += row.structures;
        total.places += row.places;
        out.push_back(std::move(row));
      }
      total.per_100_places = ratio(total);
    };
    rows_of(department_keys, department_rows, 0, r.departments, r.departments_total);
    rows_of(type_keys, type_rows, department_keys.size(), r.structure_types,
            r.structure_types_total);
  };
  auto count_table = [](const std::vector<std::string>& keys,
                        const std::map<std::string, std::int64_t>& counts,
                        std::vector<CountRow>& out, Figure& total, bool hide_total,
                        bool known_total) {
    out.clear();
    std::vector<std::int64_t> cells;
    for (const auto& k : keys) {
      auto it = counts.find(k);
      cells.push_back(it == counts.end() ? 0 : it->second);
    }
    const auto figures = disclose_with_total(cells, total, hide_total, known_total);
    for (std::size_t i = 0; i < keys.size(); ++i) out.push_back({keys[i], figures[i]});
  };
  std::vector<std::string> household_keys(kHouseholdSizes.begin(), kHouseholdSizes.end());
  if (by_household.count("unknown")) household_keys.push_back("unknown");
  std::vector<std::string> language_keys;
  for (const auto& [k, n] : by_language) {
    if (k != "unknown") language_keys.push_back(k);
  }
  if (by_language.count("unknown")) language_keys.push_back("unknown");

  // What changed: counted once, disclosed with the tables below.
  ChangeResult& ch = r.changes;
  std::map<std::string, std::int64_t> uses;
  std::int64_t yes = 0, no = 0, unasked = 0;
  std::map<std::string, std::int64_t> scores;
  std::int64_t score_sum = 0;
  for (const auto* u : surveys) {
    std::string word;
    for (char c : u->uses + " ") {
      if (c == ' ') {
        if (!word.empty()) ++uses[word];
        word.clear();
      } else {
        word += c;
      }
    }
    if (!u->still_used) {
      ++unasked;
    } else if (*u->still_used) {
      ++yes;
    } else {
      ++no;
    }
    if (u->satisfaction) {
      ++scores[std::to_string(*u->satisfaction)];
      score_sum += *u->satisfaction;
    }
    if (u->testimony && !u->testimony->empty()) {
      ch.testimonies.push_back({*u->testimony, u->recorded_at.substr(0, 4)});
    }
  }

  // The tables. A figure the reader sees in two tables is hidden in both when either hides it:
  // the people connected (departments, structure types, households, languages; the funnel's
  // active lines, which may be as many) and the lines
  // still used (the funnel, the follow-ups). Hiding it in one may hide more there, so the
  // tables are disclosed again until they agree.
  // The funnel first: its months come from the whole history's tables, so a period's people
  // connected and lines still used are either the sum of months shown (the reader knows them:
  // the tables below may not hide them to protect a figure of theirs, and hide others instead)
  // or hidden (then hidden in those tables too).
  r.funnel.clear();
  for (std::string_view stage : kFunnelStages) {
    StageResult st{std::string(stage), std::nullopt, {}};
    // The period's months as the whole history's table shows them; their total shown only
    // when each of them is (then it is their sum), or when they are the whole history.
    const auto& history = stage_months[st.stage];
    Figure total{0, Hidden::kNo};
    bool any_hidden = false;
    for (std::size_t i = 0; i < all_months.size(); ++i) {
      if (std::find(r.months.begin(), r.months.end(), all_months[i]) == r.months.end()) continue;
      st.by_month.push_back(history[i]);
      total.n += history[i].n;
      any_hidden = any_hidden || !history[i].shown();
    }
    if (r.months.size() == all_months.size()) {
      total.hidden = stage_totals[st.stage].hidden;
    } else if (!shown_count(total.n, true)) {
      total.hidden = Hidden::kSmall;
    } else if (any_hidden) {
      total.hidden = Hidden::kSecret;
    }
    // A view of a place the whole programme's table hides hides its people connected, and
    // their months, which would add up to them.
    if (stage == "active" && hiding.total) {
      if (total.shown()) total.hidden = Hidden::kSecret;
      for (auto& m : st.by_month) {
        if (m.shown() && m.n != 0) m.hidden = Hidden::kSecret;
      }
    }
    if (stage != "received" || !scope.by_place()) st.total = total;
    if (stage == "received" && scope.by_place()) st.by_month.clear();
    r.funnel.push_back(std::move(st));
  }
  const bool connected_known = r.funnel[6].total->shown();
  const bool still_known = r.funnel.back().total->shown();
  // The surveys' count is in two tables (still used, satisfaction): hidden in one, in both.
  bool hide_surveys = false;
  std::int64_t unscored = 0;
  for (const auto* u : surveys) unscored += u->satisfaction ? 0 : 1;
  for (;;) {
    place_table(!connected_known, connected_known);
    count_table(household_keys, by_household, r.household_sizes, r.household_total,
                !connected_known, connected_known);
    count_table(language_keys, by_language, r.languages, r.language_total, !connected_known,
                connected_known);
    {
      const std::vector<std::int64_t> cells = {yes, no, unasked};
      const auto hidden = disclose_table(cells, {{0}, {1}, {2}, {0, 1, 2}},
                                         {!still_known, false, false, hide_surveys},
                                         {still_known, false, false, false});
      ch.still_used = {yes, hidden[0]};
      ch.not_used = {no, hidden[1]};
      ch.not_asked = {unasked, hidden[2]};
      ch.surveys = {yes + no + unasked, hidden[3]};
    }
    {
      // Satisfaction: the scores, the surveys without one, the answers (the scores' sum) and
      // the surveys, the same figure as above.
      std::vector<std::int64_t> cells;
      for (const char* score : {"1", "2", "3", "4", "5"}) {
        auto it = scores.find(score);
        cells.push_back(it == scores.end() ? 0 : it->second);
      }
      cells.push_back(unscored);
      const auto hidden = disclose_table(cells, {{0}, {1}, {2}, {3}, {4}, {5}, {0, 1, 2, 3, 4},
                                                 {0, 1, 2, 3, 4, 5}},
                                         {false, false, false, false, false, false, false,
                                          hide_surveys});
      ch.satisfaction.clear();
      std::int64_t answers = 0;
      for (std::size_t i = 0; i < 5; ++i) {
        ch.satisfaction.push_back({std::to_string(i + 1), {cells[i], hidden[i]}});
        answers += cells[i];
      }
      ch.satisfaction_answers = {answers, hidden[6]};
      if (hidden[7] != Hidden::kNo && ch.surveys.shown()) ch.surveys.hidden = hidden[7];
    }
    auto secret = [](const Figure& x) { return x.hidden == Hidden::kSecret; };
    const bool more_surveys = !hide_surveys && secret(ch.surveys);
    if (!more_surveys) break;
    hide_surveys = hide_surveys || more_surveys;
  }
  if (scope.by_place() || ch.testimonies.size() < static_cast<std::size_t>(kSmallestShownCount)) {
    ch.testimonies.clear();
  }
  // A lead time's count is (nearly) its stage's: hidden with it.
  for (auto [measure, stage_index] : {std::pair{std::size_t{1}, std::size_t{5}},
                                   std::pair{std::size_t{2}, std::size_t{6}}}) {
    auto& l = r.lead_times[measure];
    if (!r.funnel[stage_index].total->shown() && l.count.shown()) {
      l.count.hidden = Hidden::kSecret;
      l.median_hours.reset();
      l.p90_hours.reset();
    }
  }
  if (ch.still_used.shown() && ch.not_used.shown() && yes + no > 0) {
    ch.still_used_rate =
        one_decimal(100.0 * static_cast<double>(yes) / static_cast<double>(yes + no));
  }
  static const std::vector<std::string> kStandardUses = {"family",    "job_search", "training",
                                                         "schooling", "procedures", "health"};
  std::vector<std::string> use_keys = kStandardUses;
  for (const auto& [k, n] : uses) {
    if (std::find(use_keys.begin(), use_keys.end(), k) == use_keys.end()) use_keys.push_back(k);
  }
  for (const auto& k : use_keys) {
    auto it = uses.find(k);
    ch.uses.push_back({k, small_rule(it == uses.end() ? 0 : it->second)});
  }
  // The mean would tell hidden scores: it is given only when every score is shown.
  const bool every_score_shown = std::all_of(ch.satisfaction.begin(), ch.satisfaction.end(),
                                             [](const CountRow& c) { return c.people.shown(); });
  if (every_score_shown && ch.satisfaction_answers.shown() && ch.satisfaction_answers.n > 0) {
    ch.satisfaction_mean = one_decimal(static_cast<double>(score_sum) /
                                       static_cast<double>(ch.satisfaction_answers.n));
  }

  r.budget = budget_of(f, plan, connected_overall);
  // The whole programme's people connected are the places' total when nothing is filtered.
  const bool whole = filter.from.empty() && filter.to.empty() && !scope.by_place();
  if (whole && !connected_known && r.budget.people_connected.shown()) {
    r.budget.people_connected.hidden = Hidden::kSecret;
    r.budget.cost_per_person_cents.reset();
  }
  return r;
}

}  // namespace relais
