// The national-size demo, "Connexion d'Urgence — national (démo)": a programme at the scale of
// the whole reception network, so that lists, filters and the allocation can be tried in the
// browser at that size. By default 3,500 hosting structures in real towns of every department,
// 100 associations, 3 operators (SFR, Orange, Bouygues Telecom) each with its numbering, a plan
// and a programme, 500,000 cards delivered in batches, 150,000 requests in every state of the
// workflow, referrals, and ten allocations already applied whose cards went along the chain:
// parcels packed, shipped, delivered (some short, one shipment lost, one returned), cards
// handed to residents and activated by the operators; the last two allocations are still on
// their way. The seven demo accounts are the default demo's (demo_accounts()).
//
// Written through the store's bulk operations in a few write transactions (one per step: the
// organisations, the cards, the requests and referrals, each allocation and its parcels), with
// one audit event per step, not per row. Deterministic: the same data on every run, but for what
// must be random (password salts, the nonces of sealed PUKs and notes, delivery tokens).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "app/demo.hpp"
#include "app/sealer.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

struct NationalDemoSize {
  int structures = 3500;  // at least one per department when there are 101 or more
  int associations = 100;
  std::int64_t cards = 500000;
  std::int64_t requests = 150000;  // and a sixth as many referrals
  int rounds = 10;  // allocations applied, every four weeks; the last two still on the way
};

// What was made, counted as it was planned (the tests hold the database to it).
struct NationalDemoCounts {
  std::int64_t referrals = 0;
  std::int64_t packing_orders = 0;
  std::int64_t shipments = 0;
  std::int64_t incidents = 0;
  std::int64_t cards_allocated = 0;  // reserved by the allocations, whatever became of them
  std::map<std::string, std::int64_t> requests_by_state;
  std::map<std::string, std::int64_t> sims_by_state;
};

// Builds the national demo in an empty database; throws database_not_empty (409) when it holds
// data, std::invalid_argument for a size it cannot honour (fewer than 5 rounds, 10 structures or
// 200 requests, or too few cards for what the requests are allocated). `progress` hears one
// line per step.
DemoSummary create_national_demo(store::Store& store, const Sealer& sealer,
                                 const NationalDemoSize& size = {},
                                 const std::function<void(const std::string&)>& progress = {},
                                 NationalDemoCounts* counts = nullptr);

}  // namespace relais::app
