#include "app/lines.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "app/audit.hpp"
#include "app/msisdn.hpp"
#include "app/pagination.hpp"
#include "app/sims.hpp"
#include "app/use_case_helpers.hpp"
#include "core/authorization.hpp"
#include "core/needs.hpp"
#include "core/resident.hpp"
#include "core/sim_identifiers.hpp"
#include "store/store.hpp"

namespace relais::app {
namespace {

namespace json = boost::json;

constexpr auto kDay = std::chrono::hours(24);

// "2026-12-01" or "2026-12-01T09:30:00Z" -> the time point (a date is its midnight UTC).
Clock::time_point point_of(const std::string& text) {
  return parse_iso_utc(text.size() == 10 ? text + "T00:00:00Z" : text);
}

std::string days_after(const std::string& from, int days) {
  return iso_utc(point_of(from) + kDay * days);
}

// A line's end moves by `days` from its end, or from `date` when it had ended before.
std::string extended_end(const std::string& ends_at, const std::string& date, int days) {
  const auto end = point_of(ends_at);
  const auto from = point_of(date);
  return iso_utc((end > from ? end : from) + kDay * days);
}

std::string canonical_or_refuse(const std::optional<std::string>& iccid) {
  if (!iccid) throw Error::validation({field_error("iccid", "", "required")});
  std::string why;
  std::optional<std::string> canonical;
  if (iccid->size() <= 32) canonical = canonical_iccid(*iccid, &why);
  if (!canonical) {
    throw Error::validation({field_error("iccid", iccid->substr(0, 32),
                                         why.empty() ? "bad_iccid" : "iccid_" + why)});
  }
  return *canonical;
}

// The line in use on a card that the actor may act on: its structure's (a structure), any (the
// coordinator). 404 otherwise.
HandoverRecord line_of_card(store::Transaction& tx, const Actor& actor, const std::string& iccid) {
  auto h = tx.lines().open_handover_of_card(iccid);
  if (!h || (actor.role != Role::kCoordinator && h->structure_id != actor.organisation_id)) {
    not_found("entity.line");
  }
  return *h;
}

// An amount for a sentence: whole euros when it is whole ("10"), else with its cents ("10.50").
std::string euros(std::int64_t cents) {
  const std::string sign = cents < 0 ? "-" : "";
  const std::int64_t a = cents < 0 ? -cents : cents;
  std::string out = sign + std::to_string(a / 100);
  if (a % 100) out += (a % 100 < 10 ? ".0" : ".") + std::to_string(a % 100);
  return out;
}

void check_budget(store::Transaction& tx, const ProgrammeRecord& g, std::int64_t asked) {
  const std::int64_t taken = tx.lines().topup_cents(g.id, true);
  const std::int64_t budget = g.topup_budget_cents.value_or(0);
  if (taken + asked > budget) {
    throw Error(ErrorKind::kConflict, "budget_exceeded",
                {g.code, euros(budget - taken), euros(asked)});
  }
}

TopupRecord new_topup(store::Transaction& tx, const Actor& actor, const HandoverRecord& h,
                      const SimRecord& sim, const PlanRecord& plan, bool approved,
                      const std::string& now) {
  TopupRecord t;
  t.handover_id = h.id;
  t.iccid = h.iccid;
  t.programme_id = h.programme_id;
  t.structure_id = h.structure_id;
  t.operator_id = sim.operator_id;
  t.cost_cents = plan.unit_cost_cents;
  t.validity_days = plan.validity_days;
  t.status = approved ? "approved" : "requested";
  t.requested_at = now;
  t.requested_by = user_of(actor);
  if (approved) {
    t.decided_at = now;
    t.decided_by = user_of(actor);
  }
  t.id = tx.lines().insert_topup(t);
  return t;
}

LineIncidentRecord incident_in_scope(store::Transaction& tx, const Actor& actor,
                                     std::int64_t id) {
  require(actor, Action::kReadLines);
  auto i = tx.lines().incident(id);
  if (!i || (actor.role != Role::kCoordinator && i->structure_id != actor.organisation_id)) {
    not_found("entity.line_incident");
  }
  return *i;
}

std::vector<LineIncidentRecord> incidents_of_operator(store::Store& store, const Actor& actor,
                                                      const std::string& operator_code,
                                                      const char* status) {
  require(actor, Action::kReadSims);
  auto tx = store.begin(store::Mode::kRead);
  const Organisation op = operator_for(*tx, actor, operator_code);
  store::LineIncidentQuery q;
  q.operator_id = op.id;
  q.status = status;
  q.limit = 1000;
  std::vector<LineIncidentRecord> out;
  for (;;) {
    auto page = tx->lines().incidents(q);
    for (auto& i : page.items) out.push_back(std::move(i));
    if (!page.next) break;
    q.after = page.next;
  }
  std::reverse(out.begin(), out.end());  // oldest first, as asked
  return out;
}

store::TodoThresholds thresholds_at(store::Transaction& tx, Clock::time_point at) {
  store::TodoThresholds t;
  t.at = iso_utc(at);
  t.not_active_before = iso_utc(at - kDay * kActivationLateDays);
  t.ending_before = iso_utc(at + kDay * kEndingSoonDays);
  for (const auto& g : tx.requests().programmes()) {
    t.follow_up_before[g.id] = iso_utc(at - kDay * g.follow_up_days);
  }
  return t;
}

// JSON survey <-> questions.
std::map<std::string, std::string> labels_of(const json::value& v, const std::string& field,
                                             std::vector<FieldError>& errors) {
  std::map<std::string, std::string> out;
  if (!v.is_object()) {
    errors.push_back(field_error(field, "", "not_an_object"));
    return out;
  }
  for (const auto& [lang, text] : v.as_object()) {
    if (!text.is_string()) {
      errors.push_back(field_error(field + "." + std::string(lang).substr(0, 10), "", "not_a_string"));
      continue;
    }
    out[std::string(lang)] = std::string(text.as_string());
  }
  return out;
}

}  // namespace

PlanRecord plan_of(store::Transaction& tx, std::int64_t plan_id) {
  for (auto& p : tx.operators().plans()) {
    if (p.id == plan_id) return p;
  }
  throw Error(ErrorKind::kInternal, "database_error", {"plan", std::to_string(plan_id)});
}

ProgrammeRecord programme_by_id(store::Transaction& tx, std::int64_t id) {
  for (auto& g : tx.requests().programmes()) {
    if (g.id == id) return g;
  }
  not_found("entity.programme");
}

// --- the operator's status reports ----------------------------------------------------------

StatusReportOutcome apply_status_report(store::Store& store, const Actor& actor,
                                        const std::string& operator_code,
                                        const std::vector<RawStatusLine>& lines,
                                        LineErrors errors) {
  require(actor, Action::kImportSims);
  auto tx = store.begin(store::Mode::kWrite);
  const Organisation op = operator_for(*tx, actor, operator_code);
  StatusReport report = check_status_lines(lines);
  errors.merge(std::move(report.errors));

  // Everything the report's cards hold, read a few hundred cards per statement.
  store::Lines::ReportLookup lookup;
  std::vector<std::string> numbers_given;
  lookup.iccids.reserve(report.lines.size());
  std::vector<MsisdnCheck> number_checks(report.lines.size());
  for (std::size_t n = 0; n < report.lines.size(); ++n) {
    const StatusLine& l = report.lines[n];
    lookup.iccids.push_back(l.iccid);
    // Only what its status needs: the top-up it confirms, the incident a block or a swap
    // settles (the line, below, only for the cards that move or are topped up).
    if (l.status == "topped_up") lookup.with_topup.push_back(l.iccid);
    if (l.status == "blocked" || l.status == "swapped") lookup.with_incident.push_back(l.iccid);
    if (!l.msisdn.empty()) {
      number_checks[n] = check_french_mobile(l.msisdn);
      if (number_checks[n].e164) numbers_given.push_back(*number_checks[n].e164);
    }
  }
  auto cards = tx->lines().report_cards(lookup);
  std::set<std::string> taken;
  for (auto& m : tx->lines().msisdns_taken(numbers_given)) taken.insert(std::move(m));

  // What each line does, found before anything is written.
  enum class Effect { kNone, kTransition, kBlock, kTopup, kSwap };
  struct Move {
    const store::ReportCard* card = nullptr;
    const StatusLine* line = nullptr;
    Effect effect = Effect::kNone;
    std::string transition;                      // kTransition
    std::optional<std::string> number;           // a number to set (E.164)
    std::optional<LineIncidentRecord> incident;  // kBlock, kSwap
    std::optional<SimRecord> new_sim;            // kSwap
    std::optional<HandoverRecord> new_line;      // kSwap: the replacement's line
  };
  std::vector<Move> moves;
  moves.reserve(report.lines.size());
  std::map<std::string, int> first_line;  // a card named twice would be moved from a stale state
  std::map<std::string, int> numbers;     // a number given twice in the report
  std::map<std::int64_t, PlanRecord> plans;
  auto validity_of = [&](std::int64_t plan_id) {
    auto it = plans.find(plan_id);
    if (it == plans.end()) it = plans.emplace(plan_id, plan_of(*tx, plan_id)).first;
    return it->second.validity_days;
  };
  for (std::size_t n = 0; n < report.lines.size(); ++n) {
    const StatusLine& l = report.lines[n];
    if (auto [it, fresh] = first_line.emplace(l.iccid, l.line); !fresh) {
      errors.push_back(
          field_error("iccid", l.iccid, "iccid_in_report", {std::to_string(it->second)}, l.line));
      continue;
    }
    auto card = cards.find(l.iccid);
    if (card == cards.end() || card->second.sim.operator_id != op.id) {
      errors.push_back(field_error("iccid", l.iccid, "iccid_unknown", {}, l.line));
      continue;
    }
    const SimRecord& sim = card->second.sim;
    Move m;
    m.card = &card->second;
    m.line = &l;
    const std::size_t before = errors.size();
    // The number given at activation: checked like an imported number, and unique.
    if (!l.msisdn.empty()) {
      const MsisdnCheck& number = number_checks[n];
      if (!number.e164) {
        errors.push_back(field_error("msisdn", l.msisdn, "msisdn_" + number.reason, {}, l.line));
      } else if (sim.msisdn == *number.e164) {
        // already known
      } else if (!sim.msisdn.empty()) {
        errors.push_back(field_error("msisdn", l.msisdn, "msisdn_differs", {sim.msisdn}, l.line));
      } else if (taken.contains(*number.e164)) {
        errors.push_back(field_error("msisdn", l.msisdn, "msisdn_known", {}, l.line));
      } else if (auto [it, fresh] = numbers.emplace(*number.e164, l.line); !fresh) {
        errors.push_back(field_error("msisdn", l.msisdn, "msisdn_in_report",
                                     {std::to_string(it->second)}, l.line));
      } else {
        m.number = *number.e164;
      }
    }
    const SimState state = sim.state;
    auto refuse = [&](const char* reason) {
      errors.push_back(field_error("status", l.status, reason,
                                   {"sim_state." + std::string(sim_state_name(state))}, l.line));
    };
    const auto& incident = card->second.open_incident;
    if (l.status == "activated" || l.status == "suspended" || l.status == "terminated") {
      std::string transition = l.status == "activated"    ? "activate"
                               : l.status == "suspended" ? "suspend"
                                                         : "terminate";
      if (transition == "activate" && state == SimState::kSuspended) transition = "reactivate";
      const bool already = (l.status == "activated" && state == SimState::kActive) ||
                           (l.status == "suspended" && state == SimState::kSuspended) ||
                           (l.status == "terminated" && state == SimState::kTerminated);
      if (!already) {
        if (!next_sim_state(state, transition)) {
          refuse("illegal_transition");
        } else {
          m.effect = Effect::kTransition;
          m.transition = transition;
        }
      }
    } else if (l.status == "blocked") {
      if (incident && incident->status == "block_requested") {
        m.effect = Effect::kBlock;
        m.incident = incident;
      } else if (incident ? incident->status == "declared" : !tx->lines().was_blocked(l.iccid)) {
        refuse("not_requested");
      }  // else blocked before (its incident moved on, or was settled since): unchanged
    } else if (l.status == "topped_up") {
      if (card->second.sent_topup) {
        m.effect = Effect::kTopup;
      } else if (!tx->lines().confirmed_on(l.iccid, l.date)) {
        refuse("not_requested");
      }
    } else if (l.status == "swapped") {
      if (incident && incident->status == "swap_requested" &&
          incident->replacement_iccid == l.new_iccid) {
        auto fresh = tx->cards().sim(*l.new_iccid);
        if (!fresh || fresh->state != SimState::kHandedOver) {
          refuse("illegal_transition");
        } else {
          m.effect = Effect::kSwap;
          m.incident = incident;
          m.new_sim = std::move(fresh);
          m.new_line = tx->lines().open_handover_of_card(*l.new_iccid);
        }
      } else {
        auto done = tx->lines().incident_replaced_by(*l.new_iccid);
        if (!done || done->iccid != l.iccid || done->swapped_at != l.date) refuse("not_requested");
      }
    }
    if (errors.size() == before) moves.push_back(std::move(m));
  }
  // A swap's new card named on a line of its own would be moved twice.
  for (const auto& m : moves) {
    if (m.effect != Effect::kSwap) continue;
    if (auto it = first_line.find(*m.line->new_iccid); it != first_line.end()) {
      errors.push_back(field_error("new_iccid", *m.line->new_iccid, "iccid_in_report",
                                   {std::to_string(it->second)}, m.line->line));
    }
  }
  if (!errors.empty()) throw Error::import_failed(std::move(errors));

  // The lines of the cards that move or are topped up: dated, or a to-do list to refresh.
  {
    std::vector<std::string> moving;
    for (const auto& m : moves) {
      if (m.effect != Effect::kNone) moving.push_back(m.card->sim.iccid);
    }
    for (auto& [iccid, line] : tx->lines().open_lines_of(moving)) cards[iccid].open_line = std::move(line);
  }

  // Written in sets: the cards' moves and events, the lines' dates, the top-ups confirmed, the
  // usage; the rare blocks and swaps one by one.
  const std::string now = now_iso();
  StatusReportOutcome outcome;
  std::set<std::int64_t> structures;  // whose to-do lists change
  std::vector<store::CardMove> card_moves;
  std::vector<store::LineDates> dates;
  std::vector<std::pair<std::int64_t, std::string>> topups;
  std::vector<store::CardUsage> usages;
  usages.reserve(moves.size());
  const auto user = actor.is_system() ? std::nullopt : std::optional(actor.user_id);
  auto move_card = [&](const SimRecord& sim, const std::string& transition, const std::string& date) {
    card_moves.push_back({sim.iccid, sim.batch_id, sim.state,
                          *next_sim_state(sim.state, transition), transition, date});
  };
  for (auto& m : moves) {
    const StatusLine& l = *m.line;
    const SimRecord& sim = m.card->sim;
    const auto& line = m.card->open_line;
    if (m.number) tx->lines().set_msisdn(sim.iccid, m.number);
    switch (m.effect) {
      case Effect::kNone:
        break;
      case Effect::kTransition:
        // The report's date: the transition and the operator's account say the rest.
        move_card(sim, m.transition, l.date);
        if (m.transition == "activate" && line && !line->activated_at) {
          dates.push_back({line->id, l.date, days_after(l.date, validity_of(sim.plan_id))});
        }
        break;
      case Effect::kBlock:
        m.incident->status = "blocked";
        m.incident->blocked_at = l.date;
        tx->lines().update_incident(*m.incident);
        if (next_sim_state(sim.state, "terminate")) move_card(sim, "terminate", l.date);
        break;
      case Effect::kTopup:
        topups.emplace_back(m.card->sent_topup->id, l.date);
        if (line) {
          dates.push_back({line->id, std::nullopt,
                           extended_end(line->ends_at, l.date, m.card->sent_topup->validity_days)});
        }
        break;
      case Effect::kSwap: {
        // The number moves from the lost card to the new one, which works from now on.
        tx->lines().set_msisdn(sim.iccid, std::nullopt);
        if (!sim.msisdn.empty()) tx->lines().set_msisdn(m.new_sim->iccid, sim.msisdn);
        move_card(*m.new_sim, "activate", l.date);
        m.incident->status = "replaced";
        m.incident->swapped_at = l.date;
        tx->lines().update_incident(*m.incident);
        if (m.new_line) dates.push_back({m.new_line->id, l.date, m.new_line->ends_at});
        break;
      }
    }
    if (m.effect == Effect::kNone && !m.number) {
      ++outcome.unchanged;
    } else {
      ++outcome.applied;
      if (line) structures.insert(line->structure_id);
      if (m.incident) structures.insert(m.incident->structure_id);
    }
    usages.push_back({sim.iccid, l.data_used_mb, l.date});
  }
  tx->lines().move_cards(card_moves, now, user, actor.email);
  tx->lines().set_lines_dates(dates);
  tx->lines().confirm_topups(topups);
  tx->lines().record_usages(usages);
  // The to-do lists of the structures it touched: each on its own for a few, all at once for
  // many (one set of statements over every line costs what a dozen structures' do).
  if (structures.size() > 8) {
    tx->lines().rebuild_todo({}, thresholds_at(*tx, Clock::now()));
  } else {
    for (auto s : structures) refresh_todo(*tx, s);
  }
  append_audit(*tx, actor, "sim_status.report", "organisation", op.id,
               std::to_string(outcome.applied) + " lines changed, " +
                   std::to_string(outcome.unchanged) + " unchanged, by " + op.name + "'s report");
  tx->commit();
  return outcome;
}

// --- lists of lines -------------------------------------------------------------------------

Page<LineRow> list_lines(store::Store& store, const Actor& actor, const LineFilter& f) {
  require(actor, Action::kReadLines);
  store::LineQuery q;
  q.filter = f.filter.value_or("all");
  if (!is_one_of(kLineFilters, q.filter)) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"filter", q.filter.substr(0, 20)});
  }
  q.structure_id = parse_id(f.structure_id, "structure_id");
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  q.programme_id = parse_id(f.programme_id, "programme_id");
  const auto now = Clock::now();
  q.at = iso_utc(now);
  q.not_active_before = iso_utc(now - kDay * kActivationLateDays);
  q.ending_before = iso_utc(now + kDay * kEndingSoonDays);
  q.limit = parse_limit(f.limit);
  q.after = parse_cursor(f.cursor);
  return store.begin(store::Mode::kRead)->lines().lines(q);
}

