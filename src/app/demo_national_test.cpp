// The national demo's generator at a reduced size, on SQLite (and on PostgreSQL when the tests
// have a cluster): what it plans is what the database holds, counters reconcile with the cards,
// every state of every workflow is there, every card went along the chain step by step, and two
// runs give the same data.
#include "app/demo_national.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/demo.hpp"
#include "app/msisdn.hpp"
#include "app/sims.hpp"
#include "core/department.hpp"
#include "core/error.hpp"
#include "core/incident.hpp"
#include "core/operators.hpp"
#include "core/packing.hpp"
#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "core/shipment.hpp"
#include "core/sim_identifiers.hpp"
#include "core/test_error.hpp"
#include "store/store.hpp"
#include "store/test_store.hpp"

namespace relais::app {
namespace {

using testing::Engine;
using testing::TempStore;

constexpr int kAll = 100000;  // a page holding everything at this size

NationalDemoSize small() {
  NationalDemoSize size;
  size.structures = 110;  // more than the 101 departments
  size.associations = 12;
  size.cards = 2000;
  size.requests = 600;
  size.rounds = 6;
  return size;
}

const Sealer& sealer() {
  static const Sealer s = Sealer::with_key({11});
  return s;
}

class NationalDemo : public testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    summary_ = create_national_demo(**db_, sealer(), small(), {}, &counts_);
  }
  DemoSummary summary_;
  NationalDemoCounts counts_;
};

TEST_P(NationalDemo, HoldsWhatWasPlannedWithTheDemoAccounts) {
  EXPECT_EQ(summary_.structures, 110);
  EXPECT_EQ(summary_.organisations,
            7 + 110 + 12);  // partners with 3 operators, structures, associations
  EXPECT_EQ(summary_.sims, 2000);
  EXPECT_EQ(summary_.requests, 600);
  ASSERT_EQ(summary_.accounts.size(), 7u);
  EXPECT_EQ(summary_.accounts[0].email, "coordinator@demo.relais");
  EXPECT_EQ(summary_.accounts[2].organisation, "SFR");
  EXPECT_EQ(summary_.accounts[5].email, "structure@demo.relais");
  EXPECT_EQ(demo_state(db()), DemoState::kNationalDemo);
  // Into an empty database only, whichever demo it is.
  EXPECT_EQ(testing::thrown_by([&] { create_national_demo(db(), sealer(), small()); }).code(), "database_not_empty")
      << "a second national demo went in";
  EXPECT_THROW(create_demo(db(), sealer()), Error);
  // The accounts work, and the coordinator sees a reconciled stock, counted card by card.
  const Actor coordinator = login(db(), "coordinator@demo.relais", kDemoPassword).actor;
  auto stock = stock_summary(db(), coordinator, true);
  EXPECT_TRUE(stock.reconciled);
  EXPECT_EQ(stock.total, 2000);
  EXPECT_EQ(login(db(), "structure@demo.relais", kDemoPassword).actor.role, Role::kStructure);
}

TEST_P(NationalDemo, SpreadsStructuresOverEveryDepartmentAndThreeOperators) {
  auto tx = db().begin(store::Mode::kRead);
  store::OrganisationQuery q;
  q.limit = kAll;
  std::set<std::string> departments_seen, types, names;
  std::map<Role, int> kinds;
  for (const auto& o : tx->accounts().organisations(q).items) {
    ++kinds[o.kind];
    if (o.kind != Role::kStructure) continue;
    ASSERT_TRUE(o.department && find_department(*o.department)) << o.name;
    departments_seen.insert(*o.department);
    types.insert(*o.structure_type);
    EXPECT_TRUE(names.insert(o.name + "|" + *o.commune).second) << o.name;
    EXPECT_GT(o.capacity.value_or(0), 0);
  }
  EXPECT_EQ(departments_seen.size(), departments().size());
  EXPECT_EQ(types.size(), 6u);
  EXPECT_EQ(kinds[Role::kStructure], 110);
  EXPECT_EQ(kinds[Role::kAssociation], 12);
  EXPECT_EQ(kinds[Role::kOperator], 3);
  for (const char* code : {"SFR", "ORANGE", "BOUYGUES"}) {
    auto op = tx->accounts().organisation_by_code(code);
    ASSERT_TRUE(op) << code;
    auto profile = tx->operators().operator_profile(op->id);
    ASSERT_TRUE(profile) << code;
    EXPECT_EQ(profile->iccid_prefixes, find_french_operator(code)->iccid_prefixes);
  }
  EXPECT_EQ(tx->operators().plans().size(), 3u);
  EXPECT_EQ(tx->requests().programmes().size(), 3u);
}

