// Use cases of the SIM stock: batch import, the stock summary, finding cards, a card's timeline.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "core/disclosure.hpp"
#include "core/plan.hpp"
#include "core/status_report.hpp"
#include "app/store_fwd.hpp"
#include "core/records/cards.hpp"
#include "core/records/page.hpp"

namespace relais::app {

struct SimImportRequest {
  std::string operator_code;
  std::string plan_code;
  std::string reference;
  std::string_view text;
  // When the cards arrived, if not now: a delivery recorded after the fact (the demo's 2020).
  std::optional<std::string> received_at;
};

struct SimImportOutcome {
  BatchRecord batch;
  bool created = false;  // false when the same file (same SHA-256) was imported before
};

// All or nothing: throws import_failed (422) listing every bad line, with nothing stored.
SimImportOutcome import_sim_batch(store::Store& store, const Sealer& sealer, const Actor& actor,
                                  const SimImportRequest& request);

// Counts by state, per plan and per batch, and the reconciliation of each batch: what it
// delivered equals the sum over states (DESIGN.md rule 1). Every count is true; for a reader
// who may not see small groups (the funder), each figure's `Hidden` beside it says whether it
// is shown, small (1 to 4) or hidden so that no small one can be worked out (core/disclosure).
using StateFigures = std::map<std::string, Hidden>;  // state name -> how it is shown
struct StockBatch {
  BatchRecord batch;
  std::map<std::string, std::int64_t> by_state;
  std::int64_t total = 0;
  bool reconciled = false;
  StateFigures by_state_hidden;
  Hidden total_hidden = Hidden::kNo;  // the batch's quantity is told as its total is
};
struct StockSummary {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> by_state;
  std::map<std::string, std::map<std::string, std::int64_t>> by_plan;  // plan code -> state -> n
  std::map<std::string, std::int64_t> plan_totals;                     // plan code -> n
  std::vector<StockBatch> batches;
  bool reconciled = true;
  bool masked = false;  // the reader is the funder
  Hidden total_hidden = Hidden::kNo;
  StateFigures by_state_hidden;
  std::map<std::string, StateFigures> by_plan_hidden;
  std::map<std::string, Hidden> plan_totals_hidden;
};
// `verify` counts the cards themselves instead of reading the counters (slow on a large stock).
StockSummary stock_summary(store::Store& store, const Actor& actor, bool verify = false);

struct SimFilter {
  std::optional<std::string> number, state, plan, batch, holder, limit, cursor;
};
Page<SimRecord> list_sims(store::Store& store, const Actor& actor,
                                        const SimFilter& filter);

struct SimDetail {
  SimRecord sim;
  BatchRecord batch;
  std::vector<SimEventRecord> events;  // oldest first, from the batch's receipt
};
SimDetail get_sim(store::Store& store, const Actor& actor,
                  std::string_view iccid);

// Moves one card through the named transition inside `tx`: its state and holder, the
// counters, and an event (who, when, why, from, to). Throws sim_transition_refused (409).
void move_sim(store::Transaction& tx, const Actor& actor, const SimRecord& sim,
              std::string_view transition, std::optional<std::int64_t> holder,
              const std::string& reason, const std::string& at);

// A transition applied by hand through the API (DESIGN.md rule 2): who may is
// may_apply_sim_transition's answer; an illegal move is sim_transition_refused (409).
// A card returned or restocked goes back to the programme's stock (no holder).
SimDetail apply_sim_transition(store::Store& store, const Actor& actor,
                               std::string_view iccid, const std::string& transition,
                               const std::string& reason);

// An operator's status report: app/lines.hpp.

// The operator's cards handed over to residents and waiting for activation.
std::vector<SimRecord> activation_requests(store::Store& store, const Actor& actor,
                                                  const std::string& operator_code);

// The sealer for the database at `path`, opened through `store` (see Sealer::for_database).
Sealer sealer_for(store::Store& store, const std::string& path);

std::optional<BatchRecord> get_batch(store::Store& store, const Actor& actor,
                                            std::int64_t id);

std::vector<BatchRecord> list_batches(store::Store& store, const Actor& actor);

// The coordinator for any operator, an operator's users for their own. Throws
// validation_failed (422) naming every bad field, or plan_code_taken for a code in use.
PlanRecord create_plan(store::Store& store, const Actor& actor,
                              const std::string& operator_code, const PlanDraft& draft);

// An operator's numbering (issuer prefixes, network codes): read by the coordinator and the
// operator itself, set by the coordinator (for operators Relais does not know, like MVNOs).
OperatorProfile get_numbering(store::Store& store, const Actor& actor,
                                     const std::string& operator_code);
OperatorProfile set_numbering(store::Store& store, const Actor& actor,
                                     const std::string& operator_code,
                                     const std::vector<std::string>& iccid_prefixes,
                                     const std::vector<std::string>& mobile_network_codes,
                                     const std::optional<std::string>& apn);

std::vector<PlanRecord> list_plans(store::Store& store, const Actor& actor);

}  // namespace relais::app
