#include "app/sims.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <charconv>
#include <deque>
#include <future>
#include <set>

#include <sys/resource.h>
#include <unistd.h>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/msisdn.hpp"
#include "app/pagination.hpp"
#include "app/use_case_helpers.hpp"
#include "core/authorization.hpp"
#include "core/card_search.hpp"
#include "core/disclosure.hpp"
#include "core/error.hpp"
#include "core/operators.hpp"
#include "core/packing.hpp"
#include "core/sim_file.hpp"
#include "core/sim_identifiers.hpp"
#include "core/sim_lifecycle.hpp"
#include "core/utf8.hpp"

namespace relais::app {
namespace {

[[noreturn]] void sim_not_found() {
  throw Error(ErrorKind::kNotFound, "not_found", {"entity.sim"});
}

// An id filter; empty is no filter.
std::optional<std::int64_t> id_filter(const std::optional<std::string>& text, const char* name) {
  return text && !text->empty() ? parse_id(text, name) : std::nullopt;
}

}  // namespace

Organisation operator_for(store::Transaction& tx, const Actor& actor, const std::string& code) {
  auto op = tx.accounts().organisation_by_code(code);
  if (!op || op->kind != Role::kOperator) {
    throw Error::validation({field_error("operator", code, "unknown_operator")});
  }
  if (!may_act_for_operator(actor.role, actor.organisation_id, op->id)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  return *op;
}

SimImportOutcome import_sim_batch(store::Store& store, const Sealer& sealer, const Actor& actor,
                                  const SimImportRequest& request) {
  require(actor, Action::kImportSims);
  const std::string sha = sha256_hex(request.text);

  auto tx = store.begin(store::Mode::kWrite);
  std::vector<FieldError> problems;
  auto op = tx->accounts().organisation_by_code(request.operator_code);
  if (!op || op->kind != Role::kOperator) {
    problems.push_back(field_error("operator", request.operator_code, "unknown_operator"));
  } else if (!may_act_for_operator(actor.role, actor.organisation_id, op->id)) {
    throw Error(ErrorKind::kForbidden, "forbidden");
  }
  std::optional<PlanRecord> plan;
  if (op) {
    plan = tx->operators().plan_by_code(op->id, request.plan_code);
    if (!plan) problems.push_back(field_error("plan", request.plan_code, "unknown_plan"));
  }
  if (request.reference.empty() || request.reference.size() > 200) {
    problems.push_back(field_error("reference", request.reference,
                                   request.reference.empty() ? "required" : "too_long", {"200"}));
  } else if (first_invalid_utf8(request.reference) != std::string_view::npos) {
    problems.push_back(field_error("reference", "", "not_utf8_text"));
  } else if (has_control_characters(request.reference)) {
    problems.push_back(field_error("reference", "", "control_characters"));
  }
  if (!problems.empty()) throw Error::validation(std::move(problems));
  // The same file again (same bytes) adds nothing and answers the batch it made.
  if (auto existing = tx->operators().batch_by_sha256(sha)) {
    if (existing->operator_id != op->id || existing->plan_id != plan->id) {
      throw Error::validation({field_error("operator", request.operator_code, "file_of_other_batch",
                                           {std::to_string(existing->id)})});
    }
    return {*existing, false};
  }

  SimFileReader reader(request.text);
  // The report lists the first bad lines and counts the others: a file of bad lines takes no
  // more memory to refuse than a short one.
  LineErrors errors(reader.header_errors());
  auto fail = [&] { throw Error::import_failed(errors); };
  if (!errors.empty()) fail();

  auto profile = tx->operators().operator_profile(op->id).value_or(OperatorProfile{});
  const OperatorRules rules{profile.iccid_prefixes, profile.mobile_network_codes};
  const std::string now = request.received_at.value_or(now_iso());
  BatchRecord batch;
  batch.operator_id = op->id;
  batch.plan_id = plan->id;
  batch.reference = request.reference;
  batch.file_sha256 = sha;
  batch.received_at = now;
  batch.received_by = actor.email;
  batch.id = tx->operators().insert_batch(batch);

  // Lines are checked in chunks on other threads (libphonenumber is the costly part) while this
  // thread stores the cards of the chunks already checked, in file order, in the open
  // transaction; any error rolls them all back.
  // Only the good lines are kept with their card: a chunk of bad lines holds no cards.
  struct Checked {
    SimLine line;
    SimRecord record;
  };
  struct CheckedChunk {
    std::vector<Checked> lines;
    LineErrors errors;  // bounded like the whole report's: a chunk of bad lines stays small
    long rows = 0;
  };
  auto check_chunk = [&](std::string_view text, int first_line) {
    CheckedChunk checked;
    std::vector<SimLine> lines;
    std::vector<FieldError> found;
    checked.rows = reader.parse_chunk(text, first_line, lines, found);
    for (auto& e : found) checked.errors.push_back(std::move(e));
    for (const SimLine& line : lines) {
      found.clear();
      auto card = check_sim_line(line, rules, check_french_mobile, found);
      for (auto& e : found) checked.errors.push_back(std::move(e));
      if (!card) continue;
      SimRecord r;
      r.iccid = std::move(card->iccid);
      r.msisdn = std::move(card->msisdn);
      r.imsi = std::move(card->imsi);
      if (card->puk) r.puk_sealed = sealer.seal(*card->puk, puk_context(r.iccid));
      r.batch_id = batch.id;
      r.state = SimState::kInStock;
      r.updated_at = now;
      checked.lines.push_back({line, std::move(r)});
    }
    return checked;
  };
  std::int64_t stored = 0;
  long rows = 0;
  // Storing goes on after errors, to find every duplicate: the good cards go to the store as
  // many at a time as it takes best (32,768 for PostgreSQL's COPY, 4,096 for SQLite's rows),
  // and it lists those it refused. On PostgreSQL a batch is stored on a thread of its own while
  // this thread gathers the next one; SQLite stores it on this thread. A batch carries the
  // errors found in its lines, told before its refusals (the report's order).
  const std::size_t batch_rows = tx->cards().bulk_rows();
  struct Batch {
    std::vector<SimRecord> cards;
    std::vector<SimLine> lines;  // the file's line of each card, for the errors
    LineErrors errors;
  };
  auto store_batch = [&](Batch b) {
    errors.merge(std::move(b.errors));
    if (b.cards.empty()) return;
    auto refused = tx->cards().insert_sims(b.cards);
    stored += static_cast<std::int64_t>(b.cards.size() - refused.size());
    for (const auto& r : refused) {
      // Report the value as the file wrote it.
      const SimLine& line = b.lines[r.index];
      const bool here = r.holder_batch == batch.id;
      if (r.why == store::RefusedCard::Why::kIccidTaken) {
        errors.push_back(field_error("iccid", std::string(line.iccid),
                                     here ? "iccid_in_file" : "iccid_known", {}, line.line));
      } else {
        errors.push_back(field_error("msisdn", std::string(line.msisdn),
                                     here ? "msisdn_in_file" : "msisdn_known", {}, line.line));
      }
    }
  };
  Batch gathering;
  // The batch being stored. Declared after everything its thread uses: if this thread throws,
  // destroying it waits for that thread first. Until it is done, only that thread uses the
  // transaction, `errors` and `stored`.
  std::future<void> storing;
  const bool in_background = tx->cards().bulk_in_background();
  auto hand_off = [&] {
    if (storing.valid()) storing.get();  // the previous batch is stored, or its error thrown
    if (in_background) {
      storing = std::async(std::launch::async, store_batch, std::move(gathering));
    } else {
      store_batch(std::move(gathering));  // on this thread, the workers checking meanwhile
    }
    gathering = Batch{};
  };
  auto store_checked = [&](CheckedChunk checked) {
    rows += checked.rows;
    gathering.errors.merge(std::move(checked.errors));
    for (auto& c : checked.lines) {
      gathering.cards.push_back(std::move(c.record));
      gathering.lines.push_back(c.line);
    }
    if (gathering.cards.size() >= batch_rows) hand_off();
  };
  // This thread only cuts the file into chunks of lines and gathers them into batches;
  // reading and checking the lines happen on the workers, a store batch ahead (4 chunks at
  // least).
  constexpr std::size_t kChunk = 4096;
  const std::size_t in_flight = std::max<std::size_t>(4, batch_rows / kChunk);
  // Declared after everything the workers read (reader, rules, sealer, batch, now): if this
  // thread throws, destroying these futures waits for the workers before those go away.
  std::deque<std::future<CheckedChunk>> pending;
  int first_line = 0;
  while (auto text = reader.next_chunk(kChunk, first_line)) {
    pending.push_back(std::async(std::launch::async, [&check_chunk, t = *text, first_line] {
      // The thread storing (one, the import's pace) goes first when the cores are all busy:
      // the workers checking lines ahead yield to it.
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
      return check_chunk(t, first_line);
    }));
    if (pending.size() >= in_flight) {
      store_checked(pending.front().get());
      pending.pop_front();
    }
  }
  while (!pending.empty()) {
    store_checked(pending.front().get());
    pending.pop_front();
  }
  hand_off();
  if (storing.valid()) storing.get();
  reader.count_rows(rows);
  if (auto q = reader.quantity_error()) errors.push_back(std::move(*q));
  if (!errors.empty()) fail();
  if (stored == 0) {
    errors.push_back(field_error("", "", "no_rows", {}, 1));
    fail();
  }

  tx->operators().set_batch_quantity(batch.id, stored);
  tx->cards().add_state_count(batch.id, SimState::kInStock, stored);
  append_audit(*tx, actor, "sim_batch.import", "sim_batch", batch.id,
               std::to_string(stored) + " SIM cards of " + op->name + " (" + plan->code +
                   "), reference \"" + request.reference + "\"");
  auto saved = tx->operators().batch(batch.id);
  tx->commit();
  return {*saved, true};
}

StockSummary stock_summary(store::Store& store, const Actor& actor, bool verify) {
  require(actor, Action::kReadStock);
  auto tx = store.begin(store::Mode::kRead);
  std::vector<BatchRecord> batches = tx->operators().batches();
  std::vector<StateCount> counts = tx->cards().state_counts();
  // verify: the cards themselves are counted too, and every counter must match them.
  std::vector<StateCount> counted;
  if (verify) counted = tx->cards().counted_states();
  StockSummary s;
  s.masked = actor.role == Role::kFunder;
  for (auto& b : batches) {
    if (actor.role == Role::kOperator && b.operator_id != actor.organisation_id) continue;
    StockBatch sb;
    for (const auto& c : counts) {
      if (c.batch_id != b.id) continue;
      sb.by_state[std::string(sim_state_name(c.state))] += c.count;
      sb.total += c.count;
    }
    sb.reconciled = sb.total == b.quantity;
    if (verify) {
      std::map<std::string, std::int64_t> cards;
      for (const auto& c : counted) {
        if (c.batch_id == b.id) cards[std::string(sim_state_name(c.state))] += c.count;
      }
      std::erase_if(sb.by_state, [](const auto& kv) { return kv.second == 0; });
      sb.reconciled = sb.reconciled && cards == sb.by_state;
    }
    s.reconciled = s.reconciled && sb.reconciled;
    for (const auto& [state, n] : sb.by_state) {
      s.by_state[state] += n;
      s.by_plan[b.plan_code][state] += n;
    }
    s.total += sb.total;
    sb.batch = std::move(b);
    s.batches.push_back(std::move(sb));
  }
  for (const auto& [plan, of_plan] : s.by_plan) {
    for (const auto& [state, n] : of_plan) s.plan_totals[plan] += n;
  }
  if (s.masked) {
    // Aggregates only for the funder: who received a batch, and the file it came in, are not
    // its business. Its figures are disclosed by core's one rule, as one table: the cells are
    // the counts per batch and state, and every figure shown is a sum of them (a batch's total
    // and quantity, a state's, a plan's per state and in all, the grand total).
    std::vector<std::int64_t> cells;
    std::vector<std::vector<std::size_t>> figures;
    std::vector<Hidden*> shown_as;  // where each figure's verdict goes
    auto figure = [&](Hidden& target, std::vector<std::size_t> of) {
      shown_as.push_back(&target);
      figures.push_back(std::move(of));
    };
    std::map<std::string, std::vector<std::size_t>> by_state;
    std::map<std::string, std::map<std::string, std::vector<std::size_t>>> by_plan;
    std::map<std::string, std::vector<std::size_t>> of_plan;
    for (auto& b : s.batches) {
      b.batch.received_by.clear();
      b.batch.file_sha256.clear();
      std::vector<std::size_t> row;
      for (SimState state : kAllSimStates) {
        const std::string name(sim_state_name(state));
        auto it = b.by_state.find(name);
        const std::size_t cell = cells.size();
        cells.push_back(it == b.by_state.end() ? 0 : it->second);
        figure(b.by_state_hidden[name], {cell});
        row.push_back(cell);
        by_state[name].push_back(cell);
        by_plan[b.batch.plan_code][name].push_back(cell);
        of_plan[b.batch.plan_code].push_back(cell);
      }
      figure(b.total_hidden, row);
    }
    std::vector<std::size_t> every(cells.size());
    for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
    for (auto& [name, of] : by_state) figure(s.by_state_hidden[name], of);
    for (auto& [plan, states] : by_plan) {
      for (auto& [name, of] : states) figure(s.by_plan_hidden[plan][name], of);
    }
    for (auto& [plan, of] : of_plan) figure(s.plan_totals_hidden[plan], of);
    figure(s.total_hidden, every);
    const auto hidden = disclose_table(cells, figures);
    for (std::size_t f = 0; f < hidden.size(); ++f) *shown_as[f] = hidden[f];
  }
  return s;
}

Page<SimRecord> list_sims(store::Store& store, const Actor& actor,
                                        const SimFilter& filter) {
  require(actor, Action::kListSims);
  store::SimQuery q;
  if (filter.number && !trim_spaces(*filter.number).empty()) {
    // "06 12 34 56 78", "+33 612", "8933102…" or the last digits "5678" find cards through an
    // index; what no index can answer ("12", letters) finds nothing rather than everything.
    if (filter.number->size() > 100) {
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"q", filter.number->substr(0, 20) + "…"});
    }
    q.search = parse_card_search(*filter.number);
    if (!q.search) return {};
  }
  if (filter.state && !filter.state->empty()) {
    q.state = parse_sim_state(*filter.state);
    if (!q.state) throw Error(ErrorKind::kBadRequest, "bad_parameter", {"state", *filter.state});
  }
  q.batch_id = id_filter(filter.batch, "batch");
  q.holder_id = id_filter(filter.holder, "holder");
  auto tx = store.begin(store::Mode::kRead);
  if (filter.plan && !filter.plan->empty()) {
    auto plans = tx->operators().plans();
    // Plan codes are unique per operator: an operator's users mean their own plan.
    auto it = std::find_if(plans.begin(), plans.end(), [&](const PlanRecord& p) {
      return p.code == *filter.plan &&
             (actor.role != Role::kOperator || p.operator_id == actor.organisation_id);
    });
    if (it == plans.end())
      throw Error(ErrorKind::kBadRequest, "bad_parameter", {"plan", *filter.plan});
    q.plan_id = it->id;
  }
  if (q.batch_id && !tx->operators().batch(*q.batch_id)) {
    throw Error(ErrorKind::kBadRequest, "bad_parameter", {"batch", *filter.batch});
  }
  if (actor.role == Role::kOperator) q.operator_id = actor.organisation_id;
  // A structure lists the cards it holds, whatever holder it asks for.
  if (actor.role == Role::kStructure) q.holder_id = actor.organisation_id;
  q.limit = parse_limit(filter.limit);
  q.after = parse_cursor(filter.cursor);
  return tx->cards().sims(q);
}

