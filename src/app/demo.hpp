// The demo programme "Connexion d'Urgence (démo)": every kind of organisation, about 120
// hosting structures in real communes, one account per role. Deterministic.
#pragma once

#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "app/store_fwd.hpp"
#include "core/organisation.hpp"

namespace relais::app {

inline constexpr const char* kDemoProgramme = "Connexion d'Urgence (démo)";
// The national-size demo (demo_national.hpp).
inline constexpr const char* kNationalDemoProgramme = "Connexion d'Urgence — national (démo)";
inline constexpr const char* kDemoPassword = "relais-demo";

struct DemoAccount {
  std::string email;
  std::string role;
  std::string organisation;
};

struct DemoSummary {
  int organisations = 0;
  int structures = 0;
  int places = 0;
  std::int64_t sims = 0;
  std::int64_t requests = 0;
  std::vector<DemoAccount> accounts;
};

// What the database holds with respect to the demo: nothing, the demo, the national demo, or
// anything else.
enum class DemoState { kEmpty, kDemo, kNationalDemo, kOtherData };
DemoState demo_state(store::Store& store);

// The seven demo accounts (one per role), as printed for a newcomer.
std::vector<DemoAccount> demo_accounts(store::Store& store);

// Throws database_not_empty (409) when the database already holds data. `sealer` seals the
// demo cards' PUK codes.
// A batch file of SFR cards as the operator sends it (ICCID, number, IMSI, PUK), numbered from
// these: the demo's 2,500 cards by default.
struct DemoNumbering {
  int first_serial = 1200000;       // ICCIDs 89331020 + 10 digits + Luhn
  const char* mobile_prefix = "06";  // then 8 digits
  int first_number = 10000000, number_step = 7;
  int first_imsi = 4400000;
  int seed = 2500;  // of the PUK codes
};
std::string demo_sim_file(int count, const DemoNumbering& numbering);

// `history`: with a second programme's year of history (demo_history), as `relais demo` makes
// it unless asked not to.
DemoSummary create_demo(store::Store& store, const Sealer& sealer, bool history = false);

// A second programme, "Connexion solidaire 2026", that ran from a year ago to now: thousands of
// cards along the whole chain, residents, lines, top-ups and follow-ups (issue 13's results).
void demo_history(store::Store& store, const Sealer& sealer);

// The demo's referrals and requests in every state, with one allocation applied (part of
// create_demo; `home` is the demo structure).
void demo_needs(store::Store& store, const Sealer& sealer, const Organisation& home);

// The demo's parcels in every state (part of demo_needs): the demo structure's open at the
// packing station, `served`'s delivered whole, and `others` (five structures) packed and in a
// prepared shipment, on the road, delivered with a card missing, lost, returned.
// Residents: those who received the demo structure's handed-over cards in 2020 (consents, lines,
// a consent withdrawn), people waiting for a line at two structures, one resident erased.
void demo_residents(store::Store& store, const Sealer& sealer, const Organisation& home,
                    const std::vector<Organisation>& structures,
                    const std::vector<std::int64_t>& referral_ids);
void demo_parcels(store::Store& store, const Organisation& home, const Organisation& served,
                  const std::vector<Organisation>& others);
// Lines in use at the demo structure (demo_lines.cpp): active, ending soon, ended, topped up,
// a top-up waiting for approval and one sent to the operator; lines lost, stolen and defective
// at each step, two replaced (the number kept, and a new line); follow-ups with their uses and
// testimonies; the to-do lists built.
void demo_lines(store::Store& store, const Organisation& home);
// The demo account of `role` at `organisation_id` (or an actor without an account).
Actor demo_actor(store::Store& store, Role role, std::int64_t organisation_id);

}  // namespace relais::app