std::vector<UsageMonth> line_usage(store::Store& store, const Actor& actor) {
  require(actor, Action::kReadLines);
  std::optional<std::int64_t> structure;
  if (actor.role == Role::kStructure) structure = actor.organisation_id;
  return store.begin(store::Mode::kRead)->lines().usage_by_month(structure);
}

// --- top-ups --------------------------------------------------------------------------------

std::vector<TopupRecord> request_topups(store::Store& store, const Actor& actor,
                                        const TopupInput& in) {
  require(actor, Action::kRequestTopups);
  if (in.iccid.has_value() == in.programme_id.has_value()) {
    throw Error::validation({field_error(in.iccid ? "programme_id" : "iccid", "",
                                         in.iccid ? "one_of_iccid_programme" : "required")});
  }
  if (in.programme_id && actor.role != Role::kCoordinator) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  auto tx = store.begin(store::Mode::kWrite);
  const std::string now = now_iso();
  std::vector<TopupRecord> out;
  const bool approved = actor.role == Role::kCoordinator;
  if (in.iccid) {
    const std::string iccid = canonical_or_refuse(in.iccid);
    HandoverRecord h = line_of_card(*tx, actor, iccid);
    auto sim = tx->cards().sim(iccid);
    const ProgrammeRecord g = programme_by_id(*tx, h.programme_id);
    const PlanRecord plan = plan_of(*tx, sim->plan_id);
    if (!plan.rechargeable) throw Error(ErrorKind::kConflict, "plan_not_rechargeable", {plan.code});
    if (sim->state != SimState::kActive && sim->state != SimState::kSuspended) {
      throw Error(ErrorKind::kConflict, "line_not_active",
                  {iccid, "sim_state." + std::string(sim_state_name(sim->state))});
    }
    store::TopupQuery under_way;
    under_way.iccid = iccid;
    under_way.limit = 10;
    for (const auto& t : tx->lines().topups(under_way).items) {
      if (t.status == "requested" || t.status == "approved") {
        throw Error(ErrorKind::kConflict, "topup_under_way", {iccid});
      }
    }
    check_budget(*tx, g, plan.unit_cost_cents);
    out.push_back(new_topup(*tx, actor, h, *sim, plan, approved, now));
    refresh_resident_todo(*tx, h.resident_id);
  } else {
    const ProgrammeRecord g = programme_by_id(*tx, *in.programme_id);
    const PlanRecord plan = plan_of(*tx, g.plan_id);
    if (!plan.rechargeable) throw Error(ErrorKind::kConflict, "plan_not_rechargeable", {plan.code});
    auto lines = tx->lines().lines_to_top_up(g.id);
    if (lines.empty()) throw Error(ErrorKind::kConflict, "no_active_line", {g.code});
    // All or nothing: the whole programme's top-ups fit in what is left of its budget.
    check_budget(*tx, g, plan.unit_cost_cents * static_cast<std::int64_t>(lines.size()));
    std::set<std::int64_t> structures;
    for (const auto& h : lines) {
      auto sim = tx->cards().sim(h.iccid);
      out.push_back(new_topup(*tx, actor, h, *sim, plan, true, now));
      structures.insert(h.structure_id);
    }
    for (auto s : structures) refresh_todo(*tx, s);
  }
  append_audit(*tx, actor, approved ? "topup.approve" : "topup.request", "topup", out.front().id,
               std::to_string(out.size()) + " top-ups, " +
                   std::to_string(out.front().cost_cents * static_cast<std::int64_t>(out.size())) +
                   " cents");
  std::vector<TopupRecord> saved;
  for (const auto& t : out) saved.push_back(*tx->lines().topup(t.id));
  tx->commit();
  return saved;
}