SimDetail get_sim(store::Store& store, const Actor& actor,
                  std::string_view iccid_in) {
  auto iccid = canonical_iccid(iccid_in);
  if (!iccid) sim_not_found();
  auto tx = store.begin(store::Mode::kRead);
  auto sim = tx->cards().sim(*iccid);
  if (!sim) sim_not_found();
  // Who may see a card: the coordinator, its operator, and the structure that holds it.
  bool visible = actor.role == Role::kCoordinator ||
                 (actor.role == Role::kOperator && sim->operator_id == actor.organisation_id) ||
                 (actor.role == Role::kStructure && sim->holder_id == actor.organisation_id);
  if (!visible) sim_not_found();
  SimDetail d;
  d.batch = *tx->operators().batch(sim->batch_id);
  // The timeline starts with the card's arrival in its batch, which is not stored per card.
  d.events.push_back({0, *iccid, d.batch.received_at, std::nullopt, d.batch.received_by, "receive",
                      "", std::string(sim_state_name(SimState::kInStock)),
                      // The delivery's own reference: written by people, in their language.
                      d.batch.reference});
  for (auto& e : tx->cards().sim_events(*iccid)) {
    // The operator learns no one's name from a card's history (the people of the structures
    // and of the coordination are not its business), nor what they wrote: a manual
    // transition's reason may speak of the resident (DESIGN rule 4). What its own people
    // wrote it reads.
    if (actor.role == Role::kOperator) {
      e.actor_name.reset();
      const bool own = e.actor_user_id && [&] {
        auto u = tx->accounts().user(*e.actor_user_id);
        return u && u->organisation_id == actor.organisation_id;
      }();
      if (!own) e.reason.clear();
    }
    d.events.push_back(std::move(e));
  }
  d.sim = std::move(*sim);
  return d;
}

