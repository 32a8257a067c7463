#include "app/demo_national.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_set>
#include <utility>
#include <vector>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/demo_data.hpp"
#include "core/department.hpp"
#include "core/error.hpp"
#include "core/incident.hpp"
#include "core/needs.hpp"
#include "core/operators.hpp"
#include "core/packing.hpp"
#include "core/referral.hpp"
#include "core/request_lifecycle.hpp"
#include "core/shipment.hpp"
#include "core/sim_identifiers.hpp"
#include "core/sim_lifecycle.hpp"
#include "store/store.hpp"

namespace relais::app {

using namespace demo_data;

namespace {

// ---- The calendar: seconds since the programme opened, Monday 6 January 2025 at 00:00 UTC.
// The data stops on day 300 (Sunday 2 November 2025) at 18:00; the last allocation was two
// days before, the one before it ten days before, the others every four weeks back.

constexpr std::int64_t kMinute = 60, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr int kNowDay = 300;
constexpr std::int64_t kNow = kNowDay * kDay + 18 * kHour;
constexpr int kPlanValidityDays = 90;

std::string iso(std::int64_t t) {
  using namespace std::chrono;
  return iso_utc(Clock::time_point(sys_days(year{2025} / January / 6)) + seconds(t));
}

std::string iso_date(std::int64_t t) { return iso(t).substr(0, 10); }

// A moment of office hours (08:00-18:00) on `day`.
std::int64_t office(Rng& rng, int day) { return day * kDay + 8 * kHour + rng.below64(10 * kHour); }

// A moment between `lo` and `hi` after `t`.
std::int64_t later(Rng& rng, std::int64_t t, std::int64_t lo, std::int64_t hi) {
  return t + lo + rng.below64(hi - lo + 1);
}

// ---- The operators, each with its numbering (core/operators.cpp), a plan and a programme.

struct OperatorSeed {
  const char* code;
  const char* name;
  const char* address;
  const char* postcode;
  const char* commune;
  const char* department;
  const char* plan_name;
  int data_gb;
  int unit_cost_cents;
  const char* programme_code;  // also the plan's code
  const char* programme_name;
  const char* msisdn_prefix;  // E.164, then seven digits
  int weight;                 // percent of the requests
};

constexpr std::array<OperatorSeed, 3> kOperators = {{
    {"SFR", "SFR", "16 rue du Général Alain de Boissieu", "75015", "Paris", "75",
     "Connexion d'Urgence national — appels, SMS et 10 Go", 10, 1000, "CUN-SFR",
     "Connexion d'Urgence national — SFR", "+3361", 45},
    {"ORANGE", "Orange", "111 quai du Président Roosevelt", "92130", "Issy-les-Moulineaux", "92",
     "Connexion d'Urgence national — appels, SMS et 20 Go", 20, 1200, "CUN-ORANGE",
     "Connexion d'Urgence national — Orange", "+3367", 35},
    {"BOUYGUES", "Bouygues Telecom", "13-15 avenue du Maréchal Juin", "92360", "Meudon", "92",
     "Connexion d'Urgence national — appels, SMS et 15 Go", 15, 1100, "CUN-BOUYGUES",
     "Connexion d'Urgence national — Bouygues Telecom", "+3375", 20},
}};
constexpr int kSfr = 0, kOrange = 1, kBouygues = 2;
constexpr std::int64_t kBatchSize = 50000;
constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

// ---- What the requests and referrals say.

constexpr std::array<int, 8> kQuantityWeights = {65, 19, 7, 4, 2, 1, 1, 1};  // 1 to 8 cards
constexpr std::array<const char*, 15> kLanguages = {"ar", "prs", "ps", "ti", "so", "ru", "uk", "ka",
                                                    "sq", "en",  "bn", "ur", "tr", "es", "pt"};
constexpr std::array<const char*, 8> kComments = {
    "Nouvelles arrivées prévues en fin de mois.",
    "Beaucoup de familles avec enfants.",
    "Plusieurs jeunes majeurs en recherche d'emploi.",
    "Résidents inscrits en cours de français.",
    "Besoin urgent : plusieurs personnes sans téléphone.",
    "Familles réinstallées cette semaine.",
    "Pour les cours de français à distance.",
    "Résidents isolés, loin de la ville."};
constexpr std::array<const char*, 4> kRejections = {
    "Structure déjà équipée par un autre programme.",
    "Demande en double avec une demande précédente.", "Public hors du champ du programme.",
    "Capacité de la structure dépassée."};
constexpr std::array<const char*, 3> kPartialReasons = {
    "La moitié de la demande en attendant la prochaine livraison.",
    "Une partie des résidents est déjà équipée.",
    "Répartition équitable entre les structures du département."};
constexpr std::array<const char*, 4> kCancellations = {
    "Besoin couvert par la mairie.", "Résidents orientés vers une autre structure.",
    "Demande saisie par erreur.", "Besoin couvert par un don de téléphones."};
constexpr std::array<const char*, 5> kNotes = {
    "Joignable le matin.", "Préfère un rendez-vous avec interprète.", "Famille arrivée récemment.",
    "Cherche une formation en cuisine.", "Suit des cours de français le soir."};
constexpr std::array<const char*, 6> kAssociationKinds = {
    "Collectif d'accueil", "Entraide exilés",     "Réseau solidaire",
    "Accueil et partage",  "Solidarité réfugiés", "Maison des solidarités"};

// ---- The plan, made in memory before anything is written.

enum class Fate {
  kDraft,
  kSubmitted,
  kEndorsed,
  kApproved,
  kPartial,
  kRejected,
  kCancelled,
  kAllocated
};
// Percent of the requests in each fate but kAllocated, which takes the rest.
constexpr std::array<std::pair<Fate, int>, 7> kFateShares = {{{Fate::kDraft, 8},
                                                              {Fate::kSubmitted, 11},
                                                              {Fate::kEndorsed, 7},
                                                              {Fate::kApproved, 16},
                                                              {Fate::kPartial, 4},
                                                              {Fate::kRejected, 14},
                                                              {Fate::kCancelled, 13}}};
// Per mille of the decided requests the liaison endorsed first (optional for the coordinator).
constexpr int kEndorsed = 300;

struct PlannedRequest {
  Fate fate = Fate::kDraft;
  int structure = 0;
  int programme = 0;
  int quantity = 1;
  int approved = 0;   // approved_quantity, 0 when not decided
  int allocated = 0;  // cards reserved for it
  int round = -1;     // the allocation that served it
  int order = -1;     // its parcel
  bool partial_by_hand = false;
  NeedCounts needs;
  std::vector<std::string> languages;
  std::string comment;
  std::string reason;          // of a rejection, a partial approval or a cancellation
  RequestState cancelled_from = RequestState::kDraft;  // the state a cancelled request left
  std::int64_t created = 0, submitted = -1, endorsed = -1, decided = -1, cancelled = -1,
               fulfilled = -1;
  RequestState state = RequestState::kDraft;  // where it ends
  int referrals = 0;
  std::int64_t id = 0;
};

// What became of a parcel by the time the data stops.
enum class Parcel { kOpen, kPacking, kPacked, kPrepared, kShipped, kDelivered, kLost, kReturned };
// A card of it the structure did not find: the incident still open, or resolved.
enum class Missing { kNone, kOpen, kLost, kFound };

struct PlannedOrder {
  int round = 0;
  int structure = 0;
  std::vector<int> requests;
  std::int64_t cards = 0;
  Parcel outcome = Parcel::kOpen;
  Missing missing = Missing::kNone;
  int missing_request = -1;  // whose first card is missing
  bool unexpected = false;   // a card of the stock turned up in it
  int shipment = -1;
  std::int64_t packed = -1, delivered = -1, resolved = -1;
  std::int64_t id = 0;
};

struct PlannedShipment {
  int round = 0;
  std::string carrier;
  std::string tracking;
  std::vector<int> orders;
  ShipmentState state = ShipmentState::kPrepared;
  std::int64_t created = 0, shipped = -1, closed = -1;
  std::int64_t id = 0;
};

struct PlannedReferral {
  int structure = 0;
  int association = 0;
  int request = -1;
  std::string status;
  std::int64_t created = 0, updated = 0;
};

struct Person {
  std::string email;
  std::optional<std::int64_t> user;
};

struct CardMove {
  std::string transition;
  std::int64_t at;
  const Person* who;
  std::string reason;
};

class NationalDemo {
 public:
  NationalDemo(store::Store& store, const Sealer& sealer, const NationalDemoSize& size,
               const std::function<void(const std::string&)>& progress)
      : store_(store), sealer_(sealer), size_(size), progress_(progress), rng_(2025) {}

  DemoSummary run(NationalDemoCounts* counts) {
    started_ = std::chrono::steady_clock::now();
    plan_calendar();
    plan_structures();
    plan_requests();
    plan_parcels();
    settle_requests();
    plan_referrals();
    plan_cards();
    write_organisations();
    write_cards();
    write_requests();
    for (int r = 0; r < size_.rounds; ++r) write_round(r);
    finish();
    if (counts) *counts = counts_;
    return summary_;
  }