TopupRecord decide_topup(store::Store& store, const Actor& actor, std::int64_t id, bool approve) {
  require(actor, Action::kDecideTopups);
  auto tx = store.begin(store::Mode::kWrite);
  auto t = tx->lines().topup(id);
  if (!t) not_found("entity.topup");
  if (t->status != "requested") {
    throw Error(ErrorKind::kConflict, "topup_decided", {"topup_status." + t->status});
  }
  if (approve) {
    const ProgrammeRecord g = programme_by_id(*tx, t->programme_id);
    // Its own cost is already counted among the requested: check what the others leave.
    const std::int64_t taken = tx->lines().topup_cents(g.id, false);
    const std::int64_t budget = g.topup_budget_cents.value_or(0);
    if (taken + t->cost_cents > budget) {
      throw Error(ErrorKind::kConflict, "budget_exceeded",
                  {g.code, euros(budget - taken), euros(t->cost_cents)});
    }
  }
  tx->lines().decide_topup(id, approve ? "approved" : "refused", now_iso(), user_of(actor));
  append_audit(*tx, actor, approve ? "topup.approve" : "topup.refuse", "topup", id, t->iccid);
  refresh_resident_todo(*tx, tx->residents().handover(t->handover_id)->resident_id);
  auto saved = tx->lines().topup(id);
  tx->commit();
  return *saved;
}