void move_sim(store::Transaction& tx, const Actor& actor, const SimRecord& sim,
              std::string_view transition, std::optional<std::int64_t> holder,
              const std::string& reason, const std::string& at) {
  const std::string from_name(sim_state_name(sim.state));
  auto to = next_sim_state(sim.state, transition);
  if (!to) {
    throw Error(ErrorKind::kConflict, "sim_transition_refused",
                {"sim_transition." + std::string(transition), "sim_state." + from_name});
  }
  tx.cards().update_sim_state(sim.iccid, *to, holder, at);
  tx.cards().add_state_count(sim.batch_id, sim.state, -1);
  tx.cards().add_state_count(sim.batch_id, *to, +1);
  tx.cards().insert_sim_event({0, sim.iccid, at,
                               actor.is_system() ? std::nullopt : std::optional(actor.user_id),
                               actor.email, std::string(transition), from_name,
                               std::string(sim_state_name(*to)), reason});
}

SimDetail apply_sim_transition(store::Store& store, const Actor& actor,
                               std::string_view iccid_in, const std::string& transition,
                               const std::string& reason) {
  auto iccid = canonical_iccid(iccid_in);
  if (!iccid) sim_not_found();
  {
    auto tx = store.begin(store::Mode::kWrite);
    auto sim = tx->cards().sim(*iccid);
    if (!sim) sim_not_found();
    const bool is_operator = sim->operator_id == actor.organisation_id;
    const bool is_holder = sim->holder_id == actor.organisation_id;
    const bool visible = actor.role == Role::kCoordinator ||
                         (actor.role == Role::kOperator && is_operator) ||
                         (actor.role == Role::kStructure && is_holder);
    if (!visible) sim_not_found();
    if (!find_sim_transition(transition)) {
      throw Error::validation({field_error("transition", transition, "unknown_transition")});
    }
    if (reason.empty() || utf8_length(reason) > 500) {
      throw Error::validation(
          {field_error("reason", "", reason.empty() ? "required" : "too_long", {"500"})});
    }
    if (has_control_characters(reason, true)) {
      throw Error::validation({field_error("reason", "", "control_characters")});
    }
    if (!may_apply_sim_transition(actor.role, transition, is_operator, is_holder)) {
      throw Error(ErrorKind::kForbidden, "forbidden");
    }
    // A card in a resident's hands is lost, stolen or broken as a line incident, which asks
    // the operator to block it and replaces the line (issue 12), not by hand.
    if ((transition == "declare_lost" || transition == "declare_defective" ||
         transition == "return") &&
        tx->lines().open_handover_of_card(sim->iccid)) {
      throw Error(ErrorKind::kConflict, "line_in_use", {sim->iccid});
    }
    // A card in a parcel being packed, closed or on the road moves with its parcel (the packing
    // station's replacement, the shipment's loss or return, the delivery), not by hand.
    if (sim->packing_order_id) {
      auto order = tx->packing().packing_order(*sim->packing_order_id);
      if (order && in_group(order->state, kPackingOrderStatesUnderway) &&
          sim->state != SimState::kAtStructure) {
        throw Error(ErrorKind::kConflict, "card_in_parcel", {packing_reference(order->id)});
      }
    }
    // Back to the programme's stock: nobody holds the card any more.
    std::optional<std::int64_t> holder = sim->holder_id;
    if (transition == "return" || transition == "restock") holder = std::nullopt;
    move_sim(*tx, actor, *sim, transition, holder, reason, now_iso());
    // Restocked, it is set aside for no request and in no parcel any more.
    if (transition == "restock") tx->cards().set_card_destination(sim->iccid, std::nullopt, std::nullopt);
    append_audit(*tx, actor, "sim." + transition, "sim", std::nullopt,
                 sim->iccid + ": " + std::string(sim_state_name(sim->state)) + " -> " + transition + " (" + reason + ")");
    tx->commit();
  }
  return get_sim(store, actor, *iccid);
}