TEST_P(NationalDemo, RequestsAreInEveryStateAsPlanned) {
  auto tx = db().begin(store::Mode::kRead);
  std::map<std::string, std::int64_t> by_state;
  std::int64_t total = 0, allocated = 0;
  for (const auto& [state, n, cards, alloc] : tx->requests().request_counts()) {
    by_state[std::string(request_state_name(state))] = n;
    total += n;
    allocated += alloc;
  }
  EXPECT_EQ(total, 600);
  EXPECT_EQ(by_state, counts_.requests_by_state);
  for (RequestState state : kAllRequestStates) {
    EXPECT_GT(by_state[std::string(request_state_name(state))], 0) << request_state_name(state);
  }
  // The fixed shares: 8% drafts, 11% submitted, 7% endorsed, 14% rejected, 13% cancelled; the
  // rest approved (waiting or allocated), in part or not, or fulfilled.
  EXPECT_EQ(by_state["draft"], 48);
  EXPECT_EQ(by_state["submitted"], 66);
  EXPECT_EQ(by_state["endorsed"], 42);
  EXPECT_EQ(by_state["rejected"], 84);
  EXPECT_EQ(by_state["cancelled"], 78);
  EXPECT_EQ(by_state["approved"] + by_state["partially_approved"] + by_state["fulfilled"], 282);
  EXPECT_EQ(allocated, counts_.cards_allocated);

  store::RequestQuery q;
  q.limit = kAll;
  auto requests = tx->requests().requests(q).items;
  ASSERT_EQ(requests.size(), 600u);
  std::set<std::int64_t> ids, structures;
  int fulfilled_with_cards = 0, fully_delivered = 0;
  for (const auto& r : requests) {
    EXPECT_TRUE(ids.insert(r.id).second);
    structures.insert(r.structure_id);
    // Each request's timeline ends where it is, through allowed transitions only.
    auto events = tx->requests().request_events(r.id);
    ASSERT_FALSE(events.empty());
    std::optional<RequestState> state;  // none before "create"
    for (const auto& e : events) {
      EXPECT_EQ(e.from_state, state) << r.id;
      if (e.transition == "create") {
        EXPECT_EQ(e.to_state, RequestState::kDraft);
      } else if (e.transition == "allocate") {
        EXPECT_TRUE(in_group(e.to_state, kRequestStatesApproved));
      } else {
        ASSERT_TRUE(state) << r.id;
        EXPECT_EQ(next_request_state(*state, e.transition), e.to_state)
            << r.id << " " << e.transition;
      }
      EXPECT_LE(events.front().at, e.at);
      state = e.to_state;
    }
    EXPECT_EQ(state, r.state) << r.id;
    EXPECT_EQ(r.updated_at, events.back().at);
    EXPECT_EQ(r.submitted_at.has_value(), r.state != RequestState::kDraft && events.size() > 1 &&
                                              events[1].transition != "cancel");
    if (r.state == RequestState::kRejected) {
      EXPECT_TRUE(r.decision_reason);
    }
    // The cards set aside for it, wherever they are now, are what it was allocated.
    std::int64_t cards = 0, unsettled = 0, delivered = 0;
    for (SimState s : kAllSimStates) {
      const auto n = tx->cards().count_cards_of_request(r.id, s);
      cards += n;
      if (std::find(kSimStatesUnsettled.begin(), kSimStatesUnsettled.end(), s) !=
          kSimStatesUnsettled.end())
        unsettled += n;
      if (std::find(kSimStatesDelivered.begin(), kSimStatesDelivered.end(), s) !=
          kSimStatesDelivered.end())
        delivered += n;
    }
    EXPECT_EQ(cards, r.allocated.value_or(0)) << r.id;
    if (r.state == RequestState::kFulfilled) {
      // Served: nothing of it on the way (a card may have been lost, sent back or broken since).
      for (SimState s : kSimStatesOnTheWay)
        EXPECT_EQ(tx->cards().count_cards_of_request(r.id, s), 0);
      ++fulfilled_with_cards;
      if (delivered > 0 && unsettled == 0) ++fully_delivered;
    }
    if (r.allocated) {
      EXPECT_LE(*r.allocated, r.approved_quantity.value_or(0));
    }
  }
  EXPECT_GT(fully_delivered, fulfilled_with_cards * 9 / 10);
  // No approved request is left whose cards have all arrived: it would have been fulfilled.
  for (std::int64_t s : structures) {
    EXPECT_TRUE(tx->requests().requests_all_delivered(s).empty()) << s;
  }
}