Page<TopupRecord> list_topups(store::Store& store, const Actor& actor, const TopupFilter& f) {
  require(actor, Action::kReadLines);
  store::TopupQuery q;
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  if (f.status) {
    if (!is_one_of(kTopupStatuses, *f.status)) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"status", f.status->substr(0, 20)});
    }
    q.status = f.status;
  }
  q.programme_id = parse_id(f.programme_id, "programme_id");
  q.limit = parse_limit(f.limit);
  q.after = parse_cursor(f.cursor);
  return store.begin(store::Mode::kRead)->lines().topups(q);
}

TopupBudget topup_budget(store::Store& store, const Actor& actor, std::int64_t programme_id) {
  require(actor, Action::kReadLines);
  auto tx = store.begin(store::Mode::kRead);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  TopupBudget b;
  b.budget_cents = g.topup_budget_cents;
  b.committed_cents = tx->lines().topup_cents(g.id, false);
  b.requested_cents = tx->lines().topup_cents(g.id, true) - b.committed_cents;
  if (b.budget_cents) b.left_cents = *b.budget_cents - b.committed_cents - b.requested_cents;
  return b;
}

TopupRound topup_round(store::Store& store, const Actor& actor, std::int64_t programme_id) {
  require(actor, Action::kDecideTopups);
  auto tx = store.begin(store::Mode::kRead);
  const ProgrammeRecord g = programme_by_id(*tx, programme_id);
  const PlanRecord plan = plan_of(*tx, g.plan_id);
  const std::int64_t lines = tx->lines().count_lines_to_top_up(g.id);
  return {lines, plan.unit_cost_cents, lines * plan.unit_cost_cents, plan.rechargeable};
}

