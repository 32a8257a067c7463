// The demo's year of history (issue 13): a second programme, "Connexion solidaire", that ran
// from a year ago to now, so that its results (the funnel month by month, lead times, the map,
// households and languages, what the lines changed, the budget against what was spent) show
// something real. 3,200 cards received a year ago; every four weeks, a dozen structures asked
// for cards, their parcels were packed, shipped and delivered; residents received their lines,
// the operator activated them, the programme topped some up, and structures recorded follow-up
// surveys (with a few testimonies whose authors consented to publication).
//
// Written with the moves and records the use cases write, dated in the past, in one transaction
// per round. Deterministic but for what must be random (sealed PUKs, tokens, pseudonyms).
#include <algorithm>
#include <array>
#include <cstdio>

#include "app/audit.hpp"
#include "app/clock.hpp"
#include "app/crypto.hpp"
#include "app/demo.hpp"
#include "app/demo_data.hpp"
#include "app/sims.hpp"
#include "app/use_case_helpers.hpp"
#include "core/line.hpp"
#include "core/resident.hpp"
#include "core/sim_lifecycle.hpp"
#include "store/store.hpp"

namespace relais::app {
namespace {

using demo_data::Rng;

constexpr int kHistoryCards = 3200;
constexpr int kRounds = 13;           // every four weeks over a year
constexpr int kStructuresPerRound = 14;
constexpr std::int64_t kCardPriceCents = 1200;
constexpr int kValidityDays = 30;

std::string at_days(Clock::time_point start, double days) {
  return iso_utc(start + std::chrono::minutes(static_cast<std::int64_t>(days * 24 * 60)));
}

// Words of people who agreed to their publication (fr, en, ar in translation).
constexpr std::array<std::pair<const char*, const char*>, 10> kTestimonies = {{
    {"fr", "Avec ce téléphone, j’ai pu appeler ma mère pour la première fois depuis six mois."},
    {"fr", "J’ai reçu l’appel pour mon rendez-vous à la préfecture, sinon je l’aurais manqué."},
    {"fr", "Mes enfants suivent l’école à distance grâce à la connexion."},
    {"en", "I found a job in a restaurant because the employer could call me back."},
    {"fr", "Je prends mes rendez-vous médicaux moi-même maintenant."},
    {"en", "The line helped me follow my French lessons online every evening."},
    {"fr", "Je peux parler avec mon avocat et envoyer les documents demandés."},
    {"en", "Being able to call my family changed everything for us."},
    {"fr", "J’ai pu m’inscrire à une formation de cariste."},
    {"fr", "Merci, nous ne sommes plus isolés au centre."},
}};

// The languages people speak first, about as often as among those the network hosts.
constexpr std::array<std::pair<const char*, int>, 14> kLanguages = {{{"ar", 190}, {"prs", 160},
                                                                    {"ps", 120}, {"ti", 90},
                                                                    {"so", 70}, {"fa", 60},
                                                                    {"uk", 60}, {"ru", 50},
                                                                    {"ka", 40}, {"bn", 40},
                                                                    {"ur", 40}, {"am", 30},
                                                                    {"sq", 30}, {"en", 20}}};

std::string language_of(Rng& rng) {
  int roll = rng.below(1000);
  for (const auto& [code, per_mille] : kLanguages) {
    if (roll < per_mille) return code;
    roll -= per_mille;
  }
  return "ar";
}

}  // namespace

void demo_history(store::Store& store, const Sealer& sealer) {
  const Actor system = Actor::system();
  const Clock::time_point now = Clock::now();
  const Clock::time_point start = now - std::chrono::days(365);
  Rng rng(2026);

  std::vector<Organisation> structures;
  Organisation sfr, logistics;
  std::int64_t programme_id = 0;
  {
    auto tx = store.begin(store::Mode::kWrite);
    store::OrganisationQuery q;
    q.kind = Role::kStructure;
    q.limit = 500;
    structures = tx->accounts().organisations(q).items;
    q.kind = Role::kOperator;
    sfr = tx->accounts().organisations(q).items.at(0);
    q.kind = Role::kLogistics;
    logistics = tx->accounts().organisations(q).items.at(0);
    PlanRecord plan;
    plan.operator_id = sfr.id;
    plan.code = "CS-2026";
    plan.name = "Connexion solidaire — appels, SMS et 20 Go";
    plan.data_gb = 20;
    plan.validity_days = kValidityDays;
    plan.calls_sms_included = true;
    plan.unit_cost_cents = kCardPriceCents;
    plan.rechargeable = true;
    plan.created_at = at_days(start, -10);
    plan.id = tx->operators().insert_plan(plan);
    ProgrammeRecord g;
    g.code = "CS-2026";
    g.name = "Connexion solidaire 2026";
    g.plan_id = plan.id;
    g.created_at = at_days(start, -10);
    g.helpline = "01 84 60 00 00";
    g.topup_budget_cents = 5'000'000;
    programme_id = tx->requests().insert_programme(g);
    // What it may cost and who pays: the state funder 70 % of everything, an endowment fund
    // the devices; what Relais does not see happen (devices, training, coordination) entered.
    tx->results().replace_budget(
        programme_id,
        {{"cards", 3'840'000, std::nullopt},
         {"shipping", 400'000, std::nullopt},
         {"devices", 2'000'000, 1'450'000},
         {"training", 800'000, 520'000},
         {"coordination", 1'500'000, 1'100'000}},
        {{0, "DIAIR — Délégation interministérielle à l'accueil et à l'intégration des réfugiés",
          std::nullopt, std::nullopt, 7000, std::nullopt},
         {0, "Fonds de dotation Connexion solidaire (démo)", std::nullopt,
          std::string("devices"), std::nullopt, 1'500'000}});
    tx->results().set_programme_profile(
        programme_id, {3000, at_days(start, 0).substr(0, 10), at_days(now, 60).substr(0, 10),
                       "FR-RNA-W751234567-CS2026", "FR-RNA-W751234567"});
    for (auto c : tx->shipments().carriers()) {
      c.parcel_price_cents = c.code == "COLISSIMO" ? 890 : c.code == "CHRONOPOST" ? 1490 : 1990;
      tx->shipments().put_carrier(c);
    }
    append_audit(*tx, system, "programme.create", "programme", programme_id,
                 "CS-2026, a year of demo history");
    tx->commit();
  }
  auto batch = import_sim_batch(store, sealer, system,
                                {"SFR", "CS-2026", "Livraison SFR — Connexion solidaire (démo)",
                                 demo_sim_file(kHistoryCards, {3400000, "07", 65000000, 3, 7400000, 2026}), at_days(start, 0)});

  std::vector<SimRecord> stock;
  {
    auto tx = store.begin(store::Mode::kRead);
    store::SimQuery q;
    q.batch_id = batch.batch.id;
    q.limit = kHistoryCards;
    stock = tx->cards().sims(q).items;
  }
  std::size_t next_card = 0;
  int testimony = 0;
  for (int round = 0; round < kRounds && next_card < stock.size(); ++round) {
    const double day = 3 + 28.0 * round;  // the allocation's day, from the start
    auto tx = store.begin(store::Mode::kWrite);
    const std::string created = at_days(start, day - 6);
    ShipmentRecord shipment;
    shipment.carrier = round % 5 == 4 ? "CHRONOPOST" : "COLISSIMO";
    char tracking[24];
    std::snprintf(tracking, sizeof tracking, "6A%011d", 40000000 + round);
    shipment.tracking_number = tracking;
    shipment.logistics_id = logistics.id;
    shipment.state = ShipmentState::kDelivered;
    shipment.created_by = logistics.name;
    shipment.created_at = at_days(start, day + 1.5);
    shipment.shipped_at = at_days(start, day + 2);
    shipment.closed_at = at_days(start, day + 6);
    shipment.updated_at = *shipment.closed_at;
    shipment.parcel_price_cents = round % 5 == 4 ? 1490 : 890;
    shipment.id = tx->shipments().insert_shipment(shipment);
    std::vector<std::size_t> picked;
    while (picked.size() < kStructuresPerRound) {
      const auto s = static_cast<std::size_t>(rng.below(static_cast<int>(structures.size())));
      if (std::find(picked.begin(), picked.end(), s) == picked.end()) picked.push_back(s);
    }
    for (std::size_t s : picked) {
      const Organisation& structure = structures[s];
      const int quantity = rng.between(8, 28);
      if (next_card + quantity > stock.size()) break;
      const double asked = day - rng.between(3, 9);
      RequestRecord r;
      r.programme_id = programme_id;
      r.structure_id = structure.id;
      r.quantity = quantity;
      r.needs = {{"keep_in_touch", quantity}};
      r.leaflet_languages = {"fr", "ar", "prs"};
      r.state = RequestState::kFulfilled;
      r.approved_quantity = quantity;
      r.allocated = quantity;
      r.created_by = structure.name;
      r.created_at = at_days(start, asked - 1);
      r.submitted_at = at_days(start, asked);
      r.updated_at = at_days(start, day + 6);
      r.id = tx->requests().insert_request(r);
      const std::pair<const char*, RequestState> steps[] = {{"submit", RequestState::kSubmitted},
                                                            {"approve", RequestState::kApproved},
                                                            {"fulfil", RequestState::kFulfilled}};
      RequestState from = RequestState::kDraft;
      const std::string at_step[] = {*r.submitted_at, at_days(start, day - 1),
                                     at_days(start, day + 6)};
      for (int k = 0; k < 3; ++k) {
        tx->requests().insert_request_event(
            {0, r.id, at_step[k], k == 0 ? structure.name : "coordinator@demo.relais",
             steps[k].first, from, steps[k].second, ""});
        from = steps[k].second;
      }
      PackingOrderRecord o;
      o.structure_id = structure.id;
      o.logistics_id = logistics.id;
      o.leaflet_languages = r.leaflet_languages;
      o.state = PackingOrderState::kDelivered;
      o.delivery_token = random_token(24);
      o.created_at = at_days(start, day);
      o.packed_at = at_days(start, day + 1);
      o.updated_at = at_days(start, day + 4);
      o.id = tx->packing().insert_packing_order(o);
      tx->packing().set_order_shipment(o.id, shipment.id);
      const double delivered = day + 3 + rng.below(30) / 10.0;
      tx->packing().set_order_delivered(o.id, at_days(start, delivered), structure.name);

      for (int n = 0; n < quantity; ++n) {
        SimRecord card = stock[next_card++];
        auto step = [&](const char* transition, std::optional<std::int64_t> holder, double at,
                        const std::string& why) {
          move_sim(*tx, system, card, transition, holder, why, at_days(start, at));
          card.state = *next_sim_state(card.state, transition);
          card.holder_id = holder;
        };
        tx->cards().set_card_destination(card.iccid, r.id, o.id);
        step("reserve", std::nullopt, day, "demande de " + structure.name);
        step("pack", std::nullopt, day + 1, "colis préparé par " + logistics.name);
        step("ship", std::nullopt, day + 2, "colis expédié");
        if (rng.chance(4)) {
          step("declare_lost", std::nullopt, day + 12, "absente du colis");
          continue;
        }
        step("deliver", structure.id, delivered, "colis reçu");
        // Most cards go to someone within three weeks; the last round's are still arriving.
        const double handed = delivered + 0.2 + rng.below(210) / 10.0;
        if (rng.chance(70) || at_days(start, handed) >= iso_utc(now)) continue;
        ResidentRecord person;
        person.pseudonym = new_pseudonym(*tx);
        person.structure_id = structure.id;
        const int size_roll = rng.below(100);
        person.household_size = size_roll < 38 ? 1 : size_roll < 55 ? 2 : size_roll < 70 ? 3
                                : size_roll < 82 ? 4 : rng.between(5, 8);
        person.children = person.household_size > 2 ? person.household_size - 2 : 0;
        person.languages = {language_of(rng)};
        if (rng.chance(300)) person.languages.push_back("fr");
        person.needs = {"keep_in_touch"};
        if (person.children > 0) person.needs.push_back("schooling");
        person.created_by = structure.name;
        person.created_at = person.updated_at = at_days(start, handed - 0.1);
        person.id = tx->residents().insert_resident(person);
        ConsentRecord c;
        c.resident_id = person.id;
        c.purpose = "line";
        c.method = rng.chance(500) ? "written" : "oral";
        c.notice_version = std::string(kNoticeVersion);
        c.notice_language = person.languages.front();
        c.given_at = at_days(start, handed - 0.05);
        c.status = "given";
        tx->residents().insert_consent(c);
        const bool surveyed_ok = rng.chance(700);
        if (surveyed_ok) {
          c.purpose = "follow_up";
          tx->residents().insert_consent(c);
        }
        step("hand_over", structure.id, handed, "");
        HandoverRecord h;
        h.resident_id = person.id;
        h.iccid = card.iccid;
        h.programme_id = programme_id;
        h.structure_id = structure.id;
        h.handed_over_at = at_days(start, handed);
        h.ends_at = at_days(start, handed + kValidityDays);
        h.id = tx->residents().insert_handover(h);
        const double activated = handed + 0.04 + rng.below(460) / 10.0 / 24.0 * 2.0;
        if (rng.chance(40) || at_days(start, activated) >= iso_utc(now)) continue;
        step("activate", structure.id, activated, at_days(start, activated).substr(0, 10));
        // The programme tops up two lines in five, month after month, for a while.
        double ends = activated + kValidityDays;
        if (rng.chance(400)) {
          const int months = rng.between(1, 6);
          for (int m = 0; m < months && at_days(start, ends - 2) < iso_utc(now); ++m) {
            TopupRecord t;
            t.handover_id = h.id;
            t.iccid = card.iccid;
            t.programme_id = programme_id;
            t.structure_id = structure.id;
            t.operator_id = sfr.id;
            t.cost_cents = kCardPriceCents;
            t.validity_days = kValidityDays;
            t.status = "confirmed";
            t.requested_at = at_days(start, ends - 5);
            t.decided_at = at_days(start, ends - 4);
            t.confirmed_at = at_days(start, ends - 2);
            tx->lines().insert_topup(t);
            ends += kValidityDays;
          }
        }
        tx->lines().set_lines_dates({{h.id, at_days(start, activated), at_days(start, ends)}});
        if (at_days(start, ends) < iso_utc(now) && rng.chance(600)) {
          step("expire", structure.id, ends + 1, at_days(start, ends + 1).substr(0, 10));
        }
        // The follow-up survey, a month or so after the handover.
        const double surveyed = handed + 30 + rng.below(15);
        if (!surveyed_ok || at_days(start, surveyed) >= iso_utc(now) || !rng.chance(800)) continue;
        FollowUpRecord f;
        f.resident_id = person.id;
        f.handover_id = h.id;
        f.structure_id = structure.id;
        f.programme_id = programme_id;
        f.recorded_at = at_days(start, surveyed);
        f.language = rng.chance(600) ? "fr" : person.languages.front();
        const std::array<std::pair<const char*, int>, 6> uses = {
            {{"family", 860}, {"job_search", 340}, {"training", 290},
             {"schooling", person.children > 0 ? 620 : 40}, {"procedures", 610}, {"health", 450}}};
        for (const auto& [use, per_mille] : uses) {
          if (rng.chance(per_mille)) f.uses.push_back(use);
        }
        f.still_used = rng.chance(810);
        const int score = rng.below(100);
        f.satisfaction = score < 46 ? 5 : score < 80 ? 4 : score < 92 ? 3 : score < 97 ? 2 : 1;
        std::string answers = "{\"uses\":[";
        for (std::size_t u = 0; u < f.uses.size(); ++u) {
          answers += (u ? ",\"" : "\"") + f.uses[u] + "\"";
        }
        answers += "],\"still_used\":" + std::string(*f.still_used ? "true" : "false") +
                   ",\"satisfaction\":" + std::to_string(*f.satisfaction);
        if (rng.chance(70)) {
          const auto& [language, text] = kTestimonies[testimony++ % kTestimonies.size()];
          c.purpose = "testimony";
          tx->residents().insert_consent(c);
          f.testimony = text;
          f.language = language;
          answers += ",\"testimony\":\"" + std::string(text) + "\"";
        }
        f.answers = answers + "}";
        tx->lines().insert_follow_up(f);
      }
    }
    append_audit(*tx, system, "sim.demo_history", "programme", programme_id,
                 "round " + std::to_string(round + 1) + " of the demo's year");
    tx->commit();
  }
}

}  // namespace relais::app