TEST_P(NationalDemo, CountersReconcileAndEveryCardWentAlongTheChain) {
  auto tx = db().begin(store::Mode::kRead);
  auto counters = tx->cards().state_counts();
  auto counted = tx->cards().counted_states();
  EXPECT_EQ(counters, counted);  // DESIGN.md rule 1, batch by batch and state by state
  std::map<std::string, std::int64_t> by_state;
  for (const auto& c : counted) by_state[std::string(sim_state_name(c.state))] += c.count;
  EXPECT_EQ(by_state, counts_.sims_by_state);
  for (SimState s : kAllSimStates)
    EXPECT_GT(by_state[std::string(sim_state_name(s))], 0) << sim_state_name(s);
  std::int64_t delivered = 0;
  for (const auto& b : tx->operators().batches()) {
    std::int64_t sum = 0;
    for (const auto& c : counted) {
      if (c.batch_id == b.id) sum += c.count;
    }
    EXPECT_EQ(sum, b.quantity) << b.reference;
    delivered += b.quantity;
  }
  EXPECT_EQ(delivered, 2000);

  // Valid and unique identifiers.
  store::SimQuery q;
  q.limit = kAll;
  auto cards = tx->cards().sims(q).items;
  ASSERT_EQ(cards.size(), 2000u);
  std::set<std::string> iccids, msisdns, imsis;
  std::map<std::int64_t, OperatorProfile> profiles;
  std::int64_t in_parcels = 0;
  for (const auto& c : cards) {
    EXPECT_EQ(canonical_iccid(c.iccid), c.iccid);
    EXPECT_TRUE(iccids.insert(c.iccid).second);
    EXPECT_TRUE(msisdns.insert(c.msisdn).second) << c.msisdn;
    EXPECT_EQ(check_french_mobile(c.msisdn).e164, c.msisdn);
    if (!profiles.count(c.operator_id))
      profiles[c.operator_id] = *tx->operators().operator_profile(c.operator_id);
    const auto& profile = profiles[c.operator_id];
    EXPECT_TRUE(iccid_has_prefix(c.iccid, profile.iccid_prefixes)) << c.iccid;
    ASSERT_TRUE(c.imsi);
    EXPECT_EQ(checked_imsi(*c.imsi, profile.mobile_network_codes), c.imsi);
    EXPECT_TRUE(imsis.insert(*c.imsi).second);
    EXPECT_TRUE(c.puk_sealed);
    if (c.packing_order_id) ++in_parcels;
    EXPECT_EQ(c.request_id.has_value(), c.packing_order_id.has_value()) << c.iccid;
    // Held by a structure exactly when it arrived there and stayed.
    const bool at_structure = std::find(kSimStatesDelivered.begin(), kSimStatesDelivered.end(),
                                        c.state) != kSimStatesDelivered.end() ||
                              ((c.state == SimState::kLost || c.state == SimState::kDefective ||
                                c.state == SimState::kTerminated) &&
                               c.holder_id);
    EXPECT_EQ(c.holder_id.has_value(), at_structure) << c.iccid;
    // Its history: named transitions from the stock to where it is.
    auto events = tx->cards().sim_events(c.iccid);
    std::string state = "in_stock";
    for (const auto& e : events) {
      EXPECT_EQ(e.from_state, state) << c.iccid;
      auto to = next_sim_state(*parse_sim_state(state), e.transition);
      ASSERT_TRUE(to) << c.iccid << " " << e.transition << " from " << state;
      EXPECT_EQ(sim_state_name(*to), e.to_state);
      state = e.to_state;
    }
    EXPECT_EQ(state, sim_state_name(c.state)) << c.iccid;
    EXPECT_EQ(events.empty() ? c.updated_at : events.back().at, c.updated_at) << c.iccid;
  }
  EXPECT_EQ(in_parcels, counts_.cards_allocated);
}