std::vector<TopupRecord> topup_requests(store::Store& store, const Actor& actor,
                                        const std::string& operator_code) {
  require(actor, Action::kReadSims);
  auto tx = store.begin(store::Mode::kRead);
  const Organisation op = operator_for(*tx, actor, operator_code);
  store::TopupQuery q;
  q.operator_id = op.id;
  q.status = "approved";
  q.limit = 1000;
  std::vector<TopupRecord> out;
  for (;;) {
    auto page = tx->lines().topups(q);
    for (auto& t : page.items) out.push_back(std::move(t));
    if (!page.next) break;
    q.after = page.next;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<LineIncidentRecord> block_requests(store::Store& store, const Actor& actor,
                                               const std::string& operator_code) {
  return incidents_of_operator(store, actor, operator_code, "block_requested");
}

std::vector<LineIncidentRecord> swap_requests(store::Store& store, const Actor& actor,
                                              const std::string& operator_code) {
  return incidents_of_operator(store, actor, operator_code, "swap_requested");
}

// --- lost, stolen, defective ----------------------------------------------------------------

LineIncidentRecord declare_incident(store::Store& store, const Actor& actor,
                                    const std::optional<std::string>& iccid_in,
                                    const std::optional<std::string>& kind) {
  require(actor, Action::kDeclareLineIncidents);
  if (!kind || !is_one_of(kIncidentKinds, *kind)) {
    throw Error::validation({field_error("kind", kind.value_or("").substr(0, 20),
                                         kind ? "unknown_incident_kind" : "required")});
  }
  const std::string iccid = canonical_or_refuse(iccid_in);
  auto tx = store.begin(store::Mode::kWrite);
  HandoverRecord h = line_of_card(*tx, actor, iccid);
  if (auto open = tx->lines().open_incident_of_card(iccid)) {
    throw Error(ErrorKind::kConflict, "incident_open", {iccid, std::to_string(open->id)});
  }
  auto sim = tx->cards().sim(iccid);
  const std::string now = now_iso();
  // The card is out for good: lost (or stolen) cards and defective ones never go back.
  move_sim(*tx, actor, *sim, *kind == "defective" ? "declare_defective" : "declare_lost",
           sim->holder_id, "", now);
  LineIncidentRecord i;
  i.handover_id = h.id;
  i.iccid = iccid;
  i.resident_id = h.resident_id;
  i.structure_id = h.structure_id;
  i.operator_id = sim->operator_id;
  i.kind = *kind;
  i.status = "declared";
  i.declared_at = now;
  i.declared_by = user_of(actor);
  i.id = tx->lines().insert_incident(i);
  append_audit(*tx, actor, "line_incident.declare", "line_incident", i.id, iccid + " " + *kind);
  refresh_resident_todo(*tx, h.resident_id);
  auto saved = tx->lines().incident(i.id);
  tx->commit();
  return *saved;
}

LineIncidentRecord request_block(store::Store& store, const Actor& actor, std::int64_t id) {
  require(actor, Action::kRequestBlocks);
  auto tx = store.begin(store::Mode::kWrite);
  LineIncidentRecord i = incident_in_scope(*tx, actor, id);
  if (i.status != "declared") {
    throw Error(ErrorKind::kConflict, "incident_not_declared", {"line_incident_status." + i.status});
  }
  i.status = "block_requested";
  i.block_requested_at = now_iso();
  i.block_requested_by = user_of(actor);
  tx->lines().update_incident(i);
  append_audit(*tx, actor, "line_incident.request_block", "line_incident", i.id, i.iccid);
  refresh_resident_todo(*tx, i.resident_id);
  auto saved = tx->lines().incident(i.id);
  tx->commit();
  return *saved;
}

LineIncidentRecord replace_line(store::Store& store, const Actor& actor, std::int64_t id,
                                const std::optional<std::string>& mode,
                                const std::optional<std::string>& iccid_in) {
  require(actor, Action::kReplaceLines);
  std::vector<FieldError> errors;
  if (!mode || !is_one_of(kReplacementModes, *mode)) {
    errors.push_back(field_error("mode", mode.value_or("").substr(0, 20),
                                 mode ? "unknown_mode" : "required"));
  }
  std::string iccid;
  try {
    iccid = canonical_or_refuse(iccid_in);
  } catch (const Error& e) {
    for (const auto& f : e.errors()) errors.push_back(f);
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  LineIncidentRecord i = incident_in_scope(*tx, actor, id);
  if (i.status != "blocked") {
    throw Error(ErrorKind::kConflict, "line_not_blocked", {"line_incident_status." + i.status});
  }
  auto sim = tx->cards().sim(iccid);
  if (!sim || sim->holder_id != actor.organisation_id || sim->state != SimState::kAtStructure) {
    throw Error(ErrorKind::kConflict, "sim_not_at_structure", {iccid});
  }
  auto old = tx->residents().handover(i.handover_id);
  const ProgrammeRecord g = programme_by_id(*tx, old->programme_id);
  if (sim->plan_id != g.plan_id) throw Error(ErrorKind::kConflict, "other_programme", {iccid});
  if (*mode == "keep_number" && sim->operator_id != i.operator_id) {
    throw Error(ErrorKind::kConflict, "other_operator", {iccid});
  }
  const std::string now = now_iso();
  // The lost line ends; the new one replaces it, for the same resident and programme.
  tx->residents().take_back(old->id, now, user_of(actor), i.kind);
  // A swap keeps the line, and its end; a new line has its plan's whole validity.
  const HandoverRecord h =
      hand_card(*tx, actor, old->resident_id, *sim, old->programme_id,
                *mode == "keep_number" ? std::optional(old->ends_at) : std::nullopt, old->id);
  i.status = *mode == "keep_number" ? "swap_requested" : "replaced";
  i.replacement_mode = *mode;
  i.replacement_iccid = iccid;
  i.replacement_handover_id = h.id;
  i.replaced_at = now;
  i.replaced_by = user_of(actor);
  tx->lines().update_incident(i);
  append_audit(*tx, actor, "line_incident.replace", "line_incident", i.id,
               i.iccid + " -> " + iccid + " (" + *mode + ")");
  refresh_resident_todo(*tx, i.resident_id);
  auto saved = tx->lines().incident(i.id);
  tx->commit();
  return *saved;
}

Page<LineIncidentRecord> list_line_incidents(store::Store& store, const Actor& actor,
                                             const IncidentFilter& f) {
  require(actor, Action::kReadLines);
  store::LineIncidentQuery q;
  if (actor.role == Role::kStructure) q.structure_id = actor.organisation_id;
  if (f.status) {
    if (!is_one_of(kIncidentStatuses, *f.status)) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"status", f.status->substr(0, 20)});
    }
    q.status = f.status;
  }
  q.open_only = f.open == std::optional<std::string>("true");
  q.limit = parse_limit(f.limit);
  q.after = parse_cursor(f.cursor);
  return store.begin(store::Mode::kRead)->lines().incidents(q);
}