 private:
  // ---- Planning.

  void plan_calendar() {
    const int rounds = size_.rounds;
    round_day_.assign(rounds, 0);
    round_day_[rounds - 1] = kNowDay - 2;
    round_day_[rounds - 2] = kNowDay - 10;
    for (int r = rounds - 3; r >= 0; --r) round_day_[r] = round_day_[r + 1] - 28;
  }

  std::int64_t allocation_at(int r) const {
    return round_day_[r] * kDay + 10 * kHour + r * kMinute;
  }

  void plan_structures() {
    all_towns_ = towns();
    std::map<std::string, std::vector<const Commune*>> by_department;
    std::vector<const Commune*> everywhere;
    for (const auto& c : all_towns_) {
      if (!find_department(c.department)) continue;
      by_department[c.department].push_back(&c);
      everywhere.push_back(&c);
    }
    // One structure in every department first, then where people live.
    std::vector<const Commune*> sites;
    for (const auto& d : departments()) {
      if (static_cast<int>(sites.size()) >= size_.structures) break;
      auto it = by_department.find(d.code);
      if (it == by_department.end()) {
        throw Error(ErrorKind::kInternal, "internal_error", {"no town in department " + d.code});
      }
      sites.push_back(&pick_weighted(it->second, rng_));
    }
    // Cumulative populations: thousands of picks among 1,350 towns.
    std::vector<std::int64_t> cumulative;
    std::int64_t total = 0;
    for (auto* c : everywhere) cumulative.push_back(total += c->population);
    while (static_cast<int>(sites.size()) < size_.structures) {
      auto target = rng_.below64(total);
      auto at = std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin();
      sites.push_back(everywhere[static_cast<std::size_t>(at)]);
    }
    std::set<std::pair<std::string, std::string>> names;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const Commune* site = sites[i];
      // The demo account's structure is a CADA, as in the default demo.
      const TypeMix& mix = i == 0 ? kTypes[1] : pick_type(rng_);
      Organisation o;
      o.kind = Role::kStructure;
      o.structure_type = mix.type;
      o.capacity = rng_.between(mix.min_places, mix.max_places);
      const std::string label =
          std::string(mix.type) == "other" ? "Centre d'hébergement" : mix.type;
      const std::string base =
          label + " " + kManagers[rng_.below(kManagers.size())] + " " + site->name;
      o.name = base;
      for (int n = 2; names.count({o.name, site->name}); ++n)
        o.name = base + " " + std::to_string(n);
      names.insert({o.name, site->name});
      o.address =
          std::to_string(rng_.between(1, 180)) + " " + kStreets[rng_.below(kStreets.size())];
      o.postcode = site->postcode;
      o.commune = site->name;
      o.department = site->department;
      structures_.push_back(std::move(o));
      capacity_total_ += *structures_.back().capacity;
      capacity_cumulative_.push_back(capacity_total_);
    }
    // Associations: the default demo's, then one in a town of each department in turn.
    std::set<std::string> taken;
    for (int i = 0; i < size_.associations; ++i) {
      Organisation o;
      o.kind = Role::kAssociation;
      if (i < static_cast<int>(kAssociations.size())) {
        const auto& a = kAssociations[i];
        o.name = a.name;
        o.postcode = a.postcode;
        o.commune = a.commune;
        o.department = a.department;
      } else {
        const auto& d = departments()[static_cast<std::size_t>(i) % departments().size()];
        const Commune& town = pick_weighted(by_department.at(d.code), rng_);
        std::string base =
            std::string(kAssociationKinds[rng_.below(kAssociationKinds.size())]) + " " + town.name;
        o.name = base;
        for (int n = 2; taken.count(o.name); ++n) o.name = base + " " + std::to_string(n);
        o.postcode = town.postcode;
        o.commune = town.name;
        o.department = town.department;
      }
      taken.insert(o.name);
      associations_.push_back(std::move(o));
    }
  }

  int some_structure() {
    auto target = rng_.below64(capacity_total_);
    return static_cast<int>(
        std::upper_bound(capacity_cumulative_.begin(), capacity_cumulative_.end(), target) -
        capacity_cumulative_.begin());
  }

  int some_quantity() {
    int roll = rng_.below(100);
    for (std::size_t q = 0; q < kQuantityWeights.size(); ++q) {
      if (roll < kQuantityWeights[q]) return static_cast<int>(q) + 1;
      roll -= kQuantityWeights[q];
    }
    return 1;
  }

  int some_programme() {
    int roll = rng_.below(100);
    for (int p = 0; p < 3; ++p) {
      if (roll < kOperators[p].weight) return p;
      roll -= kOperators[p].weight;
    }
    return 0;
  }

  // Needs (people per need), leaflet languages and a comment, as a structure writes them.
  void fill_content(PlannedRequest& q) {
    q.needs.clear();
    q.needs.emplace_back("keep_in_touch", q.quantity);
    std::set<std::string_view> chosen = {"keep_in_touch"};
    const int more = rng_.below(3);
    for (int i = 0; i < more; ++i) {
      std::string_view need = kNeeds[1 + rng_.below(kNeeds.size() - 1)];
      if (!chosen.insert(need).second) continue;
      q.needs.emplace_back(std::string(need), 1 + rng_.below(q.quantity + 1));
    }
    q.languages = {"fr"};
    const int spoken = 1 + rng_.below(2);
    for (int i = 0; i < spoken; ++i) {
      std::string code = kLanguages[rng_.below(kLanguages.size())];
      if (std::find(q.languages.begin(), q.languages.end(), code) == q.languages.end())
        q.languages.push_back(code);
    }
    q.comment = rng_.chance(150) ? kComments[rng_.below(kComments.size())] : "";
  }

  void plan_requests() {
    const std::int64_t n = size_.requests;
    std::vector<Fate> fates;
    std::int64_t others = 0;
    for (const auto& [fate, percent] : kFateShares) {
      const std::int64_t count = n * percent / 100;
      others += count;
      fates.insert(fates.end(), static_cast<std::size_t>(count), fate);
    }
    const std::int64_t allocated = n - others;
    fates.insert(fates.end(), static_cast<std::size_t>(allocated), Fate::kAllocated);
    requests_.reserve(fates.size());
    const int rounds = size_.rounds;
    std::int64_t allocated_seen = 0;
    std::optional<Fate> previous;
    for (Fate fate : fates) {
      PlannedRequest q;
      q.fate = fate;
      q.programme = some_programme();
      q.quantity = some_quantity();
      q.structure = some_structure();
      // The first request of each fate (and of three allocations) is the demo structure's.
      bool home = previous != fate;
      previous = fate;
      if (fate == Fate::kAllocated) {
        // Allocations share the allocated requests evenly, in order.
        q.round = static_cast<int>(allocated_seen * rounds / allocated);
        const std::int64_t first_of_round =
            (static_cast<std::int64_t>(q.round) * allocated + rounds - 1) / rounds;
        home = allocated_seen == first_of_round && (q.round == 0 || q.round >= rounds - 2);
        ++allocated_seen;
      }
      if (home) {
        q.structure = 0;
        q.quantity = std::max(q.quantity, 2);
      }
      fill_content(q);
      plan_timeline(q);
      requests_.push_back(std::move(q));
    }
  }

