#include "app/results.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/crypto.hpp"
#include "app/use_case_helpers.hpp"
#include "app/versioned_cache.hpp"
#include "core/department.hpp"
#include "core/organisation.hpp"
#include "core/utf8.hpp"
#include "store/store.hpp"

namespace relais::app {
namespace {

constexpr std::int64_t kMaxCents = 100'000'000'000LL;  // a billion euros
constexpr std::int64_t kMaxTargetPeople = 10'000'000;

// What a refusal repeats of a value: enough to recognise it, never a whole huge input.
std::string echo(const std::string& value) {
  if (value.size() <= 40) return value;
  std::size_t end = 40;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end) + "…";
}


bool is_date(const std::string& text) { return text.size() == 10 && minutes_of(text); }

ResultsFilter check_filter(const ResultsQuery& q) {
  std::vector<FieldError> errors;
  ResultsFilter f;
  auto date = [&](const std::optional<std::string>& v, const char* name, std::string& out) {
    if (!v || v->empty()) return;
    if (!is_date(*v)) {
      errors.push_back(field_error(name, echo(*v), "bad_date"));
    } else {
      out = *v;
    }
  };
  date(q.from, "from", f.from);
  date(q.to, "to", f.to);
  if (!f.from.empty() && !f.to.empty() && f.from > f.to) {
    errors.push_back(field_error("to", f.to, "dates_reversed"));
  }
  // A period is whole months: the first day of `from`'s, the last of `to`'s. Two periods a day
  // apart would otherwise tell, by their difference, how many were connected that day.
  if (!f.from.empty()) f.from = f.from.substr(0, 8) + "01";
  if (!f.to.empty()) {
    const std::chrono::year_month_day day{
        std::chrono::year(std::stoi(f.to.substr(0, 4))) /
        std::chrono::month(static_cast<unsigned>(std::stoi(f.to.substr(5, 2)))) /
        std::chrono::last};
    f.to = f.to.substr(0, 8) + std::to_string(static_cast<unsigned>(day.day()));
  }
  if (q.department && !q.department->empty()) {
    auto d = q.department->size() <= 3 ? find_department(*q.department) : std::nullopt;
    if (!d) {
      errors.push_back(field_error("department", echo(*q.department), "unknown_department"));
    } else {
      f.department = d->code;
    }
  }
  if (q.structure_type && !q.structure_type->empty()) {
    if (std::find(kStructureTypes.begin(), kStructureTypes.end(), *q.structure_type) ==
        kStructureTypes.end()) {
      errors.push_back(
          field_error("structure_type", echo(*q.structure_type), "unknown_structure_type"));
    } else {
      f.structure_type = *q.structure_type;
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return f;
}

// What changes with each write of the budget page: read afresh for every answer (a few rows).
void read_budget(store::Transaction& tx, const ProgrammeRecord& g, ResultFacts& f) {
  f.programme_id = g.id;
  f.programme_code = g.code;
  f.programme_name = g.name;
  f.topup_budget_cents = g.topup_budget_cents;
  f.profile = tx.results().programme_profile(g.id);
  f.budget_lines = tx.results().budget_lines(g.id);
  f.funders = tx.results().funders(g.id);
}

// What happened: the heavy part, read in one snapshot.
ResultFacts read_happenings(store::Transaction& tx, const ProgrammeRecord& g) {
  ResultFacts f;
  f.as_of = now_iso();
  const PlanRecord plan = plan_of(tx, g.plan_id);
  f.plan_name = plan.name;
  f.card_price_cents = plan.unit_cost_cents;
  if (auto op = tx.accounts().organisation(plan.operator_id)) f.operator_name = op->name;
  store::OrganisationQuery coordinators;
  coordinators.kind = Role::kCoordinator;
  coordinators.limit = 1;
  auto page = tx.accounts().organisations(coordinators);
  if (!page.items.empty()) f.coordinator_name = page.items.front().name;
  auto& r = tx.results();
  f.structures = r.result_structures();
  f.batches = r.result_batches(g.id);
  f.requests = r.result_requests(g.id);
  f.cards = r.result_cards(g.id);
  f.lines = r.result_lines(g.id);
  f.follow_ups = r.result_follow_ups(g.id);
  f.topups = r.result_topups(g.id);
  f.parcels = r.result_parcels(g.id);
  return f;
}

// The facts of each programme as last read, with the data version and the time they were read
// at. While the data has not changed they are the facts; after a change they are read again,
// but not more often than every `max_age` (a national programme's facts take most of a second
// to read; the answer says `as_of`).
class HappeningsCache {
 public:
  struct Entry {
    std::string version;
    Clock::time_point read_at;
    std::shared_ptr<const ResultFacts> facts;
  };

  std::optional<Entry> fresh_enough(std::int64_t programme, const std::string& version,
                                    Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(programme);
    if (it == entries_.end()) return std::nullopt;
    const Entry& e = it->second;
    if (e.version == version || now - e.read_at < max_age_) return e;
    return std::nullopt;
  }
  void put(std::int64_t programme, Entry entry) {
    std::lock_guard lock(mutex_);
    // A national programme's facts take tens of megabytes: a few programmes at most.
    if (entries_.size() >= 4 && !entries_.count(programme)) entries_.clear();
    entries_[programme] = std::move(entry);
  }
  void set_max_age(std::chrono::seconds age) {
    std::lock_guard lock(mutex_);
    max_age_ = age;
  }

 private:
  std::mutex mutex_;
  std::chrono::seconds max_age_{0};
  std::map<std::int64_t, Entry> entries_;
};

HappeningsCache& happenings_cache() {
  static HappeningsCache cache;
  return cache;
}

// A digest of what the budget page sets, for the results' cache key.
std::string budget_key(const ResultFacts& f) {
  std::string key = std::to_string(f.topup_budget_cents.value_or(-1)) + ";";
  for (const auto& l : f.budget_lines) {
    key += l.category + ":" + std::to_string(l.budget_cents) + ":" +
           std::to_string(l.spent_cents.value_or(-1)) + ";";
  }
  for (const auto& u : f.funders) {
    key += u.name + "|" + u.iati_ref.value_or("") + "|" + u.category.value_or("") + "|" +
           std::to_string(u.share_bp.value_or(-1)) + "|" +
           std::to_string(u.amount_cents.value_or(-1)) + ";";
  }
  const auto& p = f.profile;
  return key + std::to_string(p.target_people.value_or(-1)) + p.starts_on.value_or("") + "|" +
         p.ends_on.value_or("") + "|" + p.iati_identifier.value_or("") + "|" +
         p.iati_org_ref.value_or("");
}

// The results of a programme for a filter: the happenings as the cache keeps them, the budget
// as it is, and the results computed from both kept per filter while neither changes.
std::shared_ptr<const ProgrammeResults> results_for(store::Store& store, std::int64_t programme_id,
                                                    const ResultsFilter& filter,
                                                    const PlaceHiding& hiding) {
  static VersionedCache<ProgrammeResults> results_cache(256);
  auto tx = store.begin(store::Mode::kRead);
  const std::string version =
      std::string(store.kind()) + ":" + tx->audit().data_version_without(kSessionEntity);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  auto entry = happenings_cache().fresh_enough(g.id, version, Clock::now());
  if (!entry) {
    entry = HappeningsCache::Entry{version, Clock::now(),
                                   std::make_shared<const ResultFacts>(read_happenings(*tx, g))};
    happenings_cache().put(g.id, *entry);
  }
  ResultFacts budget;
  read_budget(*tx, g, budget);
  tx.reset();
  std::string key = std::to_string(g.id) + "|" + filter.from + "|" + filter.to + "|" +
                          filter.department + "|" + filter.structure_type + "|" +
                          (hiding.total ? "h" : "");
  for (const auto& d : hiding.departments) key += "|d" + d;
  for (const auto& t : hiding.types) key += "|t" + t;
  const std::string results_version = entry->version + "@" + entry->facts->as_of + "#" +
                                      budget_key(budget);
  // Each programme has its own version: it is part of the key (a cache of one version would be
  // emptied by every other programme read), and the cache empties itself when full.
  key = results_version + "|" + key;
  if (auto hit = results_cache.get("", key)) return hit;
  auto results =
      std::make_shared<const ProgrammeResults>(
          compute_results(*entry->facts, budget, filter, hiding));
  results_cache.put("", key, results);
  return results;
}

// The results for a filter, consistent with the whole programme's table of places (for the
// same period). A view of a department, a type, or both shows the people connected there only
// when that table shows them, or they equal a figure it shows; each row of the view's own
// table of places (a department's count of one type, a type's count in one department) is
// likewise shown only when it equals a figure that table shows, since the difference with it
// would tell the other types or departments.
std::shared_ptr<const ProgrammeResults> results_of(store::Store& store, std::int64_t programme_id,
                                                   const ResultsFilter& filter) {
  if (filter.department.empty() && filter.structure_type.empty()) {
    return results_for(store, programme_id, filter, {});
  }
  ResultsFilter everywhere = filter;
  everywhere.department.clear();
  everywhere.structure_type.clear();
  const auto all = results_for(store, programme_id, everywhere, {});
  auto shown_as = [](const std::vector<PlaceRow>& rows, const std::string& key,
                     std::int64_t n) {
    for (const auto& p : rows) {
      if (p.key == key) return p.connected.shown() && p.connected.n == n;
    }
    return n == 0;  // no structure there: nothing to tell
  };
  const auto view = results_for(store, programme_id, filter, {});
  PlaceHiding hiding;
  const std::int64_t here = view->departments_total.connected.n;
  const bool as_department =
      !filter.department.empty() && shown_as(all->departments, filter.department, here);
  const bool as_type =
      !filter.structure_type.empty() && shown_as(all->structure_types, filter.structure_type, here);
  hiding.total = !as_department && !as_type;
  // A row of the view is a department's count of the filter's type (or a type's count in the
  // filter's department): safe when it is that department's (type's) whole count, or the
  // filter's place's whole count, as the whole programme's table shows them.
  auto safe = [&](const std::vector<PlaceRow>& rows, const std::string& key, std::int64_t n) {
    return shown_as(rows, key, n) ||
           (!filter.department.empty() && shown_as(all->departments, filter.department, n)) ||
           (!filter.structure_type.empty() &&
            shown_as(all->structure_types, filter.structure_type, n));
  };
  for (const auto& d : view->departments) {
    if (!safe(all->departments, d.key, d.connected.n)) hiding.departments.push_back(d.key);
  }
  for (const auto& t : view->structure_types) {
    if (!safe(all->structure_types, t.key, t.connected.n)) hiding.types.push_back(t.key);
  }
  if (!hiding.total && hiding.departments.empty() && hiding.types.empty()) return view;
  return results_for(store, programme_id, filter, hiding);
}

std::string end_of_day(const std::string& date) { return date + "T23:59:59Z"; }

}  // namespace

void set_results_max_age(std::chrono::seconds age) { happenings_cache().set_max_age(age); }

std::shared_ptr<const ProgrammeResults> programme_results(store::Store& store, const Actor& actor,
                                                          std::int64_t programme_id,
                                                          const ResultsQuery& query) {
  require(actor, Action::kReadResults);
  return results_of(store, programme_id, check_filter(query));
}

std::shared_ptr<const ProgrammeResults> shared_results(store::Store& store,
                                                       const std::string& token,
                                                       const ResultsQuery& query,
                                                       Clock::time_point now) {
  const bool plausible = !token.empty() && token.size() <= 64 &&
                         std::all_of(token.begin(), token.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                  c == '_';
                         });
  if (!plausible) not_found("entity.share_link");
  std::optional<ShareLinkRecord> link;
  {
    auto tx = store.begin(store::Mode::kRead);
    link = tx->results().share_link_by_token(sha256_hex(token));
  }
  if (!link || link->revoked_at || link->expires_at <= iso_utc(now)) {
    not_found("entity.share_link");
  }
  return results_of(store, link->programme_id, check_filter(query));
}

NewShareLink create_share_link(store::Store& store, const Actor& actor, std::int64_t programme_id,
                               const std::optional<std::string>& expires_at,
                               Clock::time_point now) {
  require(actor, Action::kShareResults);
  if (!expires_at || expires_at->empty()) {
    throw Error::validation({field_error("expires_at", "", "required")});
  }
  std::string at;
  if (is_date(*expires_at)) {
    at = end_of_day(*expires_at);
  } else {
    try {
      at = iso_utc(parse_iso_utc(*expires_at));
    } catch (const std::invalid_argument&) {
      throw Error::validation({field_error("expires_at", echo(*expires_at), "bad_date")});
    }
  }
  const std::string latest = iso_utc(now + std::chrono::days(kMaxShareDays));
  if (at <= iso_utc(now) || at > latest) {
    throw Error::validation({field_error("expires_at", echo(*expires_at), "expiry_out_of_range",
                                         {std::to_string(kMaxShareDays)})});
  }
  NewShareLink out;
  out.token = random_token(24);
  auto tx = store.begin(store::Mode::kWrite);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  // A bounded number of links open at once per programme (counted in the write transaction).
  std::size_t open = 0;
  for (const auto& l : tx->results().share_links(g.id)) {
    if (!l.revoked_at && l.expires_at > iso_utc(now)) ++open;
  }
  if (open >= kMaxOpenShareLinks) {
    throw Error(ErrorKind::kConflict, "too_many_share_links",
                {std::to_string(kMaxOpenShareLinks)});
  }
  out.link = {0, g.id, sha256_hex(out.token), at, user_of(actor), iso_utc(now), std::nullopt};
  out.link.id = tx->results().insert_share_link(out.link);
  append_audit(*tx, actor, "share_link.create", "programme", g.id,
               g.code + ": results shared until " + at);
  tx->commit();
  return out;
}

std::vector<ShareLinkRecord> list_share_links(store::Store& store, const Actor& actor,
                                              std::int64_t programme_id) {
  require(actor, Action::kShareResults);
  auto tx = store.begin(store::Mode::kRead);
  programme_by_id(*tx, programme_id);
  return tx->results().share_links(programme_id);
}

void revoke_share_link(store::Store& store, const Actor& actor, std::int64_t programme_id,
                       std::int64_t link_id) {
  require(actor, Action::kShareResults);
  auto tx = store.begin(store::Mode::kWrite);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  if (!tx->results().revoke_share_link(programme_id, link_id, now_iso())) {
    not_found("entity.share_link");
  }
  append_audit(*tx, actor, "share_link.revoke", "programme", g.id,
               g.code + ": share link " + std::to_string(link_id) + " revoked");
  tx->commit();
}

ProgrammeBudget programme_budget(store::Store& store, const Actor& actor,
                                 std::int64_t programme_id) {
  require(actor, Action::kReadResults);
  auto tx = store.begin(store::Mode::kRead);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  ProgrammeBudget b;
  b.profile = tx->results().programme_profile(g.id);
  if (g.topup_budget_cents) b.lines.push_back({"topups", *g.topup_budget_cents, std::nullopt});
  for (auto& l : tx->results().budget_lines(g.id)) b.lines.push_back(std::move(l));
  std::sort(b.lines.begin(), b.lines.end(), [](const auto& x, const auto& y) {
    auto rank = [](const std::string& c) {
      return std::find(kBudgetCategories.begin(), kBudgetCategories.end(), c) -
             kBudgetCategories.begin();
    };
    return rank(x.category) < rank(y.category);
  });
  b.funders = tx->results().funders(g.id);
  return b;
}

ProgrammeBudget set_programme_budget(store::Store& store, const Actor& actor,
                                     std::int64_t programme_id, const ProgrammeBudget& in) {
  require(actor, Action::kManageBudget);
  std::vector<FieldError> errors;
  auto cents = [&](const std::string& field, std::int64_t v) {
    if (v < 0 || v > kMaxCents) {
      errors.push_back(field_error(field, std::to_string(v), "out_of_range",
                                   {"0", std::to_string(kMaxCents)}));
    }
  };
  auto category_known = [](const std::string& c) {
    return std::find(kBudgetCategories.begin(), kBudgetCategories.end(), c) !=
           kBudgetCategories.end();
  };
  auto iati_ref_ok = [](const std::string& ref) {
    return !ref.empty() && ref.size() <= 100 &&
           std::all_of(ref.begin(), ref.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                    c == '.';
           });
  };
  if (in.lines.size() > kBudgetCategories.size()) {
    errors.push_back(field_error("lines", std::to_string(in.lines.size()), "too_many",
                                 {std::to_string(kBudgetCategories.size())}));
  }
  if (in.funders.size() > kMaxFunders) {
    errors.push_back(field_error("funders", std::to_string(in.funders.size()), "too_many",
                                 {std::to_string(kMaxFunders)}));
  }
  std::set<std::string> seen;
  std::optional<std::int64_t> topup_budget;
  std::vector<BudgetLineRecord> lines;
  for (std::size_t i = 0; i < in.lines.size() && i < kBudgetCategories.size(); ++i) {
    const auto& l = in.lines[i];
    const std::string at = "lines." + std::to_string(i) + ".";
    if (!category_known(l.category)) {
      errors.push_back(field_error(at + "category", echo(l.category), "unknown_category"));
      continue;
    }
    if (!seen.insert(l.category).second) {
      errors.push_back(field_error(at + "category", l.category, "repeated"));
    }
    cents(at + "budget_cents", l.budget_cents);
    if (l.spent_cents) {
      if (counted_from_events(l.category)) {
        errors.push_back(field_error(at + "spent_cents", std::to_string(*l.spent_cents),
                                     "spent_counted", {l.category}));
      } else {
        cents(at + "spent_cents", *l.spent_cents);
      }
    }
    if (l.category == "topups") {
      topup_budget = l.budget_cents;
    } else {
      lines.push_back(l);
    }
  }
  std::map<std::string, std::int64_t> shares;  // scope -> basis points
  for (std::size_t i = 0; i < in.funders.size() && i < kMaxFunders; ++i) {
    const auto& f = in.funders[i];
    const std::string at = "funders." + std::to_string(i) + ".";
    if (f.name.empty() || utf8_length(f.name) > 200 ||
        first_invalid_utf8(f.name) != std::string_view::npos || has_control_characters(f.name)) {
      errors.push_back(field_error(at + "name", echo(f.name),
                                   f.name.empty() ? "required" : "too_long", {"200"}));
    }
    if (f.iati_ref && !iati_ref_ok(*f.iati_ref)) {
      errors.push_back(field_error(at + "iati_ref", echo(*f.iati_ref), "bad_iati_ref"));
    }
    if (f.category && !category_known(*f.category)) {
      errors.push_back(field_error(at + "category", echo(*f.category), "unknown_category"));
    }
    if (f.share_bp.has_value() == f.amount_cents.has_value()) {
      errors.push_back(field_error(at + "share_bp", "", "share_or_amount"));
    } else if (f.share_bp) {
      if (*f.share_bp < 1 || *f.share_bp > 10000) {
        errors.push_back(field_error(at + "share_bp", std::to_string(*f.share_bp),
                                     "out_of_range", {"1", "10000"}));
      } else if ((shares[f.category.value_or("")] += *f.share_bp) > 10000) {
        errors.push_back(field_error(at + "share_bp", std::to_string(*f.share_bp),
                                     "shares_over_100"));
      }
    } else {
      cents(at + "amount_cents", *f.amount_cents);
    }
  }
  const auto& p = in.profile;
  if (p.target_people && (*p.target_people < 1 || *p.target_people > kMaxTargetPeople)) {
    errors.push_back(field_error("target_people", std::to_string(*p.target_people),
                                 "out_of_range", {"1", std::to_string(kMaxTargetPeople)}));
  }
  for (const auto& [name, v] : {std::pair{"starts_on", &p.starts_on}, {"ends_on", &p.ends_on}}) {
    if (*v && !is_date(**v)) errors.push_back(field_error(name, echo(**v), "bad_date"));
  }
  if (p.starts_on && p.ends_on && is_date(*p.starts_on) && is_date(*p.ends_on) &&
      *p.starts_on > *p.ends_on) {
    errors.push_back(field_error("ends_on", *p.ends_on, "dates_reversed"));
  }
  if (p.iati_org_ref && !iati_ref_ok(*p.iati_org_ref)) {
    errors.push_back(field_error("iati_org_ref", echo(*p.iati_org_ref), "bad_iati_ref"));
  }
  if (p.iati_identifier) {
    if (!iati_ref_ok(*p.iati_identifier)) {
      errors.push_back(field_error("iati_identifier", echo(*p.iati_identifier), "bad_iati_ref"));
    } else if (p.iati_org_ref && iati_ref_ok(*p.iati_org_ref) &&
               !p.iati_identifier->starts_with(*p.iati_org_ref + "-")) {
      errors.push_back(field_error("iati_identifier", echo(*p.iati_identifier),
                                   "iati_identifier_prefix", {*p.iati_org_ref}));
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));

  auto tx = store.begin(store::Mode::kWrite);
  ProgrammeRecord g = programme_by_id(*tx, programme_id);
  if (g.topup_budget_cents != topup_budget) {
    g.topup_budget_cents = topup_budget;
    tx->requests().update_programme(g);
  }
  tx->results().set_programme_profile(g.id, p);
  tx->results().replace_budget(g.id, lines, in.funders);
  std::int64_t total = topup_budget.value_or(0);
  for (const auto& l : lines) total += l.budget_cents;
  append_audit(*tx, actor, "programme.budget", "programme", g.id,
               g.code + ": budget " + std::to_string(total) + " cents in " +
                   std::to_string(lines.size() + (topup_budget ? 1 : 0)) + " lines, " +
                   std::to_string(in.funders.size()) + " funders");
  tx->commit();
  return programme_budget(store, actor, programme_id);
}

}  // namespace relais::app