LineIncidentRecord get_line_incident(store::Store& store, const Actor& actor, std::int64_t id) {
  auto tx = store.begin(store::Mode::kRead);
  return incident_in_scope(*tx, actor, id);
}

// --- follow-ups -----------------------------------------------------------------------------

std::vector<SurveyQuestion> survey_of(const ProgrammeRecord& g) {
  if (!g.follow_up_questions) return standard_survey();
  return parse_survey(*g.follow_up_questions);
}

std::vector<SurveyQuestion> parse_survey(const std::string& text) {
  std::vector<FieldError> errors;
  json::value doc;
  try {
    doc = json::parse(text);
  } catch (const std::exception&) {
    throw Error::validation({field_error("follow_up_questions", "", "not_json")});
  }
  if (!doc.is_array()) {
    throw Error::validation({field_error("follow_up_questions", "", "list_expected")});
  }
  std::vector<SurveyQuestion> out;
  if (doc.as_array().size() > kMaxQuestions) {
    throw Error::validation({field_error("follow_up_questions",
                                         std::to_string(doc.as_array().size()), "too_many",
                                         {std::to_string(kMaxQuestions)})});
  }
  for (std::size_t n = 0; n < doc.as_array().size(); ++n) {
    const auto& item = doc.as_array()[n];
    const std::string at = "questions." + std::to_string(n);
    if (!item.is_object()) {
      errors.push_back(field_error(at, "", "not_an_object"));
      continue;
    }
    const auto& o = item.as_object();
    SurveyQuestion q;
    auto text_of = [&](const char* key) -> std::string {
      auto* v = o.if_contains(key);
      if (v && v->is_string()) return std::string(v->as_string());
      if (v) errors.push_back(field_error(at + "." + key, "", "not_a_string"));
      return "";
    };
    q.id = text_of("id");
    q.kind = text_of("kind");
    if (auto* v = o.if_contains("required")) q.required = v->is_bool() && v->as_bool();
    if (auto* v = o.if_contains("labels")) q.labels = labels_of(*v, at + ".labels", errors);
    if (auto* v = o.if_contains("options")) {
      if (!v->is_array() || v->as_array().size() > kMaxOptions) {
        errors.push_back(field_error(at + ".options", "", "list_expected"));
      } else {
        for (const auto& opt : v->as_array()) {
          if (!opt.is_object() || !opt.as_object().if_contains("id") ||
              !opt.as_object().at("id").is_string()) {
            errors.push_back(field_error(at + ".options", "", "bad_option"));
            continue;
          }
          std::string id(opt.as_object().at("id").as_string());
          q.options.push_back(id);
          if (auto* l = opt.as_object().if_contains("labels")) {
            q.option_labels[id] = labels_of(*l, at + ".options." + id.substr(0, 30), errors);
          }
        }
      }
    }
    out.push_back(std::move(q));
  }
  if (errors.empty()) errors = check_survey(out);
  if (!errors.empty()) throw Error::validation(std::move(errors));
  return out;
}