  void plan_timeline(PlannedRequest& q) {
    auto submit_chain = [&](std::int64_t created, bool endorse) {
      q.created = created;
      q.submitted = later(rng_, q.created, 10 * kMinute, kDay);
      if (endorse) q.endorsed = later(rng_, q.submitted, 2 * kHour, kDay + 12 * kHour);
    };
    auto last = [&] { return q.endorsed >= 0 ? q.endorsed : q.submitted; };
    switch (q.fate) {
      case Fate::kDraft:
        q.created = office(rng_, rng_.between(kNowDay - 30, kNowDay - 1));
        q.state = RequestState::kDraft;
        break;
      case Fate::kSubmitted:
      case Fate::kEndorsed:
        submit_chain(office(rng_, rng_.between(kNowDay - 25, kNowDay - 3)),
                     q.fate == Fate::kEndorsed);
        q.state = q.fate == Fate::kEndorsed ? RequestState::kEndorsed : RequestState::kSubmitted;
        break;
      case Fate::kApproved:
      case Fate::kPartial: {
        // Decided after the last allocation, so that the next one has them to serve.
        const std::int64_t after = allocation_at(size_.rounds - 1) + kHour;
        q.decided = after + rng_.below64(kNow - after - kHour);
        const bool endorse = rng_.chance(kEndorsed);
        if (endorse) q.endorsed = q.decided - 2 * kHour - rng_.below64(kDay);
        q.submitted = (endorse ? q.endorsed : q.decided) - 2 * kHour - rng_.below64(kDay);
        q.created = q.submitted - 10 * kMinute - rng_.below64(kDay);
        decide(q, q.fate == Fate::kPartial);
        q.state =
            q.fate == Fate::kPartial ? RequestState::kPartiallyApproved : RequestState::kApproved;
        break;
      }
      case Fate::kRejected:
        submit_chain(office(rng_, rng_.between(10, kNowDay - 8)), rng_.chance(kEndorsed));
        q.decided = later(rng_, last(), 2 * kHour, kDay + 12 * kHour);
        q.reason = kRejections[rng_.below(kRejections.size())];
        q.state = RequestState::kRejected;
        break;
      case Fate::kCancelled: {
        const int from = rng_.below(10);  // half drafts, then submitted, then endorsed
        if (from < 5) {
          q.created = office(rng_, rng_.between(10, kNowDay - 8));
          q.cancelled_from = RequestState::kDraft;
        } else {
          submit_chain(office(rng_, rng_.between(10, kNowDay - 8)), from >= 8);
          q.cancelled_from = from >= 8 ? RequestState::kEndorsed : RequestState::kSubmitted;
        }
        q.cancelled = later(rng_, q.submitted >= 0 ? last() : q.created, kHour, 3 * kDay);
        q.reason = kCancellations[rng_.below(kCancellations.size())];
        q.state = RequestState::kCancelled;
        break;
      }
      case Fate::kAllocated: {
        const int r = q.round;
        const int lo = r == 0 ? round_day_[0] - 40 : round_day_[r - 1] + 1;
        const int hi = round_day_[r] - 5;
        submit_chain(office(rng_, rng_.between(lo, hi)), rng_.chance(kEndorsed));
        q.decided = later(rng_, last(), 2 * kHour, kDay + 12 * kHour);
        decide(q, q.structure != 0 && q.quantity >= 2 && rng_.chance(50));
        // Early allocations were short of cards: some requests got less than approved.
        q.allocated = q.approved;
        if (r < 2 && q.approved >= 2 && rng_.chance(150))
          q.allocated = rng_.between(1, q.approved - 1);
        break;
      }
    }
  }

  void decide(PlannedRequest& q, bool partially) {
    q.approved = q.quantity;
    if (partially) {
      q.quantity = std::max(q.quantity, 2);
      q.approved = rng_.between(1, q.quantity - 1);
      q.partial_by_hand = true;
      q.reason = kPartialReasons[rng_.below(kPartialReasons.size())];
    }
  }

  void plan_parcels() {
    const int rounds = size_.rounds;
    // One parcel per structure and allocation, with its requests of that allocation.
    std::vector<std::map<int, int>> order_of(rounds);  // structure -> order, per round
    for (const auto& q : requests_) {
      if (q.fate == Fate::kAllocated) order_of[q.round].emplace(q.structure, -1);
    }
    for (int r = 0; r < rounds; ++r) {
      for (auto& [structure, index] : order_of[r]) {
        index = static_cast<int>(orders_.size());
        PlannedOrder o;
        o.round = r;
        o.structure = structure;
        orders_.push_back(std::move(o));
      }
    }
    for (std::size_t i = 0; i < requests_.size(); ++i) {
      PlannedRequest& q = requests_[i];
      if (q.fate != Fate::kAllocated) continue;
      q.order = order_of[q.round].at(q.structure);
      orders_[q.order].requests.push_back(static_cast<int>(i));
      orders_[q.order].cards += q.allocated;
    }
    round_orders_.assign(rounds, {});
    for (std::size_t j = 0; j < orders_.size(); ++j) {
      round_orders_[orders_[j].round].push_back(static_cast<int>(j));
    }
    for (int r = 0; r < rounds; ++r) plan_round(r);
  }

  // The request of a parcel that can lose a card and still have one delivered.
  int request_for_missing(const PlannedOrder& o) const {
    for (int q : o.requests) {
      if (requests_[q].allocated >= 2) return q;
    }
    return -1;
  }

  void plan_round(int r) {
    const int rounds = size_.rounds;
    const int day = round_day_[r];
    const bool latest = r == rounds - 1, on_the_road = r == rounds - 2;
    auto& ids = round_orders_[r];
    // Packing, a day after the allocation, parcel after parcel.
    const std::int64_t pack_from =
        latest ? (day + 1) * kDay + 10 * kHour : (day + 2) * kDay + 8 * kHour;
    const std::int64_t pack_span = latest ? 26 * kHour : kDay;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      PlannedOrder& o = orders_[ids[k]];
      if (latest) {
        const int roll = rng_.below(100);
        o.outcome = roll < 40   ? Parcel::kOpen
                    : roll < 50 ? Parcel::kPacking
                    : roll < 75 ? Parcel::kPacked
                    : roll < 90 ? Parcel::kPrepared
                                : Parcel::kShipped;
        if (o.structure == 0) o.outcome = Parcel::kOpen;  // waits at the station
        if (o.outcome == Parcel::kPacking && o.cards < 2) o.outcome = Parcel::kOpen;
      } else {
        o.outcome = Parcel::kDelivered;
      }
      if (o.outcome != Parcel::kOpen) {
        o.packed = pack_from +
                   static_cast<std::int64_t>(k) * pack_span / static_cast<std::int64_t>(ids.size());
      }
    }
    // Shipments: a carrier's round of a department, a dozen parcels at most.
    constexpr std::size_t kParcelsPerShipment = 12;
    std::map<std::string, std::vector<int>> by_department;
    for (int j : ids) {
      const PlannedOrder& o = orders_[j];
      if (o.outcome == Parcel::kOpen || o.outcome == Parcel::kPacking ||
          o.outcome == Parcel::kPacked) {
        continue;
      }
      // In the latest allocation, prepared and shipped parcels go in shipments of their own.
      by_department[*structures_[o.structure].department +
                    (o.outcome == Parcel::kPrepared ? "p" : "s")]
          .push_back(j);
    }
    const std::int64_t shipped_at =
        latest ? (day + 2) * kDay + 16 * kHour : (day + 4) * kDay + 9 * kHour;
    const std::int64_t created_at =
        latest ? (day + 2) * kDay + 14 * kHour : (day + 3) * kDay + 14 * kHour;
    std::vector<int> round_shipments;
    for (auto& [key, parcels] : by_department) {
      const std::string region = find_department(key.substr(0, key.size() - 1))->region_code;
      const bool prepared = key.back() == 'p';
      for (std::size_t from = 0; from < parcels.size(); from += kParcelsPerShipment) {
        PlannedShipment s;
        s.round = r;
        s.carrier = region.size() == 2 && region[0] == '0' ? "DHL"
                    : region == "11"                       ? "CHRONOPOST"
                                                           : "COLISSIMO";
        s.tracking = tracking_number(s.carrier);
        s.created = created_at + static_cast<std::int64_t>(shipments_.size() % 60) * kMinute;
        s.state = prepared ? ShipmentState::kPrepared : ShipmentState::kShipped;
        if (!prepared)
          s.shipped = shipped_at + static_cast<std::int64_t>(shipments_.size() % 60) * kMinute;
        for (std::size_t k = from; k < std::min(parcels.size(), from + kParcelsPerShipment); ++k) {
          s.orders.push_back(parcels[k]);
          orders_[parcels[k]].shipment = static_cast<int>(shipments_.size());
        }
        round_shipments.push_back(static_cast<int>(shipments_.size()));
        shipments_.push_back(std::move(s));
      }
    }
    // One shipment lost by the carrier, one returned to the sender: the first of their round
    // with a few parcels (else the largest).
    const bool lose = r == rounds - 5, send_back = r == rounds - 4;
    if ((lose || send_back) && !round_shipments.empty()) {
      int chosen = round_shipments.front();
      for (int s : round_shipments) {
        if (shipments_[chosen].orders.size() >= 3) break;
        if (shipments_[s].orders.size() > shipments_[chosen].orders.size()) chosen = s;
      }
      PlannedShipment& s = shipments_[chosen];
      s.state = lose ? ShipmentState::kLost : ShipmentState::kReturned;
      s.closed = lose ? (day + 14) * kDay + 11 * kHour : (day + 11) * kDay + 15 * kHour;
      for (int j : s.orders) orders_[j].outcome = lose ? Parcel::kLost : Parcel::kReturned;
    }
    if (latest) return;
    // Deliveries, confirmed by the structures from the sixth day; in the allocation before the
    // latest, three parcels in ten are still on the road.
    for (int j : ids) {
      PlannedOrder& o = orders_[j];
      if (o.outcome != Parcel::kDelivered) continue;
      if (on_the_road && o.structure != 0 && rng_.chance(300)) {
        o.outcome = Parcel::kShipped;
        continue;
      }
      o.delivered = office(rng_, day + 6 + rng_.below(4));
      // Short parcels: a card not found, an incident the coordinator resolved (or not yet);
      // a card of the stock slipped in by mistake. One of each kind at least, whatever the size.
      o.missing_request = request_for_missing(o);
      if (o.missing_request >= 0) {
        if (on_the_road) {
          if (o.structure == 0 || rng_.chance(25)) o.missing = Missing::kOpen;
        } else if (!made_lost_) {
          o.missing = Missing::kLost;
          made_lost_ = true;
        } else if (!made_found_) {
          o.missing = Missing::kFound;
          made_found_ = true;
        } else if (rng_.chance(7)) {
          o.missing = rng_.chance(600) ? Missing::kLost : Missing::kFound;
        }
      }
      if (o.missing == Missing::kNone) o.missing_request = -1;
      if (o.missing == Missing::kLost || o.missing == Missing::kFound) {
        o.resolved = later(rng_, o.delivered, 2 * kDay, 8 * kDay);
      }
      bool& made = on_the_road ? made_unexpected_open_ : made_set_aside_;
      if ((!made && o.structure != 0) || rng_.chance(on_the_road ? 12 : 3)) {
        made = true;
        o.unexpected = true;
        if (!on_the_road)
          o.resolved = std::max(o.resolved, later(rng_, o.delivered, kDay, 5 * kDay));
      }
    }
    for (int s : round_shipments) {
      PlannedShipment& h = shipments_[s];
      if (!shipment_delivery().leaves(h.state)) continue;
      std::int64_t last = 0;
      bool all = true;
      for (int j : h.orders) {
        all = all && orders_[j].outcome == Parcel::kDelivered;
        last = std::max(last, orders_[j].delivered);
      }
      if (all) {
        h.state = shipment_delivery().to;
        h.closed = last;
      }
    }
  }