std::vector<SimRecord> activation_requests(store::Store& store, const Actor& actor,
                                                  const std::string& operator_code) {
  require(actor, Action::kReadSims);
  auto tx = store.begin(store::Mode::kRead);
  const Organisation op = operator_for(*tx, actor, operator_code);
  store::SimQuery q;
  q.operator_id = op.id;
  q.state = SimState::kHandedOver;
  q.limit = 1000;
  // A card handed over to keep a blocked line's number waits for its SIM swap, not for an
  // activation of its own (GET /api/v1/swap-requests).
  std::set<std::string> swapping;
  store::LineIncidentQuery swaps;
  swaps.operator_id = op.id;
  swaps.status = "swap_requested";
  swaps.limit = 1000;
  for (;;) {
    auto page = tx->lines().incidents(swaps);
    for (auto& i : page.items) swapping.insert(i.replacement_iccid.value_or(""));
    if (!page.next) break;
    swaps.after = page.next;
  }
  std::vector<SimRecord> out;
  for (;;) {
    auto page = tx->cards().sims(q);
    for (auto& s : page.items) {
      if (!swapping.contains(s.iccid)) out.push_back(std::move(s));
    }
    if (!page.next) break;
    q.after = page.next;
  }
  return out;
}

Sealer sealer_for(store::Store& store, const std::string& path) {
  return Sealer::for_database(path, store.begin(store::Mode::kRead)->sealed().any());
}

