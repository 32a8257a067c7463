#include "app/demo.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include "app/allocation.hpp"
#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/demo_data.hpp"
#include "app/packing.hpp"
#include "app/programmes.hpp"
#include "app/referrals.hpp"
#include "app/requests.hpp"
#include "app/residents.hpp"
#include "app/use_case_helpers.hpp"
#include "app/shipments.hpp"
#include "app/sims.hpp"
#include "core/csv.hpp"
#include "core/department.hpp"
#include "core/error.hpp"
#include "core/operators.hpp"
#include "core/resident.hpp"
#include "core/sim_identifiers.hpp"
#include "core/sim_lifecycle.hpp"

namespace relais {
namespace app {

using namespace demo_data;

std::string demo_sim_file(int count, const DemoNumbering& numbering) {
  std::string text = "iccid;msisdn;imsi;puk\n";
  Rng rng(numbering.seed);
  for (int i = 0; i < count; ++i) {
    char serial[16];
    std::snprintf(serial, sizeof serial, "%010d", numbering.first_serial + i);
    std::string body = std::string("89331020") + serial;
    int check = 0;
    for (int d = 0; d < 10 && check == 0; ++d) {
      if (luhn_valid(body + static_cast<char>('0' + d))) check = d + 1;
    }
    std::string iccid = body + static_cast<char>('0' + check - 1);
    char msisdn[16], imsi[20], puk[12];
    std::snprintf(msisdn, sizeof msisdn, "%s%08d", numbering.mobile_prefix,
                  numbering.first_number + i * numbering.number_step);
    std::snprintf(imsi, sizeof imsi, "20810%010d", numbering.first_imsi + i);
    std::snprintf(puk, sizeof puk, "%08d", static_cast<int>(rng.next() % 100000000));
    text += iccid + ";" + msisdn + ";" + imsi + ";" + puk + "\n";
  }
  return text;
}

DemoSummary create_demo(store::Store& store, const Sealer& sealer, bool history) {
  const Actor system = Actor::system();
  const std::string now = now_iso();
  Rng rng(2020);

  // Choose the structures' communes before taking the write lock.
  std::vector<Commune> all_towns = towns();
  std::map<std::string, std::vector<const Commune*>> by_region;
  std::vector<const Commune*> everywhere;
  for (const auto& c : all_towns) {
    auto d = find_department(c.department);
    if (!d) continue;
    by_region[d->region_code].push_back(&c);
    everywhere.push_back(&c);
  }
  constexpr int kStructures = 120;
  std::vector<const Commune*> sites;
  for (const auto& [region, pool] : by_region) sites.push_back(&pick_weighted(pool, rng));
  while (static_cast<int>(sites.size()) < kStructures)
    sites.push_back(&pick_weighted(everywhere, rng));

  // Hash the seven passwords outside the write transaction too.
  const std::vector<std::string> hashes = demo_password_hashes();

  auto tx = store.begin(store::Mode::kWrite);
  if (tx->holds_data()) throw Error(ErrorKind::kConflict, "database_not_empty");
  append_audit(*tx, system, "programme.create", "programme", std::nullopt, kDemoProgramme);

  DemoSummary summary;
  auto insert = [&](Organisation org) {
    org.created_at = org.updated_at = now;
    org.id = tx->accounts().insert_organisation(org);
    append_audit(*tx, system, "organisation.create", "organisation", org.id,
                 std::string(role_name(org.kind)) + " \"" + org.name + "\"");
    ++summary.organisations;
    return org;
  };

  std::map<Role, Organisation> first_of_kind;
  for (const auto& p : kPartners) {
    Organisation o;
    o.kind = p.kind;
    o.name = p.name;
    if (p.code) o.code = p.code;
    o.address = p.address;
    o.postcode = p.postcode;
    o.commune = p.commune;
    o.department = p.department;
    first_of_kind.emplace(p.kind, insert(o));
  }

  std::set<std::pair<std::string, std::string>> names;
  for (const Commune* site : sites) {
    int roll = rng.below(100);
    const TypeMix* mix = &kTypes.back();
    for (const auto& t : kTypes) {
      if (roll < t.weight) {
        mix = &t;
        break;
      }
      roll -= t.weight;
    }
    Organisation o;
    o.kind = Role::kStructure;
    o.structure_type = mix->type;
    o.capacity = rng.between(mix->min_places, mix->max_places);
    std::string label = std::string(mix->type) == "other" ? "Centre d'hébergement" : mix->type;
    std::string base = label + " " + kManagers[rng.below(kManagers.size())] + " " + site->name;
    o.name = base;
    for (int n = 2; names.count({o.name, site->name}); ++n) o.name = base + " " + std::to_string(n);
    names.insert({o.name, site->name});
    o.address = std::to_string(rng.between(1, 180)) + " " + kStreets[rng.below(kStreets.size())];
    o.postcode = site->postcode;
    o.commune = site->name;
    o.department = site->department;
    Organisation saved = insert(o);
    first_of_kind.emplace(Role::kStructure, saved);
    ++summary.structures;
    summary.places += *saved.capacity;
  }

  for (const auto& a : kAssociations) {
    Organisation o;
    o.kind = Role::kAssociation;
    o.name = a.name;
    o.postcode = a.postcode;
    o.commune = a.commune;
    o.department = a.department;
    first_of_kind.emplace(Role::kAssociation, insert(o));
  }

  add_demo_accounts(*tx, system, first_of_kind, hashes, now);
  const Organisation& sfr = first_of_kind.at(Role::kOperator);
  const KnownOperator& numbering = *find_french_operator("SFR");
  tx->operators().put_operator_profile(known_profile(sfr.id, numbering));
  PlanRecord plan;
  plan.operator_id = sfr.id;
  plan.code = "CU-2020";
  plan.name = "Connexion d'Urgence — appels, SMS et 10 Go";
  plan.data_gb = 10;
  plan.validity_days = 90;
  plan.calls_sms_included = true;
  plan.unit_cost_cents = 1000;
  plan.rechargeable = true;
  plan.created_at = now;
  plan.id = tx->operators().insert_plan(plan);
  append_audit(*tx, system, "plan.create", "plan", plan.id, "SFR CU-2020");
  tx->commit();

  const std::string file = demo_sim_file(2500, {});
  auto batch = import_sim_batch(
      store, sealer, system,
      {"SFR", "CU-2020", "Livraison SFR — avril 2020 (démo)", file, "2020-04-03T09:00:00Z"});
  summary.sims = batch.batch.quantity;

  // A living operation: the last 40 cards went to the demo structure in April 2020; residents
  // received 34 of them, the operator activated 30, suspended 2 and one card was lost in transit.
  {
    const Organisation& home = first_of_kind.at(Role::kStructure);
    auto moves = store.begin(store::Mode::kWrite);
    store::SimQuery all;
    all.limit = 2500;
    auto everything = moves->cards().sims(all).items;
    std::vector<SimRecord> cards(everything.end() - 40, everything.end());
    for (std::size_t n = 0; n < cards.size(); ++n) {
      SimRecord card = cards[n];
      auto step = [&](const char* transition, std::optional<std::int64_t> holder,
                      const std::string& at, const std::string& why) {
        move_sim(*moves, system, card, transition, holder, why, at);
        card.state = *next_sim_state(card.state, transition);
        card.holder_id = holder;
      };
      step("reserve", std::nullopt, "2020-04-06T09:00:00Z", "demande de " + home.name);
      step("pack", std::nullopt, "2020-04-08T14:00:00Z", "colis préparé par ARES");
      step("ship", std::nullopt, "2020-04-09T10:00:00Z", "colis expédié");
      if (n == 39) {
        step("declare_lost", std::nullopt, "2020-04-20T10:00:00Z", "absente du colis");
        continue;
      }
      step("deliver", home.id, "2020-04-11T11:00:00Z", "colis reçu");
      if (n >= 34) continue;
      // The card's event names no one (its operator reads it): the handover says to whom
      // (demo_residents).
      step("hand_over", home.id, "2020-04-14T15:00:00Z", "");
      if (n >= 30) continue;
      step("activate", home.id, "2020-04-15T08:00:00Z", "2020-04-15");
      if (n >= 28)
        step("suspend", home.id, "2020-06-01T08:00:00Z", "2020-06-01");
    }
    append_audit(*moves, system, "sim.demo_history", "sim_batch", batch.batch.id,
                 "40 demo cards moved to " + home.name);
    moves->commit();
  }
  demo_needs(store, sealer, first_of_kind.at(Role::kStructure));
  if (history) demo_history(store, sealer);
  {
    // Named last: an interrupted demo is not taken for a whole one (`relais demo` refuses it).
    auto last = store.begin(store::Mode::kWrite);
    last->put_setting("programme_name", kDemoProgramme);
    last->commit();
  }
  summary.accounts = demo_accounts(store);
  return summary;
}

Actor demo_actor(store::Store& store, Role role, std::int64_t organisation_id) {
  Actor a;
  a.role = role;
  a.organisation_id = organisation_id;
  auto tx = store.begin(store::Mode::kRead);
  auto u = tx->accounts().user_by_email(std::string(role_name(role)) + "@demo.relais");
  if (u && u->organisation_id == organisation_id) {
    a.user_id = u->id;
    a.email = u->email;
    a.name = u->name;
  } else {
    a.email = "demo";  // a structure without a demo account
  }
  return a;
}

// The needs side of a living operation: referrals in every status and requests in every state,
// one allocation already applied and a request fulfilled, two approved requests waiting for the
// next allocation (so a newcomer can preview and apply one).
void demo_needs(store::Store& store, const Sealer& sealer, const Organisation& home) {
  const Actor system = Actor::system();
  create_programme(store, system, "CU-2020", "Connexion d'Urgence 2020", "SFR", "CU-2020",
                   "01 84 60 00 00");
  std::vector<Organisation> structures;
  std::int64_t association_id = 0;
  {
    auto tx = store.begin(store::Mode::kRead);
    store::OrganisationQuery q;
    q.kind = Role::kStructure;
    q.limit = 200;
    for (auto& o : tx->accounts().organisations(q).items) {
      if (o.id != home.id && o.capacity && *o.capacity >= 60) structures.push_back(o);
    }
    std::sort(structures.begin(), structures.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    // The referrals come from the demo association's account.
    association_id = tx->accounts().user_by_email("association@demo.relais")->organisation_id;
  }
  const Actor association = demo_actor(store, Role::kAssociation, association_id);
  const Actor coordinator = demo_actor(store, Role::kCoordinator, 1);
  auto liaison_org = [&] {
    auto tx = store.begin(store::Mode::kRead);
    return tx->accounts().user_by_email("liaison@demo.relais")->organisation_id;
  }();
  const Actor liaison = demo_actor(store, Role::kLiaison, liaison_org);

  struct Person {
    int adults, children;
    std::vector<std::string> languages, needs;
    const char* note;
  };
  const std::vector<Person> people = {
      {1, 2, {"prs", "fr"}, {"keep_in_touch", "schooling"}, "Joignable le matin."},
      {2, 0, {"ar"}, {"job_search", "administrative"}, ""},
      {1, 0, {"ti", "en"}, {"keep_in_touch", "language_course"}, ""},
      {2, 3, {"ps"}, {"schooling", "administrative"}, "Préfère un rendez-vous avec interprète."},
      {1, 1, {"so"}, {"keep_in_touch"}, ""},
      {1, 0, {"uk", "ru"}, {"job_search", "training"}, ""},
      {2, 1, {"ka", "ru"}, {"administrative", "schooling"}, ""},
      {1, 0, {"bn", "en"}, {"language_course"}, ""},
      {1, 0, {"ur"}, {"keep_in_touch", "job_search"}, ""},
      {2, 2, {"sq"}, {"schooling"}, ""},
      {1, 0, {"tr"}, {"training", "job_search"}, ""},
      {1, 0, {"es", "pt"}, {"administrative"}, ""},
  };
  // Referrals: 0-1 to the demo structure, to be linked to its draft; 2-4 to it, left open;
  // 5 to it, closed; 6-7 to the structure whose request is fulfilled; 8-9 to the submitted
  // request's structure; 10-11 to other structures, open.
  const std::vector<const Organisation*> sent_to = {
      &home,           &home,           &home,           &home,
      &home,           &home,           &structures[6],  &structures[6],
      &structures[0],  &structures[0],  &structures[10], &structures[11]};
  std::vector<std::int64_t> referral_ids;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    auto v = create_referral(store, sealer, association,
                             {sent_to[i]->id, p.adults, p.children, p.languages, p.needs, p.note});
    referral_ids.push_back(v.referral.id);
  }
  close_referral(store, sealer, association, referral_ids[5]);

  auto as_structure = [&](const Organisation& s) {
    return demo_actor(store, Role::kStructure, s.id);
  };
  auto ask = [&](const Organisation& s, long long quantity,
                 std::vector<std::pair<std::string, long long>> needs,
                 std::vector<std::string> languages, std::string comment,
                 std::vector<std::int64_t> referrals = {}) {
    RequestInput in;
    in.programme = "CU-2020";
    in.draft = {quantity, std::move(needs), std::move(languages), std::move(comment)};
    in.referral_ids = std::move(referrals);
    return create_request(store, as_structure(s), in).request.id;
  };
  auto move = [&](const Actor& who, std::int64_t id, const char* transition,
                  const std::string& reason = "", std::optional<long long> quantity = {}) {
    apply_request_transition(store, who, id, transition, reason, quantity);
  };

  // The demo structure: a draft with two referrals, and a request served by the allocation
  // below (its cards reserved, waiting for packing).
  ask(home, 6, {{"keep_in_touch", 4}, {"schooling", 2}}, {"prs", "ar", "fr"},
      "Nouvelles arrivées prévues en fin de mois.", {referral_ids[0], referral_ids[1]});
  const auto home_served = ask(home, 12, {{"keep_in_touch", 8}, {"job_search", 3}},
                               {"fr", "ar", "prs"}, "");
  move(as_structure(home), home_served, "submit");
  move(coordinator, home_served, "approve");
  // A fulfilled request, with its two referrals served.
  const auto fulfilled = ask(structures[6], 20, {{"keep_in_touch", 12}, {"training", 5}},
                             {"fr", "ar", "ti"}, "", {referral_ids[6], referral_ids[7]});
  move(as_structure(structures[6]), fulfilled, "submit");
  move(liaison, fulfilled, "endorse");
  move(coordinator, fulfilled, "approve");
  apply_allocation(store, coordinator, std::nullopt);

  // Waiting for a decision: submitted (with two referrals), endorsed.
  const auto submitted = ask(structures[0], 25, {{"keep_in_touch", 15}, {"language_course", 6}},
                             {"fr", "ps", "prs"}, "", {referral_ids[8], referral_ids[9]});
  move(as_structure(structures[0]), submitted, "submit");
  const auto endorsed = ask(structures[1], 30, {{"job_search", 10}, {"schooling", 6}},
                            {"fr", "so", "ti"}, "Beaucoup de familles avec enfants.");
  move(as_structure(structures[1]), endorsed, "submit");
  move(liaison, endorsed, "endorse");
  // Decided, waiting for the next allocation: approved, approved in part by hand.
  const auto approved = ask(structures[2], 40, {{"keep_in_touch", 30}, {"training", 8}},
                            {"fr", "ar", "uk"}, "");
  move(as_structure(structures[2]), approved, "submit");
  const auto partial = ask(structures[3], 50, {{"keep_in_touch", 20}, {"schooling", 12}},
                           {"fr", "ru", "ka"}, "");
  move(as_structure(structures[3]), partial, "submit");
  move(liaison, partial, "endorse");
  // Closed without cards: rejected (reason required), cancelled.
  const auto rejected = ask(structures[4], 15, {{"keep_in_touch", 15}}, {"fr", "en"}, "");
  move(as_structure(structures[4]), rejected, "submit");
  move(coordinator, rejected, "reject", "Structure déjà équipée par un autre programme.");
  const auto cancelled = ask(structures[5], 10, {{"administrative", 4}}, {"fr"}, "");
  move(as_structure(structures[5]), cancelled, "submit");
  move(as_structure(structures[5]), cancelled, "cancel", "Besoin couvert par la mairie.");

  // Five more structures served by a second allocation: their parcels end in every state.
  std::vector<Organisation> shipped_to(structures.begin() + 7, structures.begin() + 12);
  for (std::size_t k = 0; k < shipped_to.size(); ++k) {
    const auto id = ask(shipped_to[k], static_cast<long long>(6 + k),
                        {{"keep_in_touch", static_cast<long long>(4 + k)}}, {"fr", "ar"}, "");
    move(as_structure(shipped_to[k]), id, "submit");
    move(coordinator, id, "approve");
  }
  apply_allocation(store, coordinator, std::nullopt);
  demo_parcels(store, home, structures[6], shipped_to);

  // Decided, waiting for the next allocation: approved, approved in part by hand.
  move(coordinator, approved, "approve");
  move(coordinator, partial, "approve_partially",
       "La moitié de la demande en attendant la prochaine livraison.", 25);

  demo_residents(store, sealer, home, structures, referral_ids);
  demo_lines(store, home);
}

void demo_residents(store::Store& store, const Sealer& sealer, const Organisation& home,
                    const std::vector<Organisation>& structures,
                    const std::vector<std::int64_t>& referral_ids) {
  const Actor at_home = demo_actor(store, Role::kStructure, home.id);
  // The 34 residents who received the demo structure's cards in April 2020, as its staff
  // recorded them: pseudonyms, households, languages, needs; a first name and a number for
  // some (sealed, bound to their row); consent to the line (oral, witnessed, or written), to the
  // follow-up for some; their lines, running for the plan's validity from today (the programme
  // keeps them topped up).
  {
    static constexpr std::array<const char*, 12> kLanguages = {"ar", "prs", "ps", "ti", "so", "fa",
                                                              "uk", "ru", "ka", "bn", "ur", "am"};
    static constexpr std::array<const char*, 6> kNames = {"Amina", "Yonas", "Farid",
                                                          "Olena", "Hodan", "Nino"};
    auto tx = store.begin(store::Mode::kWrite);
    const auto programme = tx->requests().programme_by_code("CU-2020");
    std::int64_t validity = 0;
    for (const auto& p : tx->operators().plans()) {
      if (p.id == programme->plan_id) validity = p.validity_days;
    }
    const std::string ends = iso_utc(Clock::now() + std::chrono::hours(24) * validity);
    std::vector<SimRecord> handed;
    for (SimState st : {SimState::kHandedOver, SimState::kActive, SimState::kSuspended}) {
      store::SimQuery q;
      q.holder_id = home.id;
      q.state = st;
      q.limit = 100;
      for (auto& c : tx->cards().sims(q).items) handed.push_back(std::move(c));
    }
    std::sort(handed.begin(), handed.end(),
              [](const SimRecord& a, const SimRecord& b) { return a.iccid < b.iccid; });
    for (std::size_t n = 0; n < handed.size(); ++n) {
      ResidentRecord r;
      r.pseudonym = new_pseudonym(*tx);
      r.structure_id = home.id;
      r.household_size = 1 + static_cast<int>(n % 5);
      r.children = r.household_size > 2 ? r.household_size - 2 : 0;
      r.languages = {kLanguages[n % kLanguages.size()]};
      if (n % 3 == 0) r.languages.push_back("fr");
      r.needs = {n % 2 ? "job_search" : "keep_in_touch"};
      if (r.children > 0) r.needs.push_back("schooling");
      r.created_by = at_home.email;
      r.created_at = r.updated_at = "2020-04-10T10:00:00Z";
      r.id = tx->residents().insert_resident(r);
      if (n % 4 == 0) {
        char contact[16];
        std::snprintf(contact, sizeof contact, "+336120%05d", static_cast<int>(n));
        tx->residents().set_sealed_fields(
            r.id, sealer.seal(kNames[(n / 4) % kNames.size()], first_name_context(r.id)),
            n % 8 == 0 ? std::optional(sealer.seal(contact, contact_context(r.id))) : std::nullopt);
      }
      ConsentRecord c;
      c.resident_id = r.id;
      c.purpose = "line";
      c.method = n % 2 ? "written" : "oral";
      c.notice_version = std::string(kNoticeVersion);
      c.notice_language = r.languages.front();
      if (at_home.user_id) c.recorded_by = at_home.user_id;
      if (c.method == "oral") c.witness_user_id = c.recorded_by;
      c.given_at = "2020-04-14T14:30:00Z";
      c.status = "given";
      tx->residents().insert_consent(c);
      if (n % 5 == 0) {
        c.purpose = "follow_up";
        const std::int64_t id = tx->residents().insert_consent(c);
        // One person changed their mind about the follow-up.
        if (n == 5) tx->residents().end_consent(id, "withdrawn", "2020-06-02T10:00:00Z", c.recorded_by);
      }
      HandoverRecord h;
      h.resident_id = r.id;
      h.iccid = handed[n].iccid;
      h.programme_id = programme->id;
      h.structure_id = home.id;
      h.handed_over_at = "2020-04-14T15:00:00Z";
      h.handed_over_by = c.recorded_by;
      h.ends_at = ends;
      tx->residents().insert_handover(h);
    }
    append_audit(*tx, Actor::system(), "resident.demo_history", "organisation", home.id,
                 std::to_string(handed.size()) + " residents holding a line at " + home.name);
    tx->commit();
  }
  // Today: people waiting for a line at the demo structure (one through a referral, with its
  // pseudonym; one whose consent is still to be asked; one erased at their request) and at
  // another structure.
  const auto waiting = create_resident(store, sealer, at_home,
                                       {2, 1, referral_ids[3], {"ti", "en"}, {"keep_in_touch"},
                                        std::nullopt, std::nullopt});
  give_consent(store, at_home, waiting.resident.id, {"line", "oral", "ti"});
  create_resident(store, sealer, at_home,
                  {1, 0, std::nullopt, {"ps"}, {"administrative"}, "Gul", std::nullopt});
  const auto left = create_resident(store, sealer, at_home,
                                    {3, 1, std::nullopt, {"sq"}, {"schooling"}, "Arben",
                                     "06 12 00 00 99"});
  erase_resident(store, sealer, at_home, left.resident.id);
  const Actor elsewhere = demo_actor(store, Role::kStructure, structures[0].id);
  const auto other = create_resident(store, sealer, elsewhere,
                                     {4, 2, std::nullopt, {"uk", "ru"}, {"schooling", "job_search"},
                                      std::nullopt, std::nullopt});
  give_consent(store, elsewhere, other.resident.id, {"line", "written", "uk"});
  give_consent(store, elsewhere, other.resident.id, {"follow_up", "written", "uk"});
  create_resident(store, sealer, elsewhere,
                  {1, 0, std::nullopt, {"fa"}, {"training"}, std::nullopt, std::nullopt});
}

void demo_parcels(store::Store& store, const Organisation& home, const Organisation& served,
                  const std::vector<Organisation>& others) {
  const Actor coordinator = demo_actor(store, Role::kCoordinator, 1);
  std::int64_t logistics_org = 0;
  {
    auto tx = store.begin(store::Mode::kRead);
    logistics_org = tx->accounts().user_by_email("logistics@demo.relais")->organisation_id;
  }
  const Actor logistics = demo_actor(store, Role::kLogistics, logistics_org);
  auto orders = create_packing_orders(store, coordinator, logistics_org).made;
  auto order_of = [&](const Organisation& s) {
    for (const auto& o : orders) {
      if (o.structure_id == s.id) return o;
    }
    throw Error(ErrorKind::kInternal, "internal_error", {"demo parcel of " + s.name});
  };
  auto pack_all = [&](const PackingOrderRecord& o) {
    for (const auto& card : get_packing_order(store, logistics, o.id).cards) {
      scan_card(store, logistics, o.id, card.iccid);
    }
    close_packing_order(store, logistics, o.id);
  };
  auto ship = [&](const PackingOrderRecord& o, const char* carrier, const char* tracking) {
    auto s = create_shipment(store, logistics, carrier, tracking, {o.id});
    apply_shipment_transition(store, logistics, s.shipment.id, "ship", "");
    return s.shipment.id;
  };
  auto receiver = [&](const Organisation& s) { return demo_actor(store, Role::kStructure, s.id); };

  // The demo structure's parcel waits at the packing station (nothing scanned yet).
  (void)order_of(home);
  // Delivered whole: confirmed by count; the request is served.
  const auto whole = order_of(served);
  pack_all(whole);
  ship(whole, "COLISSIMO", "6A20200410001");
  confirm_delivery(store, receiver(served), whole.delivery_token, whole.total, std::nullopt);
  // Packed, in a shipment prepared but not gone.
  const auto prepared = order_of(others[0]);
  pack_all(prepared);
  create_shipment(store, logistics, "CHRONOPOST", "XY123456789FR", {prepared.id});
  // On the road.
  const auto on_road = order_of(others[1]);
  pack_all(on_road);
  ship(on_road, "COLISSIMO", "6A20200415002");
  // Delivered with a card missing and a card that was not sent: the structure scanned what it
  // received; the missing card's incident waits for the coordinator, who has already set the
  // unexpected one aside.
  const auto short_parcel = order_of(others[2]);
  pack_all(short_parcel);
  ship(short_parcel, "COLISSIMO", "6A20200415003");
  std::vector<std::string> received;
  for (const auto& c : get_packing_order(store, logistics, short_parcel.id).cards) {
    received.push_back(c.iccid);
  }
  received.pop_back();
  {
    auto tx = store.begin(store::Mode::kRead);
    received.push_back(tx->cards().in_stock_cards(1, 1).at(0).iccid);  // a card from the stock
  }
  auto short_view = confirm_delivery(store, receiver(others[2]), short_parcel.delivery_token,
                                     std::nullopt, received);
  for (const auto& i : short_view.incidents) {
    if (i.kind == IncidentKind::kUnexpectedSim) {
      resolve_incident(store, coordinator, i.id, "set_aside",
                       "Carte du stock glissée par erreur, renvoyée à la coordination.");
    }
  }
  // Lost by the carrier.
  const auto lost = order_of(others[3]);
  pack_all(lost);
  const auto lost_shipment = ship(lost, "DHL", "1234567890");
  apply_shipment_transition(store, coordinator, lost_shipment, "declare_lost",
                            "Colis déclaré perdu par le transporteur.");
  // Returned to the sender (wrong address).
  const auto back = order_of(others[4]);
  pack_all(back);
  const auto back_shipment = ship(back, "COLISSIMO", "6A20200415005");
  apply_shipment_transition(store, logistics, back_shipment, "return",
                            "Adresse incomplète, retour à l'expéditeur.");
}

DemoState demo_state(store::Store& store) {
  auto tx = store.begin(store::Mode::kRead);
  if (!tx->holds_data()) return DemoState::kEmpty;
  const auto name = tx->setting("programme_name");
  if (name == std::optional<std::string>(kDemoProgramme)) return DemoState::kDemo;
  if (name == std::optional<std::string>(kNationalDemoProgramme)) return DemoState::kNationalDemo;
  return DemoState::kOtherData;
}

std::vector<DemoAccount> demo_accounts(store::Store& store) {
  std::vector<DemoAccount> out;
  auto tx = store.begin(store::Mode::kRead);
  for (Role role : kAllRoles) {
    auto u = tx->accounts().user_by_email(std::string(role_name(role)) + "@demo.relais");
    if (u) out.push_back({u->email, std::string(role_name(role)), u->organisation_name});
  }
  return out;
}

namespace demo_data {

std::vector<std::string> demo_password_hashes() {
  std::vector<std::string> hashes;
  for (std::size_t i = 0; i < kPeople.size(); ++i) hashes.push_back(hash_password(kDemoPassword));
  return hashes;
}

std::map<Role, std::int64_t> add_demo_accounts(store::Transaction& tx, const Actor& system,
                                               const std::map<Role, Organisation>& first_of_kind,
                                               const std::vector<std::string>& hashes,
                                               const std::string& at) {
  std::map<Role, std::int64_t> ids;
  std::size_t i = 0;
  for (Role role : kAllRoles) {
    const Organisation& org = first_of_kind.at(role);
    UserRecord u;
    u.organisation_id = org.id;
    u.organisation_name = org.name;
    u.email = std::string(role_name(role)) + "@demo.relais";
    u.name = kPeople[i];
    u.role = role;
    u.password_hash = hashes[i++];
    u.created_at = at;
    u.id = tx.accounts().insert_user(u);
    ids[role] = u.id;
    append_audit(tx, system, "user.create", "user", u.id,
                 u.email + " (" + std::string(role_name(role)) + ") in \"" + org.name + "\"");
  }
  return ids;
}

}  // namespace demo_data

}  // namespace app
}  // namespace relais