  std::string tracking_number(const std::string& carrier) {
    char buf[32];
    if (carrier == "COLISSIMO") {
      std::snprintf(buf, sizeof buf, "6A%011lld",
                    static_cast<long long>(rng_.below64(100000000000LL)));
    } else if (carrier == "CHRONOPOST") {
      std::snprintf(buf, sizeof buf, "%c%c%09lldFR", 'A' + rng_.below(26), 'A' + rng_.below(26),
                    static_cast<long long>(rng_.below64(1000000000LL)));
    } else {
      std::snprintf(buf, sizeof buf, "%010lld",
                    static_cast<long long>(rng_.below64(10000000000LL)));
    }
    return buf;
  }

  // Where each allocated request ends: fulfilled once every card of it arrived (one at least),
  // else still approved, wholly or in part, with its cards on the way, lost or sent back.
  void settle_requests() {
    for (auto& q : requests_) {
      if (q.fate != Fate::kAllocated) continue;
      q.state = q.partial_by_hand || q.allocated < q.approved ? RequestState::kPartiallyApproved
                                                              : RequestState::kApproved;
      const PlannedOrder& o = orders_[q.order];
      if (o.outcome != Parcel::kDelivered) continue;
      const bool short_here = o.missing_request == static_cast<int>(&q - requests_.data());
      if (short_here && o.missing == Missing::kOpen) continue;
      q.fulfilled = short_here ? o.resolved : o.delivered;
      q.state = RequestState::kFulfilled;
    }
  }

  void plan_referrals() {
    const std::int64_t n = size_.requests / 6;
    std::vector<int> served_pool, included_pool;
    for (std::size_t i = 0; i < requests_.size(); ++i) {
      const auto& q = requests_[i];
      if (q.state == RequestState::kFulfilled) {
        served_pool.push_back(static_cast<int>(i));
      } else if (q.state != RequestState::kRejected && q.state != RequestState::kCancelled) {
        included_pool.push_back(static_cast<int>(i));
      }
    }
    // The demo structure's first request of a kind, for its own referrals.
    auto home_request = [&](const std::vector<int>& pool) {
      for (int i : pool) {
        if (requests_[i].structure == 0 && requests_[i].referrals < requests_[i].quantity) return i;
      }
      return pool.front();
    };
    const std::array<std::pair<const char*, int>, 4> shares = {
        {{"served", 45}, {"included", 20}, {"open", 25}, {"closed", 10}}};
    for (const auto& [status, percent] : shares) {
      const std::int64_t count = n * percent / 100;
      const std::string s = status;
      for (std::int64_t k = 0; k < count; ++k) {
        PlannedReferral f;
        f.status = s;
        // The first two of each status: Each One's, to the demo structure.
        const bool home = k < 2;
        f.association =
            home || rng_.chance(150) ? 0 : rng_.below(static_cast<int>(associations_.size()));
        if (s == "served" || s == "included") {
          const auto& pool = s == "served" ? served_pool : included_pool;
          if (pool.empty()) continue;
          int pick = home ? home_request(pool)
                          : pool[rng_.below64(static_cast<std::int64_t>(pool.size()))];
          for (int tries = 0; tries < 20 && requests_[pick].referrals >= requests_[pick].quantity;
               ++tries) {
            pick = pool[rng_.below64(static_cast<std::int64_t>(pool.size()))];
          }
          PlannedRequest& q = requests_[pick];
          if (q.referrals >= q.quantity) continue;
          ++q.referrals;
          f.request = pick;
          f.structure = q.structure;
          f.created = std::max<std::int64_t>(kHour, q.created - kHour - rng_.below64(20 * kDay));
          f.updated = s == "served" ? q.fulfilled : q.created;
        } else {
          f.structure = home ? 0 : some_structure();
          if (s == "open") {
            f.created = office(rng_, rng_.between(kNowDay - 60, kNowDay - 1));
            f.updated = f.created;
          } else {
            f.created = office(rng_, rng_.between(10, kNowDay - 20));
            f.updated = later(rng_, f.created, 3 * kDay, 14 * kDay);
          }
        }
        referrals_.push_back(std::move(f));
      }
    }
    std::stable_sort(referrals_.begin(), referrals_.end(),
                     [](const auto& a, const auto& b) { return a.created < b.created; });
  }

  // How many cards each operator delivered: what its requests were allocated, then for
  // Bouygues Telecom only half of what its approved requests wait for (the next allocation
  // has to share it), for the others plenty.
  void plan_cards() {
    std::array<std::int64_t, 3> allocated{}, waiting{};
    for (const auto& q : requests_) {
      if (q.fate == Fate::kAllocated) allocated[q.programme] += q.allocated;
      if (q.fate == Fate::kApproved || q.fate == Fate::kPartial) waiting[q.programme] += q.approved;
    }
    for (const auto& o : orders_) {
      if (o.unexpected) ++unexpected_cards_;
    }
    defective_cards_ = std::max<std::int64_t>(3, size_.cards / 5000);
    cards_[kBouygues] = allocated[kBouygues] + std::max<std::int64_t>(1, waiting[kBouygues] / 2);
    const std::int64_t rest = size_.cards - cards_[kBouygues];
    cards_[kSfr] = rest * 55 / 100;
    cards_[kOrange] = rest - cards_[kSfr];
    const std::array<std::int64_t, 3> spare = {unexpected_cards_, defective_cards_, 0};
    for (int p : {kSfr, kOrange}) {
      if (cards_[p] < allocated[p] + waiting[p] + spare[p] + 10) {
        throw std::invalid_argument("too few cards for the requests: " +
                                    std::to_string(size_.cards));
      }
    }
    for (int p = 0; p < 3; ++p) {
      counts_.cards_allocated += allocated[p];
      batches_[p] = std::max<std::int64_t>(1, (cards_[p] + kBatchSize - 1) / kBatchSize);
    }
  }

  // ---- Writing.