std::optional<BatchRecord> get_batch(store::Store& store, const Actor& actor,
                                            std::int64_t id) {
  for (auto& b : list_batches(store, actor)) {
    if (b.id == id) return b;
  }
  return std::nullopt;
}

std::vector<BatchRecord> list_batches(store::Store& store, const Actor& actor) {
  require(actor, Action::kReadSims);
  auto batches = store.begin(store::Mode::kRead)->operators().batches();
  if (actor.role == Role::kOperator) {
    std::erase_if(batches, [&](const BatchRecord& b) {
      return b.operator_id != actor.organisation_id;
    });
  }
  return batches;
}

PlanRecord create_plan(store::Store& store, const Actor& actor,
                              const std::string& operator_code, const PlanDraft& draft) {
  require(actor, Action::kImportSims);
  auto tx = store.begin(store::Mode::kWrite);
  const Organisation op = operator_for(*tx, actor, operator_code);
  PlanResult built = build_plan(draft);
  if (built.errors.empty() && tx->operators().plan_by_code(op.id, built.plan.code)) {
    built.errors.push_back(field_error("code", built.plan.code, "code_taken"));
  }
  if (!built.errors.empty()) throw Error::validation(std::move(built.errors));
  const Plan& p = built.plan;
  PlanRecord record{0,
                           op.id,
                           p.code,
                           p.name,
                           p.data_gb,
                           p.validity_days,
                           p.calls_sms_included,
                           p.unit_cost_cents,
                           p.rechargeable,
                           now_iso()};
  record.id = tx->operators().insert_plan(record);
  append_audit(*tx, actor, "plan.create", "plan", record.id, op.name + " " + p.code);
  tx->commit();
  return record;
}