TEST_P(NationalDemo, EveryListHasRowsInEveryState) {
  auto tx = db().begin(store::Mode::kRead);
  store::PackingOrderQuery pq;
  pq.limit = kAll;
  auto orders = tx->packing().packing_orders(pq).items;
  EXPECT_EQ(static_cast<std::int64_t>(orders.size()), counts_.packing_orders);
  std::map<PackingOrderState, int> order_states;
  std::set<std::string> tokens;
  std::int64_t cards = 0;
  for (const auto& o : orders) {
    ++order_states[o.state];
    EXPECT_TRUE(tokens.insert(o.delivery_token).second);
    EXPECT_GT(o.total, 0);
    cards += o.total;
    if (o.state == PackingOrderState::kOpen) {
      EXPECT_LT(o.packed, o.total);
      EXPECT_FALSE(o.packed_at);
    } else {
      EXPECT_EQ(o.packed, o.total) << o.id;
      EXPECT_TRUE(o.packed_at);
    }
    EXPECT_EQ(o.shipment_id.has_value(),
              o.state != PackingOrderState::kOpen &&
                  !(o.state == PackingOrderState::kPacked && !o.shipment_id));
    EXPECT_EQ(o.delivered_at.has_value(), o.state == PackingOrderState::kDelivered);
  }
  EXPECT_EQ(cards, counts_.cards_allocated);
  for (PackingOrderState s : kAllPackingOrderStates) {
    EXPECT_GT(order_states[s], 0) << packing_order_state_name(s);
  }

  store::ShipmentQuery sq;
  sq.limit = kAll;
  auto shipments = tx->shipments().shipments(sq).items;
  EXPECT_EQ(static_cast<std::int64_t>(shipments.size()), counts_.shipments);
  std::set<ShipmentState> shipment_states;
  for (const auto& s : shipments) shipment_states.insert(s.state);
  for (ShipmentState s : kAllShipmentStates) {
    EXPECT_TRUE(shipment_states.count(s)) << shipment_state_name(s);
  }

  store::IncidentQuery iq;
  iq.limit = kAll;
  auto incidents = tx->shipments().incidents(iq).items;
  EXPECT_EQ(static_cast<std::int64_t>(incidents.size()), counts_.incidents);
  std::set<std::string> incident_kinds;
  for (const auto& i : incidents) {
    incident_kinds.insert(std::string(incident_kind_name(i.kind)) + " " +
                          std::string(incident_state_name(i.state)) + " " +
                          i.resolution.value_or(""));
    auto card = tx->cards().sim(i.iccid);
    ASSERT_TRUE(card);
    const bool missing = i.kind == IncidentKind::kMissingSim;
    if (missing && i.state == IncidentState::kOpen) {
      EXPECT_EQ(card->state, SimState::kInTransit);
    } else if (missing && i.resolution == "lost") {
      EXPECT_EQ(card->state, SimState::kLost);
    } else if (i.kind == IncidentKind::kUnexpectedSim) {
      EXPECT_EQ(card->state, SimState::kInStock);
    }
  }
  for (const char* k :
       {"missing_sim open ", "missing_sim resolved lost", "missing_sim resolved found",
        "unexpected_sim resolved set_aside", "unexpected_sim open "}) {
    EXPECT_TRUE(incident_kinds.count(k)) << k;
  }

  store::ReferralQuery rq;
  rq.limit = kAll;
  auto referrals = tx->requests().referrals(rq).items;
  EXPECT_EQ(static_cast<std::int64_t>(referrals.size()), counts_.referrals);
  std::set<std::string> pseudonyms, statuses;
  for (const auto& f : referrals) {
    EXPECT_TRUE(pseudonyms.insert(f.pseudonym).second);
    statuses.insert(f.status);
    EXPECT_EQ(f.request_id.has_value(), f.status == "included" || f.status == "served");
    if (f.request_id) {
      auto r = tx->requests().request(*f.request_id);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->structure_id, f.structure_id);
      EXPECT_EQ(f.status == "served", r->state == RequestState::kFulfilled);
    }
  }
  for (auto s : kReferralStatuses) EXPECT_TRUE(statuses.count(std::string(s))) << s;
}