  void say(const std::string& what) {
    if (!progress_) return;
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%.1f s)", s);
    progress_(what + buf);
  }

  void write_organisations() {
    const std::vector<std::string> hashes = demo_password_hashes();
    const Actor system = Actor::system();
    const std::string opened = iso(-20 * kDay + 9 * kHour);
    auto tx = store_.begin(store::Mode::kWrite);
    if (tx->holds_data()) throw Error(ErrorKind::kConflict, "database_not_empty");
    append_audit(*tx, system, "programme.create", "programme", std::nullopt,
                 kNationalDemoProgramme);
    auto insert = [&](Organisation& o) {
      o.created_at = o.updated_at = opened;
      o.id = tx->accounts().insert_organisation(o);
      ++summary_.organisations;
    };
    auto partner = [&](Role kind, const char* name, const char* code, const char* address,
                       const char* postcode, const char* commune, const char* department) {
      Organisation o;
      o.kind = kind;
      o.name = name;
      if (code) o.code = code;
      o.address = address;
      o.postcode = postcode;
      o.commune = commune;
      o.department = department;
      insert(o);
      append_audit(*tx, system, "organisation.create", "organisation", o.id,
                   std::string(role_name(kind)) + " \"" + o.name + "\"");
      return o;
    };
    std::map<Role, Organisation> first_of_kind;
    for (const auto& p : kPartners) {
      if (p.kind == Role::kOperator) {
        for (int k = 0; k < 3; ++k) {
          const auto& op = kOperators[k];
          operators_[k] = partner(Role::kOperator, op.name, op.code, op.address, op.postcode,
                                  op.commune, op.department);
        }
        first_of_kind.emplace(Role::kOperator, operators_[kSfr]);
        continue;
      }
      first_of_kind.emplace(
          p.kind, partner(p.kind, p.name, p.code, p.address, p.postcode, p.commune, p.department));
    }
    logistics_id_ = first_of_kind.at(Role::kLogistics).id;
    std::set<std::string> covered;
    for (auto& o : structures_) {
      insert(o);
      ++summary_.structures;
      summary_.places += *o.capacity;
      covered.insert(*o.department);
    }
    append_audit(*tx, system, "organisation.create", "organisation", std::nullopt,
                 std::to_string(structures_.size()) + " hosting structures in " +
                     std::to_string(covered.size()) + " departments (" +
                     std::to_string(summary_.places) + " places)");
    for (auto& o : associations_) insert(o);
    append_audit(*tx, system, "organisation.create", "organisation", std::nullopt,
                 std::to_string(associations_.size()) + " associations");
    first_of_kind.emplace(Role::kStructure, structures_.front());
    first_of_kind.emplace(Role::kAssociation, associations_.front());

    std::map<Role, Person> people;
    for (const auto& [role, id] : add_demo_accounts(*tx, system, first_of_kind, hashes, opened)) {
      people[role] = {std::string(role_name(role)) + "@demo.relais", id};
    }
    coordinator_ = people.at(Role::kCoordinator);
    logistics_ = people.at(Role::kLogistics);
    liaison_ = people.at(Role::kLiaison);
    home_ = people.at(Role::kStructure);
    each_one_ = people.at(Role::kAssociation);
    sfr_ = people.at(Role::kOperator);
    nobody_ = {"demo", std::nullopt};

    for (int k = 0; k < 3; ++k) {
      const auto& op = kOperators[k];
      const KnownOperator& numbering = *find_french_operator(op.code);
      tx->operators().put_operator_profile(known_profile(operators_[k].id, numbering));
      PlanRecord plan;
      plan.operator_id = operators_[k].id;
      plan.code = op.programme_code;
      plan.name = op.plan_name;
      plan.data_gb = op.data_gb;
      plan.validity_days = kPlanValidityDays;
      plan.calls_sms_included = true;
      plan.unit_cost_cents = op.unit_cost_cents;
      plan.rechargeable = true;
      plan.created_at = opened;
      plan_ids_[k] = tx->operators().insert_plan(plan);
      append_audit(*tx, system, "plan.create", "plan", plan_ids_[k],
                   std::string(op.code) + " " + op.programme_code);
      ProgrammeRecord g{
          0, op.programme_code, op.programme_name, plan_ids_[k], op.programme_code, opened};
      g.id = tx->requests().insert_programme(g);
      programme_ids_[k] = g.id;
      append_audit(*tx, system, "programme.create", "programme", g.id,
                   std::string(op.programme_code) + " (" + op.programme_code + ")");
    }
    tx->commit();
    say("organisations and accounts: " + std::to_string(summary_.organisations));
  }

  const Person& structure_person(int s) const { return s == 0 ? home_ : nobody_; }
  const Person& operator_person(int p) const { return p == kSfr ? sfr_ : nobody_; }

  static std::string with_check_digit(const std::string& body) {
    for (char d = '0'; d <= '9'; ++d) {
      if (luhn_valid(body + d)) return body + d;
    }
    throw Error(ErrorKind::kInternal, "internal_error", {"luhn"});
  }

  // The cards of each operator, batch after batch, as its files would have brought them.
  void write_cards() {
    const Actor system = Actor::system();
    auto tx = store_.begin(store::Mode::kWrite);
    std::int64_t stored = 0;
    for (int p = 0; p < 3; ++p) {
      const auto& op = kOperators[p];
      const KnownOperator& numbering = *find_french_operator(op.code);
      const std::string prefix = numbering.iccid_prefixes.front() + "25";
      const std::string mnc = numbering.mobile_network_codes.front();
      std::int64_t serial = 0;
      for (std::int64_t b = 0; b < batches_[p]; ++b) {
        const std::int64_t quantity =
            cards_[p] / batches_[p] + (b < cards_[p] % batches_[p] ? 1 : 0);
        const int day = 1 + static_cast<int>(b) * 9 + p * 2;
        if (day >= round_day_[0])
          throw std::invalid_argument("too many batches before the first allocation");
        BatchRecord batch;
        batch.operator_id = operators_[p].id;
        batch.plan_id = plan_ids_[p];
        const int month = std::stoi(iso(day * kDay).substr(5, 2)) - 1;
        batch.reference = "Livraison " + std::string(op.name) + " n° " + std::to_string(b + 1) +
                          " — " + kMonths[month] + " 2025 (démo nationale)";
        batch.file_sha256 = sha256_hex("relais national demo " + std::string(op.code) + " " +
                                       std::to_string(b + 1));
        batch.quantity = quantity;
        batch.received_at = iso(office(rng_, day));
        batch.received_by = coordinator_.email;
        batch.id = tx->operators().insert_batch(batch);
        std::vector<SimRecord> cards;
        cards.reserve(static_cast<std::size_t>(quantity));
        for (std::int64_t i = 0; i < quantity; ++i, ++serial) {
          char digits[24];
          SimRecord r;
          std::snprintf(digits, sizeof digits, "%010lld", static_cast<long long>(1000000 + serial));
          r.iccid = with_check_digit(prefix + digits);
          std::snprintf(digits, sizeof digits, "%07lld",
                        static_cast<long long>((serial * 3141593 + 2718281) % 10000000));
          r.msisdn = std::string(op.msisdn_prefix) + digits;
          std::snprintf(digits, sizeof digits, "%010lld", static_cast<long long>(4000000 + serial));
          r.imsi = "208" + mnc + digits;
          std::snprintf(digits, sizeof digits, "%08d", static_cast<int>(rng_.next() % 100000000));
          r.puk_sealed = sealer_.seal(digits, puk_context(r.iccid));
          r.batch_id = batch.id;
          r.state = SimState::kInStock;
          r.updated_at = batch.received_at;
          cards.push_back(std::move(r));
        }
        if (b == batches_[p] - 1) {
          // The newest cards of SFR turn up in parcels by mistake; Orange's are found defective.
          const std::int64_t spare = p == kSfr      ? unexpected_cards_
                                     : p == kOrange ? defective_cards_
                                                    : 0;
          for (std::int64_t k = 0; k < spare && k < quantity; ++k) {
            auto& list = p == kSfr ? unexpected_iccids_ : defective_iccids_;
            list.push_back({cards[static_cast<std::size_t>(quantity - 1 - k)].iccid, batch.id});
          }
        }
        if (!tx->cards().insert_sims(cards).empty()) {
          throw Error(ErrorKind::kInternal, "internal_error", {"demo cards refused"});
        }
        tx->cards().add_state_count(batch.id, SimState::kInStock, quantity);
        append_audit(*tx, system, "sim_batch.import", "sim_batch", batch.id,
                     std::to_string(quantity) + " SIM cards of " + op.name + " (" +
                         op.programme_code + "), reference \"" + batch.reference + "\"");
        stored += quantity;
        summary_.sims += quantity;
      }
    }
    tx->commit();
    say("cards: " + std::to_string(stored));
  }

  void write_requests() {
    const Actor system = Actor::system();
    // In the order they were created, so that ids follow time.
    std::vector<int> order(requests_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return requests_[a].created < requests_[b].created; });
    auto tx = store_.begin(store::Mode::kWrite);
    std::map<std::string, std::int64_t> by_state;
    for (int i : order) {
      PlannedRequest& q = requests_[i];
      const Person& who = structure_person(q.structure);
      RequestRecord r;
      r.programme_id = programme_ids_[q.programme];
      r.structure_id = structures_[q.structure].id;
      r.quantity = q.quantity;
      r.needs = q.needs;
      r.leaflet_languages = q.languages;
      r.comment = q.comment;
      r.state = q.state;
      if (q.approved > 0) r.approved_quantity = q.approved;
      if (q.allocated > 0) r.allocated = q.allocated;
      if (q.fate == Fate::kRejected || q.partial_by_hand) r.decision_reason = q.reason;
      r.created_by = who.email;
      r.created_at = iso(q.created);
      if (q.submitted >= 0) r.submitted_at = iso(q.submitted);
      // The events, oldest first; the last one dates the request.
      std::vector<RequestEventRecord> events;
      std::optional<RequestState> state;  // none before "create"
      // Each step of the workflow by its transition in core; "create" and "allocate" are not
      // transitions people apply, so they say where they lead.
      auto event = [&](std::int64_t at, const Person& by, const char* transition, RequestState to,
                       const std::string& reason) {
        events.push_back({0, 0, iso(at), by.email, transition, state, to, reason});
        state = to;
      };
      auto step = [&](std::int64_t at, const Person& by, const char* transition,
                      const std::string& reason) {
        auto to = state ? next_request_state(*state, transition) : std::nullopt;
        if (!to) {
          throw Error(ErrorKind::kInternal, "internal_error",
                      {std::string("demo request ") + transition});
        }
        event(at, by, transition, *to, reason);
      };
      event(q.created, who, "create", RequestState::kDraft, "");
      if (q.submitted >= 0) step(q.submitted, who, "submit", "");
      if (q.endorsed >= 0) step(q.endorsed, liaison_, "endorse", "");
      if (q.decided >= 0) {
        if (q.fate == Fate::kRejected) {
          step(q.decided, coordinator_, "reject", q.reason);
        } else if (q.partial_by_hand) {
          step(q.decided, coordinator_, "approve_partially", q.reason);
        } else {
          step(q.decided, coordinator_, "approve", "");
        }
      }
      if (q.fate == Fate::kAllocated) {
        const RequestState after = q.partial_by_hand || q.allocated < q.approved
                                       ? RequestState::kPartiallyApproved
                                       : RequestState::kApproved;
        event(allocation_at(q.round), coordinator_, "allocate", after,
              std::to_string(q.allocated) + "/" + std::to_string(q.approved));
        if (q.fulfilled >= 0) step(q.fulfilled, who, "fulfil", "");
      }
      if (q.cancelled >= 0) step(q.cancelled, who, "cancel", q.reason);
      if (state != q.state) {
        throw Error(ErrorKind::kInternal, "internal_error",
                    {"demo request " + std::string(request_state_name(*state)) + " " +
                     std::string(request_state_name(q.state))});
      }
      r.updated_at = events.back().at;
      q.id = tx->requests().insert_request(r);
      for (auto& e : events) {
        e.request_id = q.id;
        tx->requests().insert_request_event(e);
      }
      ++by_state[std::string(request_state_name(q.state))];
    }
    counts_.requests_by_state = by_state;
    std::string states;
    for (const auto& [state, n] : by_state)
      states += (states.empty() ? "" : ", ") + state + " " + std::to_string(n);
    append_audit(*tx, system, "request.create", "request", std::nullopt,
                 std::to_string(requests_.size()) + " requests of the structures: " + states);
    summary_.requests = static_cast<std::int64_t>(requests_.size());
    say("requests: " + std::to_string(requests_.size()));

    // Referrals, in the order the associations made them.
    std::unordered_set<std::string> pseudonyms;
    std::map<std::string, std::int64_t> by_status;
    for (const auto& f : referrals_) {
      ReferralRecord r;
      std::array<unsigned char, 5> bytes{};
      do {
        for (auto& b : bytes) b = static_cast<unsigned char>(rng_.below(256));
        r.pseudonym = format_pseudonym(bytes);
      } while (!pseudonyms.insert(r.pseudonym).second);
      r.association_id = associations_[f.association].id;
      r.structure_id = structures_[f.structure].id;
      r.adults = rng_.chance(700) ? 1 : 2;
      r.children = rng_.chance(550) ? 0 : rng_.between(1, 4);
      const PlannedRequest* q = f.request >= 0 ? &requests_[f.request] : nullptr;
      r.languages = {q && q->languages.size() > 1 ? q->languages[1]
                                                  : kLanguages[rng_.below(kLanguages.size())]};
      if (rng_.chance(400)) r.languages.push_back("fr");
      r.needs = {"keep_in_touch"};
      std::string need(kNeeds[1 + rng_.below(kNeeds.size() - 1)]);
      if (r.children > 0 && rng_.chance(500)) need = "schooling";
      r.needs.push_back(need);
      if (rng_.chance(200)) {
        r.note_sealed = sealer_.seal(kNotes[rng_.below(kNotes.size())], note_context(r.pseudonym));
      }
      r.status = f.status;
      if (q) r.request_id = q->id;
      r.created_by = f.association == 0 ? each_one_.email : nobody_.email;
      r.created_at = iso(f.created);
      r.updated_at = iso(f.updated);
      tx->requests().insert_referral(r);
      ++by_status[f.status];
    }
    std::string statuses;
    for (const auto& [status, n] : by_status)
      statuses += (statuses.empty() ? "" : ", ") + status + " " + std::to_string(n);
    append_audit(*tx, system, "referral.create", "referral", std::nullopt,
                 std::to_string(referrals_.size()) + " referrals by the associations: " + statuses);
    counts_.referrals = static_cast<std::int64_t>(referrals_.size());
    tx->commit();
    say("referrals: " + std::to_string(referrals_.size()));
  }

  // One allocation and what followed it, in one transaction: the cards reserved (in set
  // moves), the parcels made, packed, shipped and confirmed, the cards handed to residents and
  // activated since, the incidents of short parcels.
  void write_round(int r) {
    const auto& ids = round_orders_[r];
    auto tx = store_.begin(store::Mode::kWrite);
    const std::int64_t allocated_at = allocation_at(r);
    // The cards: per plan, oldest batch first and by ICCID, dealt to the requests in order.
    std::array<std::int64_t, 3> need{};
    for (int j : ids) {
      for (int q : orders_[j].requests) need[requests_[q].programme] += requests_[q].allocated;
    }
    std::array<std::vector<store::Reservation>, 3> pool;
    std::array<std::size_t, 3> next{};
    for (int p = 0; p < 3; ++p) {
      if (need[p] == 0) continue;
      pool[p] = tx->cards().in_stock_cards(plan_ids_[p], need[p]);
      if (static_cast<std::int64_t>(pool[p].size()) != need[p]) {
        throw Error(ErrorKind::kInternal, "internal_error", {"demo stock short"});
      }
    }
    std::vector<store::Reservation> chosen;
    std::vector<std::size_t> first_card(ids.size() + 1);  // of each order, in `chosen`
    for (std::size_t k = 0; k < ids.size(); ++k) {
      first_card[k] = chosen.size();
      for (int q : orders_[ids[k]].requests) {
        const PlannedRequest& req = requests_[q];
        for (int c = 0; c < req.allocated; ++c) {
          store::Reservation card = pool[req.programme][next[req.programme]++];
          card.request_id = req.id;
          chosen.push_back(std::move(card));
        }
      }
    }
    first_card[ids.size()] = chosen.size();
    const std::string round_name =
        "allocation " + std::to_string(r + 1) + "/" + std::to_string(size_.rounds);

    // The shipments first: the cards' moves name them.
    std::int64_t made_shipments = 0;
    for (auto& s : shipments_) {
      if (s.round != r) continue;
      ShipmentRecord rec;
      rec.carrier = s.carrier;
      rec.tracking_number = s.tracking;
      rec.logistics_id = logistics_id_;
      rec.state = s.state;
      rec.created_by = logistics_.email;
      rec.created_at = iso(s.created);
      if (s.shipped >= 0) rec.shipped_at = iso(s.shipped);
      if (s.closed >= 0) rec.closed_at = iso(s.closed);
      rec.updated_at = iso(std::max({s.created, s.shipped, s.closed}));
      s.id = tx->shipments().insert_shipment(rec);
      ++made_shipments;
      ++counts_.shipments;
    }

    // The allocation's reservations in one set move, then the parcels one after the other.
    if (tx->cards().reserve_sims(chosen, iso(allocated_at), coordinator_.user,
                                 coordinator_.email) != static_cast<std::int64_t>(chosen.size())) {
      throw Error(ErrorKind::kInternal, "internal_error", {"demo reservation"});
    }
    const std::int64_t reserved = static_cast<std::int64_t>(chosen.size());
    RoundTally tally;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      write_parcel(*tx, r, orders_[ids[k]], &chosen[first_card[k]], tally);
    }
    for (int j : ids) {
      const PlannedOrder& o = orders_[j];
      if (o.shipment >= 0) tx->packing().set_order_shipment(o.id, shipments_[o.shipment].id);
      if (o.outcome == Parcel::kDelivered) {
        tx->packing().set_order_delivered(o.id, iso(o.delivered),
                                          structure_person(o.structure).email);
      }
    }
    for (const auto& [key, delta] : tally.deltas) {
      if (delta != 0) tx->cards().add_state_count(key.first, key.second, delta);
    }
    for (const auto& [state, n] : tally.cards) counts_.sims_by_state[state] += n;

    // The audit log: one event per step of the round.
    std::int64_t served_requests = 0;
    for (int j : ids) served_requests += static_cast<std::int64_t>(orders_[j].requests.size());
    append_audit(*tx, coordinator_actor(), "allocation.apply", "allocation", 0,
                 std::to_string(reserved) + " cards reserved for " +
                     std::to_string(served_requests) + " requests (demo, " + round_name + ")");
    const Actor logistics = person_actor(logistics_, Role::kLogistics);
    append_audit(*tx, logistics, "packing_order.create", "packing_order", std::nullopt,
                 std::to_string(ids.size()) + " parcels of the " + round_name + ": " +
                     listed(tally.parcels));
    append_audit(*tx, logistics, "shipment.create", "shipment", std::nullopt,
                 std::to_string(made_shipments) + " shipments of the " + round_name);
    if (tally.incidents > 0) {
      append_audit(
          *tx, coordinator_actor(), "incident.create", "incident", std::nullopt,
          std::to_string(tally.incidents) + " incidents of delivery checks, " + round_name);
    }
    append_audit(*tx, Actor::system(), "sim.demo_history", "sim", std::nullopt,
                 "cards of the " + round_name + " now " + listed(tally.cards));
    tx->commit();
    say(round_name + ": " + std::to_string(reserved) + " cards, " + std::to_string(ids.size()) +
        " parcels");
  }

  struct RoundTally {
    std::map<std::pair<std::int64_t, SimState>, std::int64_t> deltas;  // counters per batch
    std::map<std::string, std::int64_t> parcels, cards;                // by state, for the audit
    std::int64_t incidents = 0;
  };

  static std::string listed(const std::map<std::string, std::int64_t>& counts) {
    std::string out;
    for (const auto& [state, n] : counts) {
      out += (out.empty() ? "" : ", ") + state + " " + std::to_string(n);
    }
    return out;
  }

  // One parcel: its record, its incidents, and its cards (`cards`, in the order they were
  // dealt), each put in it and moved along its own way: two updates of its row and its events.
  // (Not Packing::assign_cards_to_order, which finds a structure's reserved cards: inside one
  // transaction, PostgreSQL walks every version of every card reserved in it so far, each
  // call a little slower than the last.)
  void write_parcel(store::Transaction& tx, int r, PlannedOrder& o, const store::Reservation* cards,
                    RoundTally& tally) {
    const std::int64_t made = (round_day_[r] + 1) * kDay + 9 * kHour;
    const std::int64_t n = o.cards;
    PackingOrderRecord rec;
    rec.structure_id = structures_[o.structure].id;
    rec.logistics_id = logistics_id_;
    for (int q : o.requests) {
      for (const auto& code : requests_[q].languages) {
        if (std::find(rec.leaflet_languages.begin(), rec.leaflet_languages.end(), code) ==
            rec.leaflet_languages.end()) {
          rec.leaflet_languages.push_back(code);
        }
      }
    }
    rec.state = parcel_state(o);
    rec.delivery_token = random_token(18);
    rec.created_at = iso(made);
    std::int64_t updated = made;
    if (o.packed >= 0) {
      const std::int64_t last_scan = o.packed + (n - 1) * 20;
      if (o.outcome != Parcel::kPacking) rec.packed_at = iso(last_scan + kMinute);
      updated = o.outcome == Parcel::kPacking ? o.packed + (n / 2 - 1) * 20 : last_scan + kMinute;
    }
    const PlannedShipment* s = o.shipment >= 0 ? &shipments_[o.shipment] : nullptr;
    if (s && (o.outcome == Parcel::kLost || o.outcome == Parcel::kReturned)) {
      updated = s->closed;
    } else if (s && s->shipped >= 0) {
      updated = s->shipped;
    }
    rec.updated_at = iso(std::max(updated, o.delivered));
    o.id = tx.packing().insert_packing_order(rec);
    ++tally.parcels[std::string(packing_order_state_name(rec.state))];
    ++counts_.packing_orders;

    // Incidents first: the moves of the cards they settle name them.
    auto incident = [&](IncidentKind kind, const std::string& iccid, bool open,
                        const char* resolution, const std::string& note) {
      IncidentRecord i;
      i.kind = kind;
      i.iccid = iccid;
      i.packing_order_id = o.id;
      i.structure_id = rec.structure_id;
      i.state = open ? IncidentState::kOpen : IncidentState::kResolved;
      i.created_by = structure_person(o.structure).email;
      i.created_at = iso(o.delivered);
      if (!open) {
        i.resolution = resolution;
        i.note = note;
        i.resolved_by = coordinator_.email;
        i.resolved_at = iso(o.resolved);
      }
      ++tally.incidents;
      ++counts_.incidents;
      return tx.shipments().insert_incident(i);
    };
    const std::int64_t missing_at =
        o.missing != Missing::kNone
            ? static_cast<std::int64_t>(offset_in_order(o, o.missing_request))
            : n;
    std::int64_t missing_incident = 0;
    if (o.missing != Missing::kNone) {
      missing_incident =
          incident(IncidentKind::kMissingSim, cards[missing_at].iccid, o.missing == Missing::kOpen,
                   o.missing == Missing::kLost ? "lost" : "found",
                   o.missing == Missing::kLost ? "Carte introuvable, déclarée perdue."
                                               : "Carte retrouvée au fond du colis.");
    }
    if (o.unexpected) {
      if (unexpected_used_ >= unexpected_iccids_.size()) {
        throw Error(ErrorKind::kInternal, "internal_error", {"demo unexpected card"});
      }
      incident(IncidentKind::kUnexpectedSim, unexpected_iccids_[unexpected_used_++].first,
               r == size_.rounds - 2, "set_aside",
               "Carte du stock glissée par erreur, renvoyée à la coordination.");
    }

    const Person& structure = structure_person(o.structure);
    for (std::int64_t c = 0; c < n; ++c) {
      const store::Reservation& card = cards[c];
      SimState state = SimState::kReserved;
      std::optional<std::int64_t> holder;
      std::vector<CardMove> moves;
      auto move = [&](const char* transition, std::int64_t at, const Person& who,
                      std::string reason) {
        state = *next_sim_state(state, transition);
        moves.push_back({transition, at, &who, std::move(reason)});
      };
      const bool packed =
          o.outcome != Parcel::kOpen && (o.outcome != Parcel::kPacking || c < n / 2);
      if (packed) move("pack", o.packed + c * 20, logistics_, packing_reference(o.id));
      if (s && s->shipped >= 0) {
        move("ship", s->shipped, logistics_,
             "#" + std::to_string(s->id) + " " + s->carrier + " " + s->tracking);
        if (o.outcome == Parcel::kLost) {
          move("declare_lost", s->closed, coordinator_, "Colis déclaré perdu par le transporteur.");
        } else if (o.outcome == Parcel::kReturned) {
          move("return", s->closed, logistics_, "Adresse incomplète, retour à l'expéditeur.");
        } else if (o.outcome == Parcel::kDelivered) {
          std::int64_t arrived = o.delivered;
          if (c == missing_at) {
            // Not in the parcel: still on its way while the incident is open, then lost or
            // found as the coordinator resolved it.
            const std::string note = "#" + std::to_string(missing_incident);
            arrived = -1;
            if (o.missing == Missing::kLost) move("declare_lost", o.resolved, coordinator_, note);
            if (o.missing == Missing::kFound) {
              arrived = o.resolved;
              move("deliver", arrived, coordinator_, note);
            }
          } else {
            move("deliver", arrived, structure, packing_reference(o.id));
          }
          if (arrived >= 0) {
            holder = rec.structure_id;
            live(moves, state, holder, arrived, programme_of_card(o, static_cast<std::size_t>(c)),
                 structure);
          }
        }
      }
      // The counters, the card's own row, then its events.
      ++tally.deltas[{card.batch_id, state}];
      --tally.deltas[{card.batch_id, SimState::kInStock}];
      ++tally.cards[std::string(sim_state_name(state))];
      tx.cards().set_card_destination(card.iccid, card.request_id, o.id);
      if (moves.empty()) continue;
      tx.cards().update_sim_state(card.iccid, state, holder, iso(moves.back().at));
      SimState from = SimState::kReserved;
      for (const auto& m : moves) {
        const SimState to = *next_sim_state(from, m.transition);
        tx.cards().insert_sim_event({0, card.iccid, iso(m.at), m.who->user, m.who->email,
                                     m.transition, std::string(sim_state_name(from)),
                                     std::string(sim_state_name(to)), m.reason});
        from = to;
      }
    }
  }

  // A card's life at its structure: handed to a resident, activated by the operator, then
  // suspended, expired and terminated for some; a few damaged, sent back or lost on the way.
  void live(std::vector<CardMove>& moves, SimState& state, std::optional<std::int64_t>& holder,
            std::int64_t arrived, int programme, const Person& structure) {
    auto move = [&](const char* transition, std::int64_t at, const Person& who,
                    std::string reason) {
      if (at >= kNow) return false;
      state = *next_sim_state(state, transition);
      moves.push_back({transition, at, &who, std::move(reason)});
      return true;
    };
    const Person& op = operator_person(programme);
    // Where the card is meant to end; the first cards that can go there take each of the rarer
    // ends, so that every state has cards whatever the size.
    SimState end = SimState::kActive;
    const int roll = rng_.below(1000);
    if (roll < 120) {
      end = SimState::kAtStructure;
    } else if (roll < 135) {
      end = SimState::kDefective;
    } else if (roll < 140) {
      end = SimState::kReturned;
    } else if (roll < 240) {
      end = SimState::kHandedOver;
    } else if (roll < 250) {
      end = SimState::kLost;
    }
    const std::int64_t handed = later(rng_, arrived, 6 * kHour, 14 * kDay);
    const std::int64_t active = later(rng_, handed, kHour, 2 * kDay);
    const std::int64_t expiry = active + kPlanValidityDays * kDay;
    const std::int64_t ended = later(rng_, expiry, 10 * kDay, 30 * kDay);
    const std::int64_t paused = later(rng_, active, 5 * kDay, 60 * kDay);
    if (end == SimState::kActive) {
      if (expiry < kNow && rng_.chance(250)) {
        end = rng_.chance(300) ? SimState::kTerminated : SimState::kExpired;
      } else if (rng_.chance(80)) {
        end = SimState::kSuspended;
      }
    }
    for (SimState rare : {SimState::kDefective, SimState::kReturned, SimState::kLost,
                          SimState::kSuspended, SimState::kExpired, SimState::kTerminated}) {
      const bool fits = rare == SimState::kTerminated ? ended < kNow
                        : rare == SimState::kExpired  ? expiry < kNow
                                                      : paused < kNow;
      if (!made_ends_.count(rare) && fits) {
        end = rare;
        break;
      }
    }
    if (end == SimState::kAtStructure) return;
    if (end == SimState::kDefective || end == SimState::kReturned) {
      const bool defective = end == SimState::kDefective;
      const bool done = defective
                            ? move("declare_defective", later(rng_, arrived, kDay, 20 * kDay),
                                   structure, "Carte abîmée, ne s'allume pas.")
                            : move("return", later(rng_, arrived, 2 * kDay, 30 * kDay), structure,
                                   "Résident parti, carte renvoyée à la coordination.");
      if (done && !defective) holder.reset();
      if (done) made_ends_.insert(end);
      return;
    }
    if (!move("hand_over", handed, structure, "Remise à un résident.")) return;
    if (end == SimState::kHandedOver) return;
    if (end == SimState::kLost) {
      if (move("declare_lost", later(rng_, handed, kDay, 20 * kDay), structure,
               "Perdue par le résident.")) {
        made_ends_.insert(end);
      }
      return;
    }
    if (!move("activate", active, op, iso_date(active))) return;
    if (end == SimState::kSuspended) {
      if (move("suspend", paused, op, iso_date(paused))) made_ends_.insert(end);
    } else if (end == SimState::kExpired || end == SimState::kTerminated) {
      if (move("expire", expiry, op, iso_date(expiry)) && end == SimState::kExpired) {
        made_ends_.insert(end);
      }
      if (end == SimState::kTerminated && move("terminate", ended, op, iso_date(ended))) {
        made_ends_.insert(end);
      }
    }
  }

  // The programme of the request card `c` of a parcel was dealt to.
  int programme_of_card(const PlannedOrder& o, std::size_t c) const {
    std::size_t seen = 0;
    for (int q : o.requests) {
      seen += static_cast<std::size_t>(requests_[q].allocated);
      if (c < seen) return requests_[q].programme;
    }
    return requests_[o.requests.back()].programme;
  }

  // Where the first card of request `q` is in its parcel's cards.
  std::size_t offset_in_order(const PlannedOrder& o, int q) const {
    std::size_t at = 0;
    for (int other : o.requests) {
      if (other == q) return at;
      at += static_cast<std::size_t>(requests_[other].allocated);
    }
    throw Error(ErrorKind::kInternal, "internal_error", {"demo parcel request"});
  }

  static PackingOrderState parcel_state(const PlannedOrder& o) {
    switch (o.outcome) {
      case Parcel::kOpen:
      case Parcel::kPacking:
        return PackingOrderState::kOpen;
      case Parcel::kPacked:
      case Parcel::kPrepared:
        return PackingOrderState::kPacked;
      case Parcel::kShipped:
        return PackingOrderState::kShipped;
      case Parcel::kDelivered:
        return PackingOrderState::kDelivered;
      case Parcel::kLost:
        return PackingOrderState::kLost;
      case Parcel::kReturned:
        return PackingOrderState::kReturned;
    }
    return PackingOrderState::kOpen;
  }

  Actor person_actor(const Person& p, Role role) const {
    Actor a;
    a.user_id = p.user.value_or(0);
    a.email = p.email;
    a.role = role;
    return a;
  }
  Actor coordinator_actor() const { return person_actor(coordinator_, Role::kCoordinator); }

  // A few cards of the stock found defective by the operator; then the programme is named.
  void finish() {
    auto tx = store_.begin(store::Mode::kWrite);
    std::map<std::int64_t, std::int64_t> per_batch;
    const std::int64_t at = office(rng_, kNowDay - 1);
    for (const auto& [iccid, batch] : defective_iccids_) {
      auto sim = tx->cards().sim(iccid);
      if (!sim || sim->state != SimState::kInStock) continue;
      tx->cards().update_sim_state(iccid, SimState::kDefective, std::nullopt, iso(at));
      tx->cards().insert_sim_event({0, iccid, iso(at), coordinator_.user, coordinator_.email,
                                    "declare_defective", "in_stock", "defective",
                                    "Lot défectueux signalé par Orange."});
      ++per_batch[batch];
    }
    std::int64_t defective = 0;
    for (const auto& [batch, n] : per_batch) {
      tx->cards().add_state_count(batch, SimState::kInStock, -n);
      tx->cards().add_state_count(batch, SimState::kDefective, n);
      defective += n;
    }
    counts_.sims_by_state[std::string(sim_state_name(SimState::kDefective))] += defective;
    std::int64_t out_of_stock = 0;
    for (const auto& [state, n] : counts_.sims_by_state) out_of_stock += n;
    counts_.sims_by_state[std::string(sim_state_name(SimState::kInStock))] =
        summary_.sims - out_of_stock;
    append_audit(*tx, coordinator_actor(), "sim.declare_defective", "sim", std::nullopt,
                 std::to_string(defective) + " cards of the stock found defective");
    // Named last: an interrupted demo is not taken for a whole one (`relais demo` refuses it).
    tx->put_setting("programme_name", kNationalDemoProgramme);
    tx->commit();
    summary_.accounts = demo_accounts(store_);
    say("done");
  }

  store::Store& store_;
  const Sealer& sealer_;
  const NationalDemoSize size_;
  const std::function<void(const std::string&)>& progress_;
  Rng rng_;
  std::chrono::steady_clock::time_point started_;

  std::vector<int> round_day_;
  std::vector<Commune> all_towns_;
  std::vector<Organisation> structures_;
  std::vector<std::int64_t> capacity_cumulative_;
  std::int64_t capacity_total_ = 0;
  std::vector<Organisation> associations_;
  std::vector<PlannedRequest> requests_;
  std::vector<PlannedOrder> orders_;
  std::vector<std::vector<int>> round_orders_;
  std::vector<PlannedShipment> shipments_;
  std::vector<PlannedReferral> referrals_;

  std::array<std::int64_t, 3> cards_{}, batches_{}, plan_ids_{}, programme_ids_{};
  std::array<Organisation, 3> operators_;
  std::int64_t logistics_id_ = 0;
  std::int64_t unexpected_cards_ = 0, defective_cards_ = 0;
  std::vector<std::pair<std::string, std::int64_t>> unexpected_iccids_, defective_iccids_;
  std::size_t unexpected_used_ = 0;
  std::set<SimState> made_ends_;  // the rarer ends of a card's life, made at least once
  bool made_lost_ = false, made_found_ = false, made_set_aside_ = false,
       made_unexpected_open_ = false;
  Person coordinator_, logistics_, liaison_, home_, each_one_, sfr_, nobody_;

  DemoSummary summary_;
  NationalDemoCounts counts_;
};

}  // namespace

DemoSummary create_national_demo(store::Store& store, const Sealer& sealer,
                                 const NationalDemoSize& size,
                                 const std::function<void(const std::string&)>& progress,
                                 NationalDemoCounts* counts) {
  if (size.rounds < 5 || size.rounds > 10) throw std::invalid_argument("rounds: 5 to 10");
  if (size.structures < 10) throw std::invalid_argument("structures: at least 10");
  if (size.requests < 200) throw std::invalid_argument("requests: at least 200");
  if (size.associations < 1) throw std::invalid_argument("associations: at least 1");
  {
    // Refused before the planning, which takes a few seconds at full size.
    auto tx = store.begin(store::Mode::kRead);
    if (tx->holds_data()) throw Error(ErrorKind::kConflict, "database_not_empty");
  }
  NationalDemo demo(store, sealer, size, progress);
  return demo.run(counts);
}

}  // namespace relais::app