std::string survey_json(const std::vector<SurveyQuestion>& questions) {
  json::array out;
  for (const auto& q : questions) {
    json::object o;
    o["id"] = q.id;
    o["kind"] = q.kind;
    o["required"] = q.required;
    json::object labels;
    for (const auto& [lang, text] : q.labels) labels[lang] = text;
    o["labels"] = std::move(labels);
    if (q.kind == "choices") {
      json::array options;
      for (const auto& id : q.options) {
        json::object opt;
        opt["id"] = id;
        json::object ol;
        if (auto it = q.option_labels.find(id); it != q.option_labels.end()) {
          for (const auto& [lang, text] : it->second) ol[lang] = text;
        }
        opt["labels"] = std::move(ol);
        options.push_back(std::move(opt));
      }
      o["options"] = std::move(options);
    }
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

FollowUpRecord record_follow_up(store::Store& store, const Actor& actor, const SurveyInput& in) {
  require(actor, Action::kRecordFollowUps);
  if (!in.resident_id) throw Error::validation({field_error("resident_id", "", "required")});
  const std::string language = in.language.value_or("fr");
  {
    std::vector<FieldError> errors;
    check_codes(CodeList::kLanguageCodes, "language", {language}, true, errors);
    if (!errors.empty()) throw Error::validation(std::move(errors));
  }
  auto tx = store.begin(store::Mode::kWrite);
  ResidentRecord r = own_resident(*tx, actor, *in.resident_id);
  const auto consents = tx->residents().consents_of(r.id);
  if (!has_given(consents, "follow_up")) {
    throw Error(ErrorKind::kConflict, "consent_missing", {r.pseudonym, "consent_purpose.follow_up"});
  }
  // The line asked about: the one in use, or else the last one handed over.
  const auto lines = tx->residents().handovers_of(r.id);
  const HandoverRecord* line = nullptr;
  for (const auto& h : lines) {
    if (!h.taken_back_at) line = &h;
  }
  if (!line && !lines.empty()) line = &lines.back();
  if (!line) throw Error(ErrorKind::kConflict, "no_line", {r.pseudonym});
  if (tx->lines().has_follow_up(line->id)) {
    throw Error(ErrorKind::kConflict, "follow_up_done", {r.pseudonym});
  }
  const ProgrammeRecord g = programme_by_id(*tx, line->programme_id);
  const auto questions = survey_of(g);
  SurveyCheck checked = check_answers(questions, in.answers);
  if (!checked.errors.empty()) throw Error::validation(std::move(checked.errors));
  if (checked.facts.testimony && !has_given(consents, "testimony")) {
    throw Error(ErrorKind::kConflict, "consent_missing", {r.pseudonym, "consent_purpose.testimony"});
  }
  json::object answers;
  for (const auto& [id, a] : in.answers) {
    if (a.is_choices) {
      json::array list;
      for (const auto& c : a.choices) list.push_back(json::value(c));
      answers[id] = std::move(list);
    } else if (a.yes) {
      answers[id] = *a.yes;
    } else if (a.number) {
      answers[id] = *a.number;
    } else if (a.text) {
      answers[id] = *a.text;
    }
  }
  // A testimony is kept only in its own column (published, cleared with its consent).
  if (checked.facts.testimony_question) answers.erase(*checked.facts.testimony_question);
  FollowUpRecord f;
  f.resident_id = r.id;
  f.handover_id = line->id;
  f.structure_id = r.structure_id;
  f.programme_id = line->programme_id;
  f.recorded_at = now_iso();
  f.recorded_by = user_of(actor);
  f.language = language;
  f.answers = json::serialize(answers);
  f.uses = checked.facts.uses;
  f.still_used = checked.facts.still_used;
  f.satisfaction = checked.facts.satisfaction;
  f.testimony = checked.facts.testimony;
  f.id = tx->lines().insert_follow_up(f);
  append_audit(*tx, actor, "follow_up.record", "follow_up", f.id, r.pseudonym);
  refresh_resident_todo(*tx, r.id);
  auto saved = tx->lines().follow_ups_of(r.id);
  tx->commit();
  for (auto& s : saved) {
    if (s.id == f.id) return s;
  }
  return f;
}

ProgrammeRecord update_programme_lines(store::Store& store, const Actor& actor, std::int64_t id,
                                       const ProgrammeLineSettings& in) {
  require(actor, Action::kDecideTopups);
  std::vector<FieldError> errors;
  if (in.topup_budget_cents && (*in.topup_budget_cents < 0 || *in.topup_budget_cents > 100'000'000'000LL)) {
    errors.push_back(field_error("topup_budget_cents", std::to_string(*in.topup_budget_cents),
                                 "out_of_range", {"0", "100000000000"}));
  }
  if (in.follow_up_days && (*in.follow_up_days < 1 || *in.follow_up_days > 365)) {
    errors.push_back(field_error("follow_up_days", std::to_string(*in.follow_up_days),
                                 "out_of_range", {"1", "365"}));
  }
  std::optional<std::string> survey;
  if (in.follow_up_questions) {
    try {
      survey = survey_json(parse_survey(*in.follow_up_questions));
    } catch (const Error& e) {
      for (const auto& f : e.errors()) errors.push_back(f);
    }
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  ProgrammeRecord g = programme_by_id(*tx, id);
  if (in.topup_budget_cents) g.topup_budget_cents = in.topup_budget_cents;
  if (in.clear_budget) g.topup_budget_cents.reset();
  if (in.follow_up_days) g.follow_up_days = static_cast<int>(*in.follow_up_days);
  if (survey) g.follow_up_questions = survey;
  if (in.standard_survey) g.follow_up_questions.reset();
  tx->requests().update_programme(g);
  append_audit(*tx, actor, "programme.update", "programme", g.id,
               g.code + ": top-up budget " +
                   (g.topup_budget_cents ? std::to_string(*g.topup_budget_cents) : "none") +
                   ", follow-up after " + std::to_string(g.follow_up_days) + " days");
  tx->commit();
  return g;
}

// --- to-do lists ----------------------------------------------------------------------------

std::int64_t build_todo_lists(store::Store& store, Clock::time_point at) {
  auto tx = store.begin(store::Mode::kWrite);
  const auto built = tx->lines().rebuild_todo({}, thresholds_at(*tx, at));
  tx->put_setting("todo_built_at", iso_utc(at));
  tx->commit();
  return built;
}

void refresh_todo(store::Transaction& tx, std::int64_t structure_id) {
  tx.lines().rebuild_todo({structure_id, std::nullopt}, thresholds_at(tx, Clock::now()));
}

void refresh_resident_todo(store::Transaction& tx, std::int64_t resident_id) {
  tx.lines().rebuild_todo({std::nullopt, resident_id}, thresholds_at(tx, Clock::now()));
}

TodoList todo_list(store::Store& store, const Actor& actor,
                   const std::optional<std::string>& structure_id) {
  require(actor, Action::kReadLines);
  auto tx = store.begin(store::Mode::kRead);
  TodoList out;
  out.built_at = tx->setting("todo_built_at");
  std::optional<std::int64_t> structure = parse_id(structure_id, "structure_id");
  if (actor.role == Role::kStructure) structure = actor.organisation_id;
  if (structure) {
    out.items = tx->lines().todo(*structure);
    return out;
  }
  out.counts = tx->lines().todo_counts();
  for (const auto& [id, kinds] : out.counts) {
    if (auto o = tx->accounts().organisation(id)) out.structure_names[id] = o->name;
  }
  return out;
}

}  // namespace relais::app