TEST_P(NationalDemo, TheDemoStructureHasSomethingInEveryList) {
  auto tx = db().begin(store::Mode::kRead);
  const auto home = tx->accounts().user_by_email("structure@demo.relais")->organisation_id;
  store::RequestQuery q;
  q.structure_id = home;
  q.limit = kAll;
  std::set<RequestState> states;
  for (const auto& r : tx->requests().requests(q).items) states.insert(r.state);
  for (RequestState s : kAllRequestStates) EXPECT_TRUE(states.count(s)) << request_state_name(s);
  store::PackingOrderQuery pq;
  pq.structure_id = home;
  pq.limit = kAll;
  std::set<PackingOrderState> parcels;
  for (const auto& o : tx->packing().packing_orders(pq).items) parcels.insert(o.state);
  EXPECT_TRUE(parcels.count(PackingOrderState::kOpen));
  EXPECT_TRUE(parcels.count(PackingOrderState::kDelivered));
  store::IncidentQuery iq;
  iq.structure_id = home;
  iq.state = IncidentState::kOpen;
  EXPECT_FALSE(tx->shipments().incidents(iq).items.empty());
  store::ReferralQuery rq;
  rq.structure_id = home;
  rq.limit = kAll;
  std::set<std::string> statuses;
  for (const auto& f : tx->requests().referrals(rq).items) statuses.insert(f.status);
  EXPECT_EQ(statuses.size(), kReferralStatuses.size());
}

TEST_P(NationalDemo, TheAuditLogIsIntactAndSmall) {
  auto check = verify_audit(db());
  EXPECT_FALSE(check.first_broken_id);
  EXPECT_GT(check.checked, 20);
  EXPECT_LT(check.checked, 150);  // one event per step, not per row
}

INSTANTIATE_TEST_SUITE_P(Engines, NationalDemo,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const ::testing::TestParamInfo<Engine>& p) {
                           return std::string(testing::engine_name(p.param));
                         });

// Two runs with the same size give the same data (but for salts, nonces and tokens).
TEST(NationalDemoRuns, AreDeterministic) {
  auto snapshot = [](store::Store& db) {
    auto tx = db.begin(store::Mode::kRead);
    std::vector<std::string> rows;
    store::SimQuery sq;
    sq.limit = kAll;
    for (const auto& c : tx->cards().sims(sq).items) {
      rows.push_back(c.iccid + " " + c.msisdn + " " + std::string(sim_state_name(c.state)) + " " +
                     std::to_string(c.holder_id.value_or(0)) + " " +
                     std::to_string(c.request_id.value_or(0)) + " " +
                     std::to_string(c.packing_order_id.value_or(0)) + " " + c.updated_at);
    }
    store::RequestQuery rq;
    rq.limit = kAll;
    for (const auto& r : tx->requests().requests(rq).items) {
      rows.push_back(std::to_string(r.id) + " " + std::string(request_state_name(r.state)) + " " +
                     std::to_string(r.structure_id) + " " + std::to_string(r.quantity) + " " +
                     r.created_at + " " + r.updated_at);
    }
    store::ReferralQuery fq;
    fq.limit = kAll;
    for (const auto& f : tx->requests().referrals(fq).items) {
      rows.push_back(f.pseudonym + " " + f.status + " " + std::to_string(f.structure_id));
    }
    return rows;
  };
  TempStore a, b;
  NationalDemoSize size = small();
  size.structures = 40;  // fewer than the departments: the first 40 get one each
  create_national_demo(*a, sealer(), size);
  create_national_demo(*b, sealer(), size);
  EXPECT_EQ(snapshot(*a), snapshot(*b));
}

TEST(NationalDemoRuns, RefuseASizeTheyCannotHonour) {
  TempStore db;
  NationalDemoSize size = small();
  size.rounds = 3;
  EXPECT_THROW(create_national_demo(*db, sealer(), size), std::invalid_argument);
  size = small();
  size.cards = 200;  // fewer than the requests are allocated
  EXPECT_THROW(create_national_demo(*db, sealer(), size), std::invalid_argument);
  EXPECT_EQ(demo_state(*db), DemoState::kEmpty);
}

}  // namespace
}  // namespace relais::app