OperatorProfile get_numbering(store::Store& store, const Actor& actor,
                                     const std::string& operator_code) {
  require(actor, Action::kReadSims);
  auto tx = store.begin(store::Mode::kRead);
  const Organisation op = operator_for(*tx, actor, operator_code);
  return tx->operators().operator_profile(op.id).value_or(OperatorProfile{op.id, {}, {}});
}

OperatorProfile set_numbering(store::Store& store, const Actor& actor,
                                     const std::string& operator_code,
                                     const std::vector<std::string>& iccid_prefixes,
                                     const std::vector<std::string>& mobile_network_codes,
                                     const std::optional<std::string>& apn) {
  if (actor.role != Role::kCoordinator) throw Error(ErrorKind::kForbidden, "forbidden");
  auto errors = check_numbering(iccid_prefixes, mobile_network_codes);
  if (apn) {
    if (auto e = check_apn(*apn)) errors.push_back(std::move(*e));
  }
  if (!errors.empty()) throw Error::validation(std::move(errors));
  auto tx = store.begin(store::Mode::kWrite);
  const Organisation op = operator_for(*tx, actor, operator_code);
  OperatorProfile profile{op.id, iccid_prefixes, mobile_network_codes, apn};
  tx->operators().put_operator_profile(profile);
  std::string summary = op.name + ": prefixes";
  for (const auto& p : iccid_prefixes) summary += " " + p;
  summary += ", MNC";
  for (const auto& m : mobile_network_codes) summary += " " + m;
  append_audit(*tx, actor, "operator.numbering", "organisation", op.id, summary);
  tx->commit();
  return profile;
}

std::vector<PlanRecord> list_plans(store::Store& store, const Actor& actor) {
  require(actor, Action::kReadStock);
  auto plans = store.begin(store::Mode::kRead)->operators().plans();
  if (actor.role == Role::kOperator) {
    std::erase_if(
        plans, [&](const PlanRecord& p) { return p.operator_id != actor.organisation_id; });
  }
  return plans;
}

}  // namespace relais::app
